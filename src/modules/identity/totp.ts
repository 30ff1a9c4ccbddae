import { randomBytes } from 'node:crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Clock, Ctx } from '../../platform/context.ts';
import { inTransaction } from '../../platform/db/tx.ts';
import { audit } from '../../platform/audit/index.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.ts';
import { users } from './schema.ts';
import { sha256 } from './links.ts';
import { totpRequired } from './sessions.ts';
import { verifyPassword } from './passwords.ts';
import { sessionActor } from './account-security.ts';

const RECOVERY_CODE_COUNT = 10;

function totpFor(secret: string, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

const PERIOD_MS = 30_000;

/**
 * The 30-second step of the code, when it is the current one or a neighbour (±30 s, to forgive clock
 * drift); null when it matches none.
 */
export function totpStep(secret: string, code: string, clock: Clock): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const now = clock.now().getTime();
  const delta = totpFor(secret, 'x', 'x').validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / PERIOD_MS) + delta;
}


const normaliseRecovery = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');

function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(6).toString('hex');
    return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
  });
  return { codes, hashes: codes.map((c) => sha256(normaliseRecovery(c))) };
}

/** The signed-in user's row; an API token never reaches a second factor's settings. */
async function currentUser(ctx: Ctx) {
  const actor = sessionActor(ctx);
  const [user] = await ctx.db.select().from(users).where(eq(users.id, actor.userId));
  if (!user) throw new NotFound();
  return user;
}

/**
 * Starts (or resumes) the enrolment: a secret kept aside until confirmed by a first code. Returns what the
 * page shows: the otpauth URI as a QR code (SVG, as a data URI: no script needed) and the secret for typing.
 */
export async function startTotpEnrolment(ctx: Ctx): Promise<{ secret: string; uri: string; qrDataUri: string }> {
  const user = await currentUser(ctx);
  if (user.totpEnabledAt) throw new Conflict('La double authentification est déjà activée.');
  let secret = user.totpSecret;
  if (!secret) {
    secret = new Secret({ size: 20 }).base32;
    await ctx.db.update(users).set({ totpSecret: secret, updatedAt: ctx.clock.now() }).where(eq(users.id, user.id));
  }
  const uri = totpFor(secret, user.email, ctx.config.SYNDICATE_NAME).toString();
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` };
}

/** Confirms the enrolment with a first code; returns the recovery codes, shown once. Audited. */
export async function confirmTotp(ctx: Ctx, code: string): Promise<string[]> {
  const user = await currentUser(ctx);
  if (user.totpEnabledAt) throw new Conflict('La double authentification est déjà activée.');
  const step = user.totpSecret ? totpStep(user.totpSecret, code, ctx.clock) : null;
  if (step === null) {
    throw new Invalid('Code incorrect.', { code: 'Code incorrect : saisissez les 6 chiffres affichés par votre application.' });
  }
  const { codes, hashes } = newRecoveryCodes();
  await inTransaction(ctx, async (tx) => {
    await tx.db.update(users).set({ totpEnabledAt: tx.clock.now(), totpLastStep: step, recoveryCodeHashes: hashes, updatedAt: tx.clock.now() }).where(eq(users.id, user.id));
    await audit(tx, { action: 'totp.enable', entity: 'user', entityId: user.id, organisationId: user.organisationId });
  });
  return codes;
}

/** New recovery codes replace the old ones. Audited. */
export async function regenerateRecoveryCodes(ctx: Ctx): Promise<string[]> {
  const user = await currentUser(ctx);
  if (!user.totpEnabledAt) throw new Conflict('La double authentification n’est pas activée.');
  const { codes, hashes } = newRecoveryCodes();
  await inTransaction(ctx, async (tx) => {
    await tx.db.update(users).set({ recoveryCodeHashes: hashes, updatedAt: tx.clock.now() }).where(eq(users.id, user.id));
    await audit(tx, { action: 'totp.recovery_codes', entity: 'user', entityId: user.id, organisationId: user.organisationId });
  });
  return codes;
}

/** Turns the second factor off (password required); refused where it is mandatory. Audited. */
export async function disableTotp(ctx: Ctx, password: string): Promise<void> {
  const user = await currentUser(ctx);
  const actor = ctx.actor!;
  if (totpRequired(ctx.config, actor.side, actor.roles)) throw new Forbidden('La double authentification est obligatoire pour votre rôle.');
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    throw new Invalid('Mot de passe incorrect.', { password: 'Mot de passe incorrect.' });
  }
  await inTransaction(ctx, async (tx) => {
    await tx.db.update(users).set({ totpSecret: null, totpEnabledAt: null, recoveryCodeHashes: [], updatedAt: tx.clock.now() }).where(eq(users.id, user.id));
    await audit(tx, { action: 'totp.disable', entity: 'user', entityId: user.id, organisationId: user.organisationId });
  });
}

/** Checks a second factor at sign-in: a TOTP code not used before, or a recovery code (then spent). */
export async function checkSecondFactor(
  ctx: Pick<Ctx, 'db' | 'clock'>,
  user: { id: string; totpSecret: string | null; recoveryCodeHashes: string[] },
  code: string,
): Promise<'totp' | 'recovery' | null> {
  const step = user.totpSecret ? totpStep(user.totpSecret, code, ctx.clock) : null;
  if (step !== null) {
    // Spent atomically: a code seen by a shoulder or a proxy cannot open a second session in its window.
    const spent = await ctx.db
      .update(users)
      .set({ totpLastStep: step })
      .where(and(eq(users.id, user.id), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .returning({ id: users.id });
    return spent.length > 0 ? 'totp' : null;
  }
  const hash = sha256(normaliseRecovery(code));
  if (!user.recoveryCodeHashes.includes(hash)) return null;
  await ctx.db
    .update(users)
    .set({ recoveryCodeHashes: user.recoveryCodeHashes.filter((h) => h !== hash) })
    .where(eq(users.id, user.id));
  return 'recovery';
}
