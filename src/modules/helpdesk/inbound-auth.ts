import { authenticate, type DNSResolver } from 'mailauth';
import type { Config } from '../../config.ts';

/** What the relay knows of the SMTP session (for SPF), passed along with the message when it can. */
export interface Envelope {
  /** IP address of the client that delivered the message. */
  ip?: string;
  /** MAIL FROM address. */
  sender?: string;
}

export interface SenderCheck {
  /** The From: domain is vouched for: DMARC pass, an aligned DKIM signature, or an aligned SPF pass. */
  authenticated: boolean;
  /** How it was decided, for the triage note and the log (`dkim=pass header.d=mairie.fr`, `none`…). */
  method: string;
}

export interface MailAuthOptions {
  /** DNS lookups (DKIM keys, SPF, DMARC); defaults to the system resolver. */
  resolver?: DNSResolver;
  envelope?: Envelope;
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Relaxed alignment: the same domain, or one a subdomain of the other. */
function aligned(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/\.$/, '');
  const y = b.toLowerCase().replace(/\.$/, '');
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/** The header's fields unfolded (`Authentication-Results`), top first: the relay adds its own on top. */
function headerValues(raw: string, name: string): string[] {
  const end = raw.search(/\r?\n\r?\n/);
  const head = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const prefix = `${name.toLowerCase()}:`;
  return head
    .split(/\r?\n/)
    .filter((line) => line.toLowerCase().startsWith(prefix))
    .map((line) => line.slice(prefix.length).trim());
}

/**
 * The verdict of the trusted relay: its topmost `Authentication-Results` header with its authserv-id
 * (RFC 8601; the relay removes any such header that came with the message). Pass when DMARC passed, or a DKIM
 * signature of the From: domain passed.
 */
export function relayVerdict(raw: string, authservId: string, fromDomain: string): SenderCheck {
  const header = headerValues(raw, 'Authentication-Results').find((v) => v.split(';')[0]!.trim().split(/\s+/)[0]!.toLowerCase() === authservId.toLowerCase());
  if (!header) return { authenticated: false, method: `aucun en-tête Authentication-Results de ${authservId}` };
  const results = header.split(';').slice(1).map((r) => r.replace(/\([^)]*\)/g, ' ').trim());
  const passed = (method: string) => results.filter((r) => new RegExp(`^${method}\\s*=\\s*pass\\b`, 'i').test(r));
  if (passed('dmarc').length > 0) return { authenticated: true, method: `${authservId}: dmarc=pass` };
  const dkim = passed('dkim').find((r) => {
    const d = /\bheader\.d\s*=\s*([^\s;]+)/i.exec(r)?.[1] ?? /\bheader\.i\s*=\s*[^\s;@]*@([^\s;]+)/i.exec(r)?.[1];
    return d !== undefined && aligned(d, fromDomain);
  });
  if (dkim) return { authenticated: true, method: `${authservId}: dkim=pass` };
  return { authenticated: false, method: `${authservId}: ni dmarc=pass ni dkim=pass pour ${fromDomain}` };
}

/**
 * Whether the message really comes from the domain of its From: address. With INBOUND_TRUST_AUTH_RESULTS,
 * the relay's verdict; otherwise checked here: DKIM signatures, SPF when the relay passed the envelope, DMARC.
 */
export async function checkSender(raw: Buffer | string, from: string, config: Pick<Config, 'INBOUND_TRUST_AUTH_RESULTS'>, opts: MailAuthOptions = {}): Promise<SenderCheck> {
  const fromDomain = domainOf(from);
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  // Two From: fields: which one a reader shows is anyone's guess, so neither is vouched for.
  if (headerValues(text, 'From').length !== 1) return { authenticated: false, method: 'plusieurs en-têtes From' };
  if (config.INBOUND_TRUST_AUTH_RESULTS) return relayVerdict(text, config.INBOUND_TRUST_AUTH_RESULTS, fromDomain);
  const result = await authenticate(raw, {
    resolver: opts.resolver,
    ip: opts.envelope?.ip,
    sender: opts.envelope?.sender,
    mta: 'mutualis',
    disableArc: true,
    disableBimi: true,
  });
  if (result.dmarc && result.dmarc.status.result === 'pass') return { authenticated: true, method: 'dmarc=pass' };
  const dkim = result.dkim.results.find((r) => r.status.result === 'pass' && r.status.aligned && aligned(r.signingDomain, fromDomain));
  if (dkim) return { authenticated: true, method: `dkim=pass header.d=${dkim.signingDomain}` };
  if (opts.envelope?.ip && result.spf && result.spf.status.result === 'pass' && aligned(result.spf.domain, fromDomain)) {
    return { authenticated: true, method: `spf=pass smtp.mailfrom=${result.spf.domain}` };
  }
  return { authenticated: false, method: `dkim=${result.dkim.results[0]?.status.result ?? 'none'}` };
}
