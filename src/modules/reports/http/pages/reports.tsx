import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { can } from '../../../../platform/auth/permissions.ts';
import { UUID_ROUTE, uuid } from '../../../../platform/http/api.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { exportResponse } from '../../../../platform/ui/export.ts';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { ErrorSummary, formErrors, Form, Select, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { activityReport, type ActivityReport } from '../../activity.ts';
import { activityLines, memberLines, REPORT_COLUMNS, type ReportLine } from '../exports.ts';
import { keyFigureHistory, publishKeyFigures } from '../../key-figures.ts';
import { memberReport, reportableMembers } from '../../member-report.ts';
import { parsePeriod, periodLabel, yearPeriod, type Period } from '../../period.ts';
import { reportPdf } from '../pdf.ts';
import { ActivitySections, ExportLinks, Headline, MemberUsage } from './view.tsx';
import { mountKeyFiguresPage } from './key-figures.tsx';

type C = Context<AppEnv>;
const crumbs = [{ href: '/rapports', label: 'Rapports d’activité' }];
const qs = (p: Period) => `du=${p.from}&au=${p.to}`;
const currentYear = (c: C) => c.get('ctx').clock.now().getFullYear();

/** The period chooser, the member chooser and, for editors, the key-figures publication. */
async function chooserPage(c: C, errors: FieldErrors | null = null, status: 200 | 422 = 200, values: Record<string, string | undefined> = {}) {
  const ctx = c.get('ctx');
  const members = await reportableMembers(ctx);
  const actor = ctx.actor!;
  const staff = can(actor, 'reports.read') && actor.side === 'syndicate';
  const year = currentYear(c);
  const years = [year, year - 1, year - 2, 2019].filter((y, i, all) => all.indexOf(y) === i);
  const history = can(actor, 'reports.publish') ? await keyFigureHistory(ctx) : [];
  return render(
    c,
    { title: 'Rapports d’activité', breadcrumbs: [{ label: 'Rapports d’activité' }], status },
    <>
      <h1>Rapports d’activité du service informatique</h1>
      <ErrorSummary errors={errors} labels={{ du: 'Début de la période', au: 'Fin de la période', year: 'Année', collectivite: 'Rapport' }} />
      <section aria-labelledby="choix-rapport">
        <h2 id="choix-rapport">Choisir un rapport</h2>
        {staff ? (
          <p>
            Rapports annuels du service :{' '}
            {years.map((y) => (
              <>
                <a href={`/rapports/activite?${qs(yearPeriod(y))}`}>{y}</a>{' '}
              </>
            ))}
          </p>
        ) : null}
        <form method="get" action="/rapports/membres" class="filters" aria-label="Période et collectivité du rapport">
          <Select
            name="collectivite"
            label="Rapport"
            options={[...(staff ? [{ value: '', label: 'Tout le service informatique' }] : []), ...members.map((m) => ({ value: m.id, label: m.name }))]}
            value={values.collectivite ?? ''}
            error={errors?.collectivite}
          />
          <TextInput name="du" label="Début de la période" type="date" value={values.du ?? `${year}-01-01`} error={errors?.du} required />
          <TextInput name="au" label="Fin de la période (incluse)" type="date" value={values.au ?? `${year}-12-31`} error={errors?.au} required />
          <div class="field">
            <button type="submit">Afficher le rapport</button>
          </div>
        </form>
      </section>
      {can(actor, 'reports.publish') ? (
        <section aria-labelledby="chiffres-cles">
          <h2 id="chiffres-cles">Chiffres clés publics</h2>
          <p>
            Publier fige les chiffres de l’année choisie et les affiche sur la page publique <a href="/chiffres-cles">Chiffres clés</a>.
          </p>
          <Form action="/rapports/chiffres-cles" csrf={actor.csrfToken} label="Publier les chiffres clés">
            <TextInput name="year" label="Année" type="number" inputmode="numeric" value={values.year ?? String(year - 1)} error={errors?.year} required />
            <div class="field">
              <button type="submit">Publier les chiffres de cette année</button>
            </div>
          </Form>
          {history.length ? (
            <ul>
              {history.map((h) => (
                <li>
                  Année {h.year}, publiée le {h.publishedAt.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })} par {h.publishedByName ?? '—'}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      ) : null}
    </>,
  );
}

/** CSV, XLSX or PDF of a report, when asked by `format`. */
async function download(c: C, name: string, title: string, r: ActivityReport, lines: ReportLine[]): Promise<Response | null> {
  const format = c.req.query('format');
  if (format === 'csv' || format === 'xlsx') return exportResponse(c, format, name, REPORT_COLUMNS, lines);
  if (format === 'pdf') {
    const bytes = await reportPdf(title, periodLabel(r.period), r, lines);
    return c.body(new Uint8Array(bytes), 200, { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf"` });
  }
  return null;
}

/** Runs a page that reads a period; a wrong period shows the chooser with its errors. */
async function withPeriod(c: C, fn: (p: Period) => Promise<Response>): Promise<Response> {
  let period: Period;
  try {
    period = parsePeriod({ from: c.req.query('du'), to: c.req.query('au') }, { from: 'du', to: 'au' });
  } catch (err) {
    const errors = formErrors(err);
    if (!errors) throw err;
    return chooserPage(c, errors, 422, c.req.query());
  }
  return fn(period);
}

export function mountReportPages(app: OpenAPIHono<AppEnv>) {
  app.get('/rapports', (c) => chooserPage(c));

  app.get('/rapports/activite', (c) => {
    if (!c.req.query('du') && !c.req.query('au')) return c.redirect(`/rapports/activite?${qs(yearPeriod(currentYear(c)))}`);
    return withPeriod(c, async (period) => {
      const r = await activityReport(c.get('ctx'), period);
      const title = `Activité du service informatique, ${periodLabel(period)}`;
      const file = await download(c, `activite-${period.from}-${period.to}`, title, r, activityLines(r));
      if (file) return file;
      return render(
        c,
        { title, breadcrumbs: [...crumbs, { label: periodLabel(period) }] },
        <>
          <h1>{title}</h1>
          <Headline r={r} />
          <ExportLinks base="/rapports/activite" query={qs(period)} />
          <ActivitySections r={r} />
        </>,
      );
    });
  });

  // The chooser is a GET form: it lands here and goes to the chosen report's own address.
  app.get('/rapports/membres', (c) => {
    const id = c.req.query('collectivite') ?? '';
    if (id !== '' && !uuid().safeParse(id).success) return chooserPage(c, { collectivite: 'Choisissez une collectivité.' }, 422, c.req.query());
    return withPeriod(c, async (p) => c.redirect(id ? `/rapports/membres/${id}?${qs(p)}` : `/rapports/activite?${qs(p)}`));
  });

  app.get(`/rapports/membres/:id${UUID_ROUTE}`, (c) => {
    const id = c.req.param('id');
    if (!c.req.query('du') && !c.req.query('au')) return c.redirect(`/rapports/membres/${id}?${qs(yearPeriod(currentYear(c)))}`);
    return withPeriod(c, async (period) => {
      const m = await memberReport(c.get('ctx'), id, period);
      const title = `${m.organisation.name} : le service informatique, ${periodLabel(period)}`;
      const file = await download(c, `rapport-${m.organisation.name}-${period.from}-${period.to}`, title, m.activity, memberLines(m));
      if (file) return file;
      return render(
        c,
        { title, breadcrumbs: [...crumbs, { label: m.organisation.name }] },
        <>
          <h1>{title}</h1>
          <Headline r={m.activity} />
          <ExportLinks base={`/rapports/membres/${m.organisation.id}`} query={qs(period)} />
          <MemberUsage m={m} />
          <ActivitySections r={m.activity} members={false} />
        </>,
      );
    });
  });

  app.post('/rapports/chiffres-cles', async (c) => {
    const body = await c.req.parseBody();
    const year = typeof body.year === 'string' ? body.year : '';
    try {
      const published = await publishKeyFigures(c.get('ctx'), { year });
      setFlash(c, 'success', `Les chiffres clés de ${published.year} sont publiés.`);
      return c.redirect('/chiffres-cles', 303);
    } catch (err) {
      const errors = formErrors(err);
      if (!errors) throw err;
      return chooserPage(c, errors, 422, { year });
    }
  });

  mountKeyFiguresPage(app);
}
