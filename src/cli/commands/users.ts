import { eq, or } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { createApiToken, createUser, systemActor, users } from '../../modules/identity/index.ts';
import { organisations } from '../../modules/members/index.ts';
import type { Ctx } from '../../platform/context.ts';
import { bootstrapInstance } from '../bootstrap.ts';
import { withDatabase } from '../database.ts';
import { CliError, EXIT, readAllStdin, type CliIo } from '../io.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `--org` accepts the organisation's id, INSEE code, SIREN, exact name, or `syndicat`. */
async function resolveOrganisation(ctx: Ctx, ref: string): Promise<string> {
  const where =
    ref === 'syndicat'
      ? eq(organisations.kind, 'syndicate')
      : UUID.test(ref)
        ? eq(organisations.id, ref)
        : or(eq(organisations.inseeCode, ref), eq(organisations.siren, ref), eq(organisations.name, ref));
  const found = await ctx.db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(where).limit(2);
  if (found.length === 0) throw new CliError(`Organisation introuvable : ${ref}`);
  if (found.length > 1) throw new CliError(`Plusieurs organisations répondent à « ${ref} » : donnez son identifiant ou son code INSEE.`);
  return found[0]!.id;
}

export interface UserCreateArgs {
  email?: string;
  name?: string;
  role?: string;
  org?: string;
  passwordStdin?: boolean;
}

/**
 * `mutualis user create`: through the identity module's own use case, as the command-line administrator.
 * Without --password-stdin an invitation link is e-mailed (and printed).
 */
export async function userCreateCommand(config: Config, io: CliIo, args: UserCreateArgs): Promise<number> {
  const missing = (['email', 'name', 'role', 'org'] as const).filter((k) => !args[k]);
  if (missing.length > 0) throw new CliError(`Options manquantes : ${missing.map((m) => `--${m}`).join(', ')}`, EXIT.usage);
  // Read before opening the database: a password piped in is never echoed nor passed on the command line.
  const password = args.passwordStdin ? (await readAllStdin(io.stdin)).replace(/\r?\n$/, '') : undefined;
  await withDatabase(config, 'user create', { migrate: true }, async ({ ctx }) => {
    await bootstrapInstance(ctx, io);
    const actorCtx: Ctx = { ...ctx, actor: await systemActor(ctx) };
    const organisationId = await resolveOrganisation(actorCtx, args.org!);
    const roles = args.role!.split(',').map((r) => r.trim()).filter(Boolean);
    const user = await createUser(actorCtx, { organisationId, email: args.email!, name: args.name!, roles, password });
    io.out(`Compte créé : ${user.email} (${user.id})\n`);
    if (user.invitationUrl) io.out(`Lien d'invitation envoyé (valable 7 jours) : ${user.invitationUrl}\n`);
  });
  return EXIT.ok;
}

export interface TokenCreateArgs {
  email?: string;
  scopes?: string;
  name?: string;
  days?: string;
}

/** `mutualis token create`: prints the API token once on standard output (only its hash is kept). */
export async function tokenCreateCommand(config: Config, io: CliIo, args: TokenCreateArgs): Promise<number> {
  if (!args.email || !args.scopes) throw new CliError('Options manquantes : --email et --scopes (ex. --scopes "*" ou members.read,members.manage)', EXIT.usage);
  const days = args.days === undefined ? undefined : Number(args.days);
  await withDatabase(config, 'token create', { migrate: true }, async ({ ctx }) => {
    await bootstrapInstance(ctx, io);
    const [user] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, args.email!.trim().toLowerCase()));
    if (!user) throw new CliError(`Aucun compte avec l'adresse ${args.email}.`);
    const actorCtx: Ctx = { ...ctx, actor: await systemActor(ctx) };
    const scopes = args.scopes!.split(',').map((s) => s.trim()).filter(Boolean);
    const token = await createApiToken(actorCtx, { userId: user.id, name: args.name ?? 'Ligne de commande', scopes, expiresInDays: days });
    io.err(`Jeton créé pour ${args.email}, valable jusqu'au ${token.expiresAt.toISOString().slice(0, 10)} ; il ne sera plus affiché :\n`);
    io.out(`${token.token}\n`);
  });
  return EXIT.ok;
}
