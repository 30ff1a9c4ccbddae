import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { UUID_ROUTE } from '../../../../platform/http/api.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { Checkbox, Form, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { attachDecision, DECISION_MAX_BYTES, decisionPdf } from '../../decision.ts';
import type { Grid } from '../../tariffs.ts';
import { frDate } from './view.tsx';
import { withForm } from '../forms.ts';

const maxMb = DECISION_MAX_BYTES / 1_048_576;

/** The decision's reference, date and PDF link, as shown on the grid's page. */
export function DecisionFacts({ g }: { g: Grid }) {
  return (
    <>
      {g.decisionReference ? `${g.decisionReference} du ${frDate(g.decisionOn)}` : '—'}
      {g.decisionFileId ? (
        <>
          {' — '}
          <a href={`/tarifs/${g.id}/decision.pdf`}>PDF de la décision ({g.decisionFileName})</a>
        </>
      ) : (
        ' — PDF non joint'
      )}
    </>
  );
}

/** Upload form for the signed decision (finance/admin staff). */
export function DecisionUpload({ g, csrf, errors }: { g: Grid; csrf: string | undefined; errors?: FieldErrors | null }) {
  return (
    <Form action={`/tarifs/${g.id}/decision`} csrf={csrf} enctype="multipart/form-data" label="PDF de la décision du président">
      <div class={errors?.file ? 'field has-error' : 'field'}>
        <label for="champ-file">PDF signé de la décision du président</label>
        <span class="hint" id="champ-file-aide">
          Format PDF uniquement, {maxMb} Mo au plus.
        </span>
        {errors?.file ? (
          <span class="field-error" id="champ-file-erreur">
            Erreur : {errors.file}
          </span>
        ) : null}
        <input type="file" id="champ-file" name="file" accept="application/pdf,.pdf" aria-describedby={errors?.file ? 'champ-file-aide champ-file-erreur' : 'champ-file-aide'} />
      </div>
      {g.decisionFileId ? (
        <div class={errors?.replace ? 'field has-error' : 'field'} id="champ-replace">
          {errors?.replace ? <span class="field-error">Erreur : {errors.replace}</span> : null}
          <Checkbox name="replace" label={`Remplacer le PDF joint (${g.decisionFileName})`} hint="Le fichier remplacé reste conservé et tracé dans le journal d’audit." />
        </div>
      ) : null}
      <button type="submit">{g.decisionFileId ? 'Remplacer le PDF' : 'Joindre le PDF'}</button>
    </Form>
  );
}

export function mountDecisionPages(app: OpenAPIHono<AppEnv>, rerender: (c: Context<AppEnv>, errors: FieldErrors) => Response | Promise<Response>) {
  app.get(`/tarifs/:id${UUID_ROUTE}/decision.pdf`, async (c) => {
    const { name, bytes } = await decisionPdf(c.get('ctx'), c.req.param('id'));
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });
  app.post(`/tarifs/:id${UUID_ROUTE}/decision`, async (c) => {
    const body = await c.req.parseBody();
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    const r = await withForm(
      async () => attachDecision(c.get('ctx'), c.req.param('id'), { name: file?.name ?? '', bytes: file ? new Uint8Array(await file.arrayBuffer()) : null, replace: body.replace === '1' }),
      (e) => rerender(c, e),
    );
    if (r instanceof Response) return r;
    setFlash(c, 'success', 'PDF de la décision joint à la grille.');
    return c.redirect(`/tarifs/${r.id}`, 303);
  });
}
