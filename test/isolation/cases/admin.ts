import { createHash, randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AUDIT_EXPORT_JOB } from '../../../src/modules/admin/index.ts';
import { audit, auditLog } from '../../../src/platform/audit/index.ts';
import type { Actor, Ctx } from '../../../src/platform/context.ts';
import { files } from '../../../src/platform/files/index.ts';
import { enqueue, jobs } from '../../../src/platform/jobs/index.ts';
import { sendMail } from '../../../src/platform/mail/index.ts';
import { signedInStaff } from '../../helpers/factories.ts';
import { defineIsolation, type IsolationSetup } from '../harness.ts';

/**
 * A finished job of `actor` that produced a file, with `message` as its last progress message. The file's
 * row is recorded without bytes: the harness's app has no writable file store, and the refusal comes first
 * (getOwnJob) anyway.
 */
async function finishedJobWithFile(ctx: Ctx, actor: Actor, name: string, message: string): Promise<string> {
  const job = await enqueue({ ...ctx, actor }, name, { filters: {} });
  const [file] = await ctx.db
    .insert(files)
    .values({ sha256: createHash('sha256').update(message).digest('hex'), name: 'export.csv', mime: 'text/csv', size: message.length, createdBy: actor.userId, organisationId: actor.organisationId, createdAt: ctx.clock.now() })
    .returning();
  await ctx.db
    .update(jobs)
    .set({ status: 'succeeded', progress: 100, progressMessage: message, result: { fileId: file!.id }, finishedAt: ctx.clock.now() })
    .where(eq(jobs.id, job.id));
  return job.id;
}

const publicDocs = 'Documentation publique de l’API, rendue depuis le document OpenAPI : elle décrit les routes, sans aucune donnée de collectivité.';

export default defineIsolation({
  module: 'admin',
  cases: [
    {
      name: 'l’administration (journal d’audit, boîte d’envoi, tâches de fond), réservée aux administrateurs du syndicat',
      attackers: [['manager'], ['agent']],
      routes: [
        'GET /admin',
        'GET /admin/journal',
        'GET /admin/journal/:id',
        'POST /admin/journal/export',
        'GET /admin/boite-d-envoi',
        'GET /admin/boite-d-envoi/:id',
        'POST /admin/boite-d-envoi/essai',
        'GET /admin/taches',
        'GET /admin/taches/:id',
        'GET /api/v1/audit-log',
        'GET /api/v1/audit-log/:id',
        'POST /api/v1/audit-log/exports',
        'GET /api/v1/jobs',
        'GET /api/v1/jobs/:id',
      ],
      async setup({ t, b }): IsolationSetup {
        const tag = randomUUID().slice(0, 8);
        // B's traces in each admin view: an audited change naming B, a mail to B, a job B started.
        await audit({ ...t.ctx, actor: b.actor }, { action: 'member.update', entity: 'organisation', entityId: `B-${tag}`, organisationId: b.org.id, after: { name: `Nom confidentiel ${tag}` } });
        const [entry] = await t.ctx.db.select({ id: auditLog.id }).from(auditLog).where(eq(auditLog.entityId, `B-${tag}`));
        const mail = await sendMail(t.ctx, { to: b.user.email, subject: `Convocation de B ${tag}`, text: `Ordre du jour réservé ${tag}.` });
        const jobId = await finishedJobWithFile(t.ctx, b.actor, 'members.export', `Export de B ${tag}`);
        return {
          secrets: [b.org.name, b.user.email, `Nom confidentiel ${tag}`, `Convocation de B ${tag}`, `Ordre du jour réservé ${tag}`, `Export de B ${tag}`],
          targets: [
            { route: 'GET /admin', path: '/admin', control: 'staff' },
            { route: 'GET /admin/journal', path: `/admin/journal?organisation=${b.org.id}`, control: 'staff' },
            { route: 'GET /admin/journal', path: `/admin/journal?organisation=${b.org.id}&format=csv`, control: 'staff' },
            { route: 'GET /admin/journal/:id', path: `/admin/journal/${entry!.id}`, control: 'staff' },
            { route: 'POST /admin/journal/export', path: '/admin/journal/export', form: { organisation: b.org.id }, control: 'staff' },
            { route: 'GET /admin/boite-d-envoi', path: `/admin/boite-d-envoi?q=${tag}`, control: 'staff' },
            { route: 'GET /admin/boite-d-envoi/:id', path: `/admin/boite-d-envoi/${mail.id}`, control: 'staff' },
            { route: 'POST /admin/boite-d-envoi/essai', path: '/admin/boite-d-envoi/essai', form: {}, control: 'staff' },
            { route: 'GET /admin/taches', path: '/admin/taches?statut=succeeded', control: 'staff' },
            { route: 'GET /admin/taches/:id', path: `/admin/taches/${jobId}`, control: 'staff' },
            { route: 'GET /api/v1/audit-log', path: `/api/v1/audit-log?organisationId=${b.org.id}`, control: 'staff' },
            { route: 'GET /api/v1/audit-log', path: `/api/v1/audit-log?organisation=${b.org.id}`, control: 'staff' },
            { route: 'GET /api/v1/audit-log/:id', path: `/api/v1/audit-log/${entry!.id}`, control: 'staff' },
            { route: 'POST /api/v1/audit-log/exports', path: '/api/v1/audit-log/exports', json: { organisationId: b.org.id }, control: 'staff' },
            { route: 'GET /api/v1/jobs', path: '/api/v1/jobs?status=succeeded&name=members.export', control: 'staff' },
            { route: 'GET /api/v1/jobs/:id', path: `/api/v1/jobs/${jobId}`, control: 'staff' },
          ],
        };
      },
    },
    {
      name: 'le suivi et le fichier d’une tâche lancée par un utilisateur de B ou par le personnel, en page et par l’API',
      attackers: [['manager'], ['agent']],
      routes: ['GET /taches/:id', 'GET /taches/:id/fichier', 'GET /api/v1/jobs/:id/progress'],
      async setup({ t, b }): IsolationSetup {
        const tag = randomUUID().slice(0, 8);
        const mine = await finishedJobWithFile(t.ctx, b.actor, 'members.export', `Export de B ${tag}`);
        // A job of one staff member is followed by that person only: no other user, staff or member, is its control.
        const staff = await signedInStaff(t.ctx, ['admin']);
        const staffJob = await finishedJobWithFile(t.ctx, staff.actor, AUDIT_EXPORT_JOB, `Export du syndicat ${tag}`);
        // The harness's controls run as B or as another admin; the staff job's own control is made here.
        for (const path of [`/taches/${staffJob}`, `/api/v1/jobs/${staffJob}/progress`]) {
          const res = await t.app.request(path, { headers: staff.headers });
          if (res.status !== 200 || !(await res.text()).includes(`Export du syndicat ${tag}`)) throw new Error(`contrôle : ${path} doit aboutir pour qui a lancé la tâche (${res.status})`);
        }
        return {
          secrets: [`Export de B ${tag}`, `Export du syndicat ${tag}`],
          targets: [
            { route: 'GET /taches/:id', path: `/taches/${mine}` },
            { route: 'GET /api/v1/jobs/:id/progress', path: `/api/v1/jobs/${mine}/progress` },
            // No control: the bytes are not on disk here; the starter's download is tested in src/modules/admin/admin.test.ts.
            { route: 'GET /taches/:id/fichier', path: `/taches/${mine}/fichier`, control: 'none' },
            { route: 'GET /taches/:id', path: `/taches/${staffJob}`, control: 'none' },
            { route: 'GET /api/v1/jobs/:id/progress', path: `/api/v1/jobs/${staffJob}/progress`, control: 'none' },
            { route: 'GET /taches/:id/fichier', path: `/taches/${staffJob}/fichier`, control: 'none' },
          ],
        };
      },
    },
  ],
  exemptions: [
    { route: 'GET /api/docs', reason: publicDocs },
  ],
});
