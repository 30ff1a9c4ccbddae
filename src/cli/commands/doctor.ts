import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import type { Config } from '../../config.ts';
import { appliedMigrations } from '../../platform/backup/catalog.ts';
import { codeMigrations, isPrefix } from '../../platform/backup/levels.ts';
import { withSnapshot } from '../../platform/backup/session.ts';
import { fetchStatus } from '../../platform/control/client.ts';
import { currentHolder, describeHolder } from '../../platform/db/lock.ts';
import { smtpTransport, closeTransports } from '../../platform/mail/transport.ts';
import { withDatabase } from '../database.ts';
import { describeError, EXIT, type CliIo } from '../io.ts';

type Check = { ok: boolean | 'info'; label: string; detail: string };

/** `mutualis doctor`: configuration, data directory, database, migrations, mail. Exit 1 if a check fails. */
export async function doctorCommand(config: Config, io: CliIo): Promise<number> {
  const checks: Check[] = [];
  const push = (c: Check) => {
    checks.push(c);
    io.out(`${c.ok === 'info' ? 'ℹ' : c.ok ? '✓' : '✗'} ${c.label} : ${c.detail}\n`);
  };
  push({ ok: true, label: 'Configuration', detail: `lue (${config.NODE_ENV}, ${config.PUBLIC_URL})` });
  if (config.NODE_ENV === 'production' && !config.PUBLIC_URL.startsWith('https://')) {
    push({ ok: false, label: 'Adresse publique', detail: 'PUBLIC_URL doit être en https:// en production (cookies sécurisés).' });
  }
  try {
    await mkdir(config.DATA_DIR, { recursive: true });
    await access(config.DATA_DIR, constants.W_OK);
    push({ ok: true, label: 'Répertoire de données', detail: `${config.DATA_DIR} accessible en écriture` });
  } catch (err) {
    push({ ok: false, label: 'Répertoire de données', detail: `${config.DATA_DIR} : ${describeError(err)}` });
  }
  await checkDatabase(config, push);
  await checkMail(config, push);
  const failed = checks.filter((c) => c.ok === false).length;
  io.out(failed === 0 ? 'Tout est en ordre.\n' : `${failed} problème(s) à corriger.\n`);
  return failed === 0 ? EXIT.ok : EXIT.failure;
}

async function checkDatabase(config: Config, push: (c: Check) => void): Promise<void> {
  const known = codeMigrations();
  const label = config.dbDriver === 'pg' ? 'PostgreSQL' : 'Base embarquée (PGlite)';
  const holder = config.dbDriver === 'pglite' ? currentHolder(config.DATA_DIR) : null;
  if (holder) {
    // The server owns the embedded database: ask it rather than open the directory a second time.
    if (holder.holder === 'server' && holder.socket) {
      try {
        const s = await fetchStatus(holder.socket);
        push({ ok: true, label, detail: `ouverte par le serveur en marche (pid ${s.pid}, port ${s.port})` });
        push({ ok: s.migrations.applied === known.length, label: 'Migrations', detail: `${s.migrations.applied} appliquée(s) sur ${known.length}` });
      } catch (err) {
        push({ ok: false, label, detail: `serveur pid ${holder.pid} injoignable sur son socket de contrôle (${describeError(err)})` });
      }
    } else {
      push({ ok: 'info', label, detail: describeHolder(config.DATA_DIR, holder) });
    }
    return;
  }
  try {
    await withDatabase(config, 'doctor', { migrate: false }, async ({ handle }) => {
      await handle.ping(5_000);
      push({ ok: true, label, detail: 'joignable' });
      const applied = await withSnapshot(handle, appliedMigrations);
      if (!isPrefix(applied, known)) {
        push({ ok: false, label: 'Migrations', detail: 'la base vient d’une version plus récente de Mutualis (migrations inconnues).' });
      } else if (applied.length < known.length) {
        push({ ok: false, label: 'Migrations', detail: `${known.length - applied.length} en attente : lancez « mutualis migrate » ou démarrez le serveur.` });
      } else {
        push({ ok: true, label: 'Migrations', detail: `${applied.length} appliquée(s), à jour` });
      }
    });
  } catch (err) {
    push({ ok: false, label, detail: describeError(err) });
  }
}

async function checkMail(config: Config, push: (c: Check) => void): Promise<void> {
  if (!config.SMTP_URL) {
    push({ ok: 'info', label: 'Courriel', detail: 'SMTP_URL absent : les messages restent dans la boîte d’envoi (page d’administration).' });
    return;
  }
  try {
    const verified = smtpTransport(config.SMTP_URL).verify();
    await Promise.race([verified, new Promise((_, reject) => setTimeout(() => reject(new Error('délai dépassé (10 s)')), 10_000).unref())]);
    push({ ok: true, label: 'Courriel', detail: `serveur SMTP joignable, expéditeur ${config.MAIL_FROM}` });
  } catch (err) {
    push({ ok: false, label: 'Courriel', detail: `serveur SMTP injoignable : ${describeError(err)}` });
  } finally {
    closeTransports();
  }
}
