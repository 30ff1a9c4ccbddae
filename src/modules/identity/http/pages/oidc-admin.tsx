import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { render } from '../../../../platform/ui/render.tsx';
import { ErrorSummary, Form, Select, TextInput, formErrors, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { Conflict } from '../../../../platform/errors.ts';
import { addOidcDomain, listOidcDomains, removeOidcDomain } from '../../oidc-accounts.ts';
import { visibleOrganisations } from '../../admin-users.ts';
import { oidcEnabled, redirectUri } from '../../oidc.ts';
import { field, pathId, readForm } from '../forms.ts';

const domainForm = z.object({ domain: field(253), organisationId: field(40), defaultRole: field(20) });
const BASE = '/admin/oidc';

async function page(c: Context<AppEnv>, errors?: FieldErrors | null, values: Partial<z.output<typeof domainForm>> = {}) {
  const ctx = c.get('ctx');
  const domains = await listOidcDomains(ctx);
  const orgs = (await visibleOrganisations(ctx)).filter((o) => o.kind !== 'syndicate');
  return render(
    c,
    { title: 'Connexion par fournisseur d’identité', status: errors ? 422 : 200, breadcrumbs: [{ href: '/admin/utilisateurs', label: 'Utilisateurs' }, { label: 'Fournisseur d’identité' }] },
    <>
      <h1>Connexion par fournisseur d’identité (OpenID Connect)</h1>
      {oidcEnabled(ctx.config) ? (
        <p>
          Fournisseur configuré : <strong>{ctx.config.OIDC_ISSUER}</strong> ({ctx.config.OIDC_LABEL}). Adresse de retour à déclarer chez le fournisseur :{' '}
          <code>{redirectUri(ctx.config)}</code>.
        </p>
      ) : (
        <p class="flash warning">Aucun fournisseur n’est configuré (variables OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET).</p>
      )}
      <p>
        Un compte existant est reconnu par son adresse e-mail vérifiée. Un compte n’est créé automatiquement que pour les domaines
        ci-dessous, dans la collectivité indiquée et avec le rôle choisi.
      </p>
      {domains.length > 0 ? (
        <div class="table-wrap">
          <table>
            <caption>Domaines autorisés à la création automatique</caption>
            <thead>
              <tr>
                <th scope="col">Domaine</th>
                <th scope="col">Collectivité</th>
                <th scope="col">Rôle donné</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {domains.map((d) => (
                <tr>
                  <td>{d.domain}</td>
                  <td>{d.organisationName}</td>
                  <td>{d.defaultRole === 'manager' ? 'Responsable' : 'Agent'}</td>
                  <td>
                    <Form action={`${BASE}/${d.id}/supprimer`} csrf={ctx.actor!.csrfToken}>
                      <button type="submit" class="secondary">
                        Retirer<span class="visually-hidden"> le domaine {d.domain}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucun domaine : seuls les comptes existants peuvent se connecter par le fournisseur.</p>
      )}
      <h2>Autoriser un domaine</h2>
      <ErrorSummary errors={errors} />
      <Form action={BASE} csrf={ctx.actor!.csrfToken} label="Autoriser un domaine">
        <TextInput name="domain" label="Domaine de messagerie" hint="Par exemple : mairie-exemple.fr" required value={values.domain} error={errors?.domain} />
        <Select name="organisationId" label="Collectivité" required options={orgs.map((o) => ({ value: o.id, label: o.name }))} value={values.organisationId} placeholder="Choisir…" error={errors?.organisationId} />
        <Select name="defaultRole" label="Rôle donné aux nouveaux comptes" options={[{ value: 'agent', label: 'Agent de la collectivité' }, { value: 'manager', label: 'Responsable de la collectivité' }]} value={values.defaultRole ?? 'agent'} error={errors?.defaultRole} />
        <button type="submit">Autoriser</button>
      </Form>
    </>,
  );
}

export function mountOidcAdminPages(app: OpenAPIHono<AppEnv>) {
  app.get(BASE, (c) => page(c));
  app.post(BASE, async (c) => {
    const form = await readForm(c, domainForm);
    try {
      await addOidcDomain(c.get('ctx'), form);
    } catch (err) {
      const errors = formErrors(err) ?? (err instanceof Conflict ? { domain: err.message } : null);
      if (!errors) throw err;
      return page(c, errors, form);
    }
    setFlash(c, 'success', 'Domaine autorisé.');
    return c.redirect(BASE, 303);
  });
  app.post(`${BASE}/:id/supprimer`, async (c) => {
    await removeOidcDomain(c.get('ctx'), pathId(c));
    setFlash(c, 'success', 'Domaine retiré.');
    return c.redirect(BASE, 303);
  });
}
