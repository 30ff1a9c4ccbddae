import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { can } from '../../../../platform/auth/permissions.ts';
import { NotFound } from '../../../../platform/errors.ts';
import { formatInt, frDate } from '../../../../platform/format.ts';
import { UUID_ROUTE } from '../../../../platform/http/api.ts';
import type { AppEnv } from '../../../../platform/http/types.ts';
import type { MemberTab } from '../../../../platform/module.ts';
import { EmptyState } from '../../../../platform/ui/confirm.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { listContacts } from '../../contacts.ts';
import { BUDGET_KIND_LABELS, COMPETENCE_LABELS, DECISION_LABELS, FUNCTION_LABELS, KIND_LABELS, STATUS_LABELS } from '../../labels.ts';
import { getMember, type MemberRow } from '../../members.ts';
import { listBudgets, listCompetences, listDeliberations, loadDeliberationPdf } from '../../records.ts';
import { download } from '../forms.ts';
import { ActionLink, crumbs, memberHref, Sheet } from './components.tsx';

/** The registry's own tabs of the member sheet (order 0–50); other modules contribute theirs through their manifest. */
const OWN_TABS: MemberTab<MemberRow>[] = [
  {
    slug: '',
    label: 'Identité',
    order: 0,
    render: async (c, m) => (
      <>
        <h2>Identité</h2>
        {can(c.get('actor'), 'members.manage', m.id) ? <ActionLink href={memberHref(m.id, 'modifier')} label="Modifier la fiche" /> : null}
        <Sheet
          rows={[
            ['Type', KIND_LABELS[m.kind]],
            ['Statut', STATUS_LABELS[m.status]],
            ['Code INSEE', m.inseeCode],
            ['SIREN', m.siren],
            ['SIRET', m.siret],
            ['Population', m.population === null ? null : `${formatInt(m.population)} habitants (population de référence ${m.populationYear ?? 'année inconnue'})`],
            ['Codes postaux', m.postcodes.join(', ')],
            ['EPCI', m.parentEpciId ? <a href={memberHref(m.parentEpciId)}>{m.epciName}</a> : null],
            ['Adresse', m.address],
            ['Téléphone', m.phone],
            ['Courriel', m.email ? <a href={`mailto:${m.email}`}>{m.email}</a> : null],
            ['Site web', m.website ? <a href={m.website}>{m.website}</a> : null],
            ['Adhésion', frDate(m.joinedOn)],
            ['Retrait', m.leftOn ? frDate(m.leftOn) : null],
          ]}
        />
      </>
    ),
  },
  {
    slug: 'budgets',
    label: 'Budgets',
    order: 10,
    render: async (c, m) => {
      const rows = await listBudgets(c.get('ctx'), m.id);
      return (
        <>
          <h2>Budgets</h2>
          {can(c.get('actor'), 'members.manage', m.id) ? <ActionLink href={memberHref(m.id, 'budgets/nouveau')} label="Ajouter un budget" /> : null}
          {rows.length === 0 ? (
            <EmptyState message="Aucun budget enregistré." />
          ) : (
            <div class="table-wrap">
              <table>
                <caption>Budgets (structures Chorus Pro)</caption>
                <thead>
                  <tr>
                    <th scope="col">Nom</th>
                    <th scope="col">Type</th>
                    <th scope="col">SIRET</th>
                    <th scope="col">Structure Chorus Pro</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((b) => (
                    <tr>
                      <td>{b.name}</td>
                      <td>{BUDGET_KIND_LABELS[b.kind]}</td>
                      <td>{b.siret ?? '—'}</td>
                      <td>{b.chorusStructureId ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      );
    },
  },
  {
    slug: 'contacts',
    label: 'Contacts',
    order: 20,
    render: async (c, m) => {
      const rows = await listContacts(c.get('ctx'), m.id);
      const manage = can(c.get('actor'), 'members.contacts.manage', m.id);
      return (
        <>
          <h2>Contacts</h2>
          {manage ? <ActionLink href={memberHref(m.id, 'contacts/nouveau')} label="Ajouter un contact" /> : null}
          {rows.length === 0 ? (
            <EmptyState message="Aucun contact enregistré." />
          ) : (
            <div class="table-wrap">
              <table>
                <caption>Contacts actuels puis anciens</caption>
                <thead>
                  <tr>
                    <th scope="col">Nom</th>
                    <th scope="col">Fonction</th>
                    <th scope="col">Téléphone</th>
                    <th scope="col">Courriel</th>
                    <th scope="col">Période</th>
                    {manage ? <th scope="col">Actions</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((p) => (
                    <tr>
                      <td>{p.name}</td>
                      <td>{p.functionDetail ? `${FUNCTION_LABELS[p.function]} (${p.functionDetail})` : FUNCTION_LABELS[p.function]}</td>
                      <td>{p.phone ?? '—'}</td>
                      <td>{p.email ?? '—'}</td>
                      <td>{p.endedOn ? `jusqu’au ${frDate(p.endedOn)}` : p.startedOn ? `depuis le ${frDate(p.startedOn)}` : 'en fonction'}</td>
                      {manage ? (
                        <td>
                          <a href={memberHref(m.id, `contacts/${p.id}/modifier`)}>
                            Modifier<span class="visually-hidden"> {p.name}</span>
                          </a>
                          {p.endedOn ? null : (
                            <>
                              {' · '}
                              <a href={memberHref(m.id, `contacts/${p.id}/fin`)}>
                                Fin de fonctions<span class="visually-hidden"> de {p.name}</span>
                              </a>
                            </>
                          )}
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      );
    },
  },
  {
    slug: 'competences',
    label: 'Compétences',
    order: 30,
    render: async (c, m) => {
      const rows = await listCompetences(c.get('ctx'), m.id);
      return (
        <>
          <h2>Compétences transférées au syndicat</h2>
          {can(c.get('actor'), 'members.manage', m.id) ? <ActionLink href={memberHref(m.id, 'competences/nouvelle')} label="Enregistrer un transfert" /> : null}
          {rows.length === 0 ? (
            <EmptyState message="Aucune compétence transférée." />
          ) : (
            <div class="table-wrap">
              <table>
                <caption>Compétences et périodes de transfert</caption>
                <thead>
                  <tr>
                    <th scope="col">Compétence</th>
                    <th scope="col">Depuis le</th>
                    <th scope="col">Jusqu’au</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((k) => (
                    <tr>
                      <td>{COMPETENCE_LABELS[k.competence]}</td>
                      <td>{frDate(k.startedOn)}</td>
                      <td>{k.endedOn ? frDate(k.endedOn) : 'en cours'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      );
    },
  },
  {
    slug: 'deliberations',
    label: 'Délibérations',
    order: 40,
    render: async (c, m) => {
      const rows = await listDeliberations(c.get('ctx'), m.id);
      return (
        <>
          <h2>Délibérations</h2>
          {can(c.get('actor'), 'members.manage', m.id) ? <ActionLink href={memberHref(m.id, 'deliberations/nouvelle')} label="Enregistrer une délibération" /> : null}
          {rows.length === 0 ? (
            <EmptyState message="Aucune délibération enregistrée." />
          ) : (
            <div class="table-wrap">
              <table>
                <caption>Délibérations, de la plus récente à la plus ancienne</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Numéro</th>
                    <th scope="col">Objet</th>
                    <th scope="col">Décision</th>
                    <th scope="col">Document</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <tr>
                      <td>{frDate(d.adoptedOn)}</td>
                      <td>{d.number}</td>
                      <td>{d.subject}</td>
                      <td>{d.competence ? `${DECISION_LABELS[d.decision]} : ${COMPETENCE_LABELS[d.competence]}` : DECISION_LABELS[d.decision]}</td>
                      <td>
                        {d.fileId ? (
                          <a href={memberHref(m.id, `deliberations/${d.id}/pdf`)}>
                            PDF<span class="visually-hidden"> de la délibération {d.number}</span>
                          </a>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      );
    },
  },
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function sheet(c: Context<AppEnv, any>, allTabs: readonly MemberTab<MemberRow>[], id: string, slug: string) {
  const member: MemberRow = await getMember(c.get('ctx'), id);
  const actor = c.get('actor')!;
  const tabs = allTabs.filter((t) => !t.visible || t.visible(actor, member));
  const tab = tabs.find((t) => t.slug === slug);
  if (!tab) throw new NotFound('Cet onglet n’existe pas.');
  const content = await tab.render(c, member);
  return render(
    c,
    { title: tab.slug ? `${tab.label} — ${member.name}` : member.name, breadcrumbs: crumbs(member) },
    <>
      <h1>
        {member.name} <span class="badge">{KIND_LABELS[member.kind]}</span>
      </h1>
      <nav class="tabs" aria-label="Rubriques de la fiche">
        <ul>
          {tabs.map((t) => (
            <li>
              <a href={memberHref(member.id, t.slug)} aria-current={t.slug === slug ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <section>{content}</section>
    </>,
  );
}

/** The member sheet: the registry's tabs and those other modules contribute (`deps.memberTabs`), by order. */
export function mountSheetPages(app: OpenAPIHono<AppEnv>, contributed: readonly MemberTab[]) {
  const tabs = [...OWN_TABS, ...contributed].sort((a, b) => a.order - b.order);
  app.get(`/membres/:id${UUID_ROUTE}/deliberations/:did${UUID_ROUTE}/pdf`, async (c) => {
    return download(c, await loadDeliberationPdf(c.get('ctx'), c.req.param('id'), c.req.param('did')));
  });
  app.get(`/membres/:id${UUID_ROUTE}`, (c) => sheet(c, tabs, c.req.param('id'), ''));
  app.get(`/membres/:id${UUID_ROUTE}/:tab{[a-z-]+}`, (c) => sheet(c, tabs, c.req.param('id'), c.req.param('tab')));
}
