import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { Invalid } from '../../../../platform/errors.ts';
import { Checkbox, ErrorSummary, Form, Select, Textarea, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import type { Ctx } from '../../../../platform/context.ts';
import { isUuid, ticketRef } from '../../access.ts';
import { findCallers, findMembers, logCall, memberChoices, type MemberHit } from '../../call.ts';
import { formValues, submit } from '../forms.ts';
import { listDomains } from '../../settings.ts';

const label = (m: { name: string; inseeCode: string | null }) => (m.inseeCode ? `${m.name} (${m.inseeCode})` : m.name);

/**
 * Which member the technician meant: a chosen candidate, an exact « Nom (INSEE) » from the list, a unique
 * match of the typed letters or INSEE code, or the caller's phone number. Several: the candidates to choose.
 */
async function resolveMember(ctx: Ctx, v: Record<string, string>): Promise<{ id: string } | { candidates: MemberHit[] }> {
  if (v.organisationId && isUuid(v.organisationId)) return { id: v.organisationId };
  const typed = (v.membre ?? '').trim();
  if (typed) {
    const exact = /^(.*) \((\w{5})\)$/.exec(typed);
    const hits = await findMembers(ctx, exact ? exact[2]! : typed, 20);
    const same = exact ? hits.filter((h) => h.inseeCode === exact[2]) : hits;
    if (same.length === 1) return { id: same[0]!.id };
    if (same.length > 1) return { candidates: same };
    throw new Invalid('Collectivité introuvable.', { membre: 'Aucune collectivité ne correspond : tapez quelques lettres du nom ou le code INSEE.' });
  }
  if (v.callerPhone) {
    const hits = await findCallers(ctx, v.callerPhone);
    const distinct = [...new Map(hits.map((h) => [h.id, h])).values()];
    if (distinct.length === 1) return { id: distinct[0]!.id };
    if (distinct.length > 1) return { candidates: distinct };
  }
  throw new Invalid('Collectivité manquante.', { membre: 'Indiquez la collectivité (nom ou code INSEE) ou le numéro de l’appelant.' });
}

async function callForm(c: Context<AppEnv>, v: Record<string, string>, errors: FieldErrors | null, candidates: MemberHit[] = []) {
  const ctx = c.get('ctx');
  const [members, domains] = await Promise.all([memberChoices(ctx), listDomains(ctx, { activeOnly: true })]);
  const csrf = c.get('actor')?.csrfToken;
  return render(
    c,
    { title: 'Saisir un appel', breadcrumbs: [{ href: '/assistance', label: 'Assistance' }, { label: 'Saisir un appel' }], status: errors ? 422 : 200 },
    <>
      <h1>Saisir un appel ou une télémaintenance</h1>
      <p>La demande et son intervention sont créées ensemble. Les champs marqués d’un astérisque sont obligatoires.</p>
      <ErrorSummary errors={errors} />
      <Form action="/assistance/appel" csrf={csrf} label="Appel ou télémaintenance">
        {candidates.length ? (
          <fieldset>
            <legend>Plusieurs collectivités correspondent : choisissez</legend>
            {candidates.map((m, i) => (
              <div class="field">
                <input type="radio" id={`cand-${i}`} name="organisationId" value={m.id} checked={i === 0} />{' '}
                <label for={`cand-${i}`} class="inline">{label(m)}{m.contactName ? ` — ${m.contactName}` : ''}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <div class={errors?.membre ? 'field has-error' : 'field'}>
          <label for="champ-membre">Collectivité (quelques lettres du nom ou code INSEE)</label>
          {errors?.membre ? <span class="field-error" id="champ-membre-erreur">Erreur : {errors.membre}</span> : null}
          <input id="champ-membre" name="membre" type="text" list="liste-membres" autocomplete="off" value={v.membre ?? ''} aria-invalid={errors?.membre ? 'true' : undefined} aria-describedby={errors?.membre ? 'champ-membre-erreur' : undefined} autofocus />
          <datalist id="liste-membres">
            {members.map((m) => <option value={label(m)} />)}
          </datalist>
        </div>
        <TextInput name="callerPhone" type="tel" label="Téléphone de l’appelant (retrouve la collectivité si le champ précédent est vide)" value={v.callerPhone} autocomplete="off" />
        <TextInput name="callerName" label="Nom de l’appelant" value={v.callerName} autocomplete="off" />
        <fieldset class="inline-choices">
          <legend>Canal *</legend>
          <input type="radio" id="canal-phone" name="channel" value="phone" checked={(v.channel ?? 'phone') === 'phone'} /> <label for="canal-phone" class="inline">Téléphone</label>{' '}
          <input type="radio" id="canal-remote" name="channel" value="remote" checked={v.channel === 'remote'} /> <label for="canal-remote" class="inline">Télémaintenance</label>
        </fieldset>
        <Select name="domain" label="Domaine" required options={domains.map((d) => ({ value: d.code, label: d.label }))} value={v.domain ?? 'comptabilite'} error={errors?.domain} />
        <TextInput name="title" label="Objet" required value={v.title} error={errors?.title} autocomplete="off" />
        <Textarea name="summary" label="Ce qui a été fait" rows={3} value={v.summary} error={errors?.summary} />
        <TextInput name="durationMinutes" type="number" inputmode="numeric" min={1} label="Durée (minutes)" required value={v.durationMinutes ?? '10'} error={errors?.durationMinutes} />
        <Checkbox name="resolved" label="Problème résolu pendant l’appel" checked={v.resolved !== undefined ? v.resolved === '1' : true} />
        <button type="submit">Enregistrer l’appel</button>
      </Form>
    </>,
  );
}

export function mountCallPages(app: OpenAPIHono<AppEnv>) {
  app.get('/assistance/appel', (c) => {
    authorize(c.get('actor'), 'tickets.manage');
    return callForm(c, {}, null);
  });
  app.post('/assistance/appel', async (c) => {
    const ctx = c.get('ctx');
    const v = await formValues(c);
    if (!v.resolved) v.resolved = '0';
    return submit(c, async () => {
      const who = await resolveMember(ctx, v);
      if ('candidates' in who) throw new Invalid('Précisez la collectivité.', { membre: 'Plusieurs collectivités correspondent : choisissez-en une ci-dessus.' });
      const { ticket } = await logCall(ctx, { organisationId: who.id, channel: v.channel === 'remote' ? 'remote' : 'phone', callerName: v.callerName, callerPhone: v.callerPhone, domain: v.domain ?? '', title: v.title ?? '', summary: v.summary, durationMinutes: v.durationMinutes ?? '', resolved: v.resolved === '1' } as never);
      return { redirect: '/assistance/appel', message: `Appel enregistré : demande ${ticketRef(ticket.number)}${ticket.status === 'resolved' ? ' (résolue)' : ''}.` };
    }, async (errors) => {
      const err = errors as FieldErrors;
      const lookup = v.membre || v.callerPhone ? await resolveMember(ctx, { ...v, organisationId: '' }).catch(() => null) : null;
      const candidates = lookup && 'candidates' in lookup ? lookup.candidates : [];
      return callForm(c, v, err, candidates);
    });
  });
}
