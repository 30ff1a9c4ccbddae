import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { can } from '../../../../platform/auth/permissions.ts';
import { Invalid } from '../../../../platform/errors.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ErrorSummary, Form, Select, TextInput, Textarea, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { importIndicesCsv, listIndices, revisionQuery, saveIndex, simulateRevision } from '../../syntec-service.ts';
import { monthLabel } from '../../../../platform/format.ts';
import { formatIndex, SERIES_LABELS, type RevisionTrail } from '../../syntec.ts';
import { parseEuros } from '../../money.ts';
import { frDate, staffCrumbs, Trail } from './view.tsx';
import { formBody, withForm } from '../forms.ts';

async function syntecPage(c: Context<AppEnv>, errors?: FieldErrors | null) {
  const ctx = c.get('ctx');
  const { rows: indices } = await listIndices(ctx);
  const q = c.req.query();
  let trail: RevisionTrail | null = null;
  let simError: FieldErrors | null = null;
  if (q.montant) {
    const amount = parseEuros(q.montant);
    const parsed = revisionQuery.safeParse({ amountCents: amount ?? 'x', baseMonth: q.base, at: q.date, fixedPart: (q.partieFixe || '0').replace(',', '.') });
    if (!parsed.success || amount === null) simError = { montant: 'Vérifiez le montant (ex. 574,88), le mois de base (AAAA-MM), la date et la partie fixe (0 à 1).' };
    else {
      try {
        trail = await simulateRevision(ctx, parsed.data);
      } catch (e) {
        if (e instanceof Invalid) simError = { montant: e.message };
        else throw e;
      }
    }
  }
  const manage = can(ctx.actor, 'syntec.manage');
  return render(
    c,
    { title: 'Indice Syntec', breadcrumbs: staffCrumbs({ label: 'Indice Syntec' }), status: errors ? 422 : 200 },
    <>
      <h1>Indice Syntec</h1>
      <p>
        Révision : P = P0 × (a + (1 − a) × S / S0), arrondi au centime. S0 est l’indice du mois de base, S le dernier indice publié à la date de révision. Un S0 de l’ancienne série (avant août 2022) est converti dans la série révisée en le multipliant par le coefficient de raccordement 0,97975.
      </p>
      <h2>Simulateur de révision</h2>
      <ErrorSummary errors={simError} />
      <form method="get" action="/syntec" aria-label="Simulateur de révision">
        <TextInput name="montant" label="Prix de base P0 (€)" value={q.montant ?? '574,88'} required error={simError?.montant} />
        <TextInput name="base" label="Mois de base (AAAA-MM)" value={q.base ?? '2024-01'} required />
        <TextInput name="date" label="Date de révision" type="date" value={q.date ?? ''} required />
        <TextInput name="partieFixe" label="Partie fixe a (0 à 1)" value={q.partieFixe ?? '0'} />
        <button type="submit">Calculer</button>
      </form>
      {trail ? (
        <section aria-labelledby="resultat">
          <h3 id="resultat">Résultat et trace du calcul</h3>
          <Trail t={trail} />
        </section>
      ) : null}
      <h2>Valeurs mensuelles</h2>
      <table>
        <caption>Indices Syntec saisis</caption>
        <thead>
          <tr>
            <th scope="col">Mois</th>
            <th scope="col">Série</th>
            <th scope="col">Valeur</th>
            <th scope="col">Publié le</th>
            <th scope="col">Origine</th>
          </tr>
        </thead>
        <tbody>
          {indices.map((i) => (
            <tr>
              <td>{monthLabel(i.month)}</td>
              <td>{SERIES_LABELS[i.series]}</td>
              <td>{formatIndex(i.value)}</td>
              <td>{frDate(i.publishedOn)}</td>
              <td>{i.demo ? 'Démonstration (valeur fictive)' : i.source === 'csv' ? 'Import CSV' : 'Saisie'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {manage ? (
        <>
          <h2>Saisir une valeur</h2>
          <ErrorSummary errors={errors} />
          <Form action="/syntec" csrf={ctx.actor!.csrfToken} label="Saisir une valeur">
            <TextInput name="month" label="Mois mesuré (AAAA-MM)" required error={errors?.month} />
            <TextInput name="value" label="Valeur (ex. 322,2)" required error={errors?.value} />
            <TextInput name="publishedOn" label="Date de publication" type="date" hint="Par défaut : dernier jour du mois suivant." error={errors?.publishedOn} />
            <Select name="series" label="Série" placeholder="Selon le mois" options={[{ value: 'legacy', label: SERIES_LABELS.legacy }, { value: 'revised', label: SERIES_LABELS.revised }]} error={errors?.series} />
            <button type="submit">Enregistrer</button>
          </Form>
          <h2>Importer un fichier CSV</h2>
          <Form action="/syntec/import" csrf={ctx.actor!.csrfToken} label="Importer un fichier CSV">
            <Textarea name="csv" label="Contenu CSV" hint="Colonnes : mois;valeur;publication;serie (publication et série facultatives ; série : ancienne ou revisee)." rows={6} error={errors?.csv} />
            <button type="submit">Importer</button>
          </Form>
        </>
      ) : null}
    </>,
  );
}

export function mountSyntecPages(app: OpenAPIHono<AppEnv>) {
  app.get('/syntec', (c) => syntecPage(c));
  app.post('/syntec', async (c) => {
    const v = await formBody(c);
    const r = await withForm(() => saveIndex(c.get('ctx'), { month: v.month ?? '', value: v.value ?? '', publishedOn: v.publishedOn || undefined, series: (v.series || undefined) as 'legacy' | undefined }), (errors) => syntecPage(c, errors));
    if (r instanceof Response) return r;
    setFlash(c, 'success', `Indice de ${monthLabel(v.month!)} enregistré.`);
    return c.redirect('/syntec', 303);
  });
  app.post('/syntec/import', async (c) => {
    const v = await formBody(c);
    const r = await withForm(() => importIndicesCsv(c.get('ctx'), v.csv ?? ''), (errors) => syntecPage(c, { csv: errors._ ?? Object.values(errors).join(' ') }));
    if (r instanceof Response) return r;
    setFlash(c, 'success', `${r.imported} valeur(s) importée(s).`);
    return c.redirect('/syntec', 303);
  });
}
