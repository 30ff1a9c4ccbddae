import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../../../platform/http/types.ts';
import { ErrorSummary, Form, Select, TextInput, type FieldErrors } from '../../../../platform/ui/form.tsx';
import { render } from '../../../../platform/ui/render.tsx';
import { setFlash } from '../../../../platform/ui/flash.ts';
import { ConfirmAction } from '../../../../platform/ui/confirm.tsx';
import { authorize } from '../../../../platform/auth/permissions.ts';
import { NotFound } from '../../../../platform/errors.ts';
import { getMember } from '../../../members/index.ts';
import { addInventoryItem, deleteInventoryItem, memberInventory, updateInventoryItem, type InventoryKind } from '../../inventory.ts';
import { formValues, submit, UUID } from '../forms.ts';
import { frDate } from '../../../../platform/format.ts';

type Inventory = Awaited<ReturnType<typeof memberInventory>>;

/** The inventory's three tables; with `base`, each row has a delete link (staff). */
export function InventoryTables({ inv, base }: { inv: Inventory; base?: string }) {
  const del = (kind: InventoryKind, id: string, what: string) =>
    base ? (
      <td>
        <a href={`${base}/${kind}/${id}/modifier`}>Modifier<span class="visually-hidden"> {what}</span></a> · <a href={`${base}/${kind}/${id}/supprimer`}>Supprimer<span class="visually-hidden"> {what}</span></a>
      </td>
    ) : null;
  const actionHead = base ? <th scope="col">Actions</th> : null;
  return (
    <>
      <h2>Logiciels</h2>
      {inv.software.length ? (
        <table>
          <caption>Logiciels installés</caption>
          <thead><tr><th scope="col">Éditeur</th><th scope="col">Produit</th><th scope="col">Version</th><th scope="col">Modules</th><th scope="col">Licences</th>{actionHead}</tr></thead>
          <tbody>{inv.software.map((s) => <tr><td>{s.publisher}</td><td>{s.product}</td><td>{s.version ?? '—'}</td><td>{s.modules.join(', ') || '—'}</td><td>{s.licences ?? '—'}</td>{del('software', s.id, s.product)}</tr>)}</tbody>
        </table>
      ) : <p>Aucun logiciel inventorié.</p>}
      <h2>Postes et serveurs</h2>
      <p>Postes de travail : <strong>{inv.workstations}</strong> (nombre repris dans la convention).</p>
      {inv.equipment.length ? (
        <table>
          <caption>Matériel</caption>
          <thead><tr><th scope="col">Type</th><th scope="col">Désignation</th><th scope="col">Système</th><th scope="col">Quantité</th>{actionHead}</tr></thead>
          <tbody>{inv.equipment.map((e) => <tr><td>{e.kind === 'workstation' ? 'Poste' : 'Serveur'}</td><td>{e.label}</td><td>{e.operatingSystem ?? '—'}</td><td>{e.quantity}</td>{del('equipment', e.id, e.label)}</tr>)}</tbody>
        </table>
      ) : <p>Aucun matériel inventorié.</p>}
      <h2>Sauvegardes</h2>
      {inv.backups.length ? (
        <table>
          <caption>Dispositifs de sauvegarde</caption>
          <thead><tr><th scope="col">Méthode</th><th scope="col">Destination</th><th scope="col">Fréquence</th><th scope="col">Conservation</th><th scope="col">Dernier test</th>{actionHead}</tr></thead>
          <tbody>{inv.backups.map((b) => <tr><td>{b.method}</td><td>{b.destination ?? '—'}</td><td>{b.frequency ?? '—'}</td><td>{b.retention ?? '—'}</td><td>{frDate(b.lastTestedOn)}</td>{del('backup', b.id, b.method)}</tr>)}</tbody>
        </table>
      ) : <p>Aucune sauvegarde décrite.</p>}
    </>
  );
}

type Values = Record<string, string | undefined>;
const TITLES: Record<InventoryKind, string> = { software: 'Un logiciel', equipment: 'Un poste ou un serveur', backup: 'Une sauvegarde' };
const ADD_LABELS: Record<InventoryKind, string> = { software: 'Ajouter le logiciel', equipment: 'Ajouter le matériel', backup: 'Ajouter la sauvegarde' };

/** The fields of one kind of item, for the add forms and the edit page. */
function ItemFields({ kind, v, e }: { kind: InventoryKind; v: Values; e: FieldErrors | null }) {
  if (kind === 'software') {
    return (
      <>
        <TextInput name="publisher" label="Éditeur" required value={v.publisher} error={e?.publisher} />
        <TextInput name="product" label="Produit" required value={v.product} error={e?.product} />
        <TextInput name="version" label="Version" value={v.version} error={e?.version} />
        <TextInput name="modules" label="Modules (séparés par des virgules)" value={v.modules} error={e?.modules} />
        <TextInput name="licences" type="number" min={0} label="Licences" value={v.licences} error={e?.licences} />
      </>
    );
  }
  if (kind === 'equipment') {
    return (
      <>
        <Select name="kind" label="Type" options={[{ value: 'workstation', label: 'Poste de travail' }, { value: 'server', label: 'Serveur' }]} value={v.kind ?? 'workstation'} error={e?.kind} />
        <TextInput name="label" label="Désignation" required value={v.label} error={e?.label} />
        <TextInput name="operatingSystem" label="Système d’exploitation" value={v.operatingSystem} error={e?.operatingSystem} />
        <TextInput name="quantity" type="number" min={1} label="Quantité" value={v.quantity ?? '1'} error={e?.quantity} />
      </>
    );
  }
  return (
    <>
      <TextInput name="method" label="Méthode" required value={v.method} error={e?.method} />
      <TextInput name="destination" label="Destination" value={v.destination} error={e?.destination} />
      <TextInput name="frequency" label="Fréquence" value={v.frequency} error={e?.frequency} />
      <TextInput name="retention" label="Conservation" value={v.retention} error={e?.retention} />
      <TextInput name="lastTestedOn" type="date" label="Dernier test de restauration" value={v.lastTestedOn} error={e?.lastTestedOn} />
    </>
  );
}

/** A stored item as form values (modules joined, numbers and dates as text). */
function asValues(item: Record<string, unknown>): Values {
  return Object.fromEntries(Object.entries(item).map(([k, x]) => [k, Array.isArray(x) ? x.join(', ') : x === null || x === undefined ? '' : String(x)]));
}

async function inventoryPage(c: Context<AppEnv>, errors: FieldErrors | null = null, v: Values = {}, form = '') {
  const ctx = c.get('ctx');
  authorize(ctx.actor, 'inventory.manage', c.req.param('id'));
  const member = await getMember(ctx, c.req.param('id') ?? '');
  const inv = await memberInventory(ctx, member.id);
  const base = `/assistance/membres/${member.id}/inventaire`;
  const csrf = c.get('actor')?.csrfToken;
  return render(
    c,
    { title: `Inventaire — ${member.name}`, breadcrumbs: [{ href: '/assistance', label: 'Assistance' }, { href: `/membres/${member.id}`, label: member.name }, { label: 'Inventaire' }], status: errors ? 422 : 200 },
    <>
      <h1>Inventaire informatique — {member.name}</h1>
      <p>Les utilisateurs de la collectivité voient cet inventaire, sans pouvoir le modifier (« Mes demandes », inventaire).</p>
      <ErrorSummary errors={errors} />
      <InventoryTables inv={inv} base={base} />
      <h2>Ajouter</h2>
      {(['software', 'equipment', 'backup'] as const).map((kind) => (
        <Form action={`${base}/${kind}`} csrf={csrf} label={ADD_LABELS[kind]}>
          <h3>{TITLES[kind]}</h3>
          <ItemFields kind={kind} v={form === kind ? v : {}} e={form === kind ? errors : null} />
          <button type="submit">{ADD_LABELS[kind]}</button>
        </Form>
      ))}
    </>,
  );
}

async function editPage(c: Context<AppEnv>, errors: FieldErrors | null = null, typed: Values | null = null) {
  const ctx = c.get('ctx');
  authorize(ctx.actor, 'inventory.manage', c.req.param('id'));
  const member = await getMember(ctx, c.req.param('id') ?? '');
  const kind = c.req.param('kind') as InventoryKind;
  const inv = await memberInventory(ctx, member.id);
  const item = ({ software: inv.software, equipment: inv.equipment, backup: inv.backups }[kind] as { id: string }[]).find((x) => x.id === c.req.param('itemId'));
  if (!item) throw new NotFound('Élément d’inventaire introuvable.');
  const base = `/assistance/membres/${member.id}/inventaire`;
  return render(
    c,
    { title: `Modifier — inventaire de ${member.name}`, breadcrumbs: [{ href: '/assistance', label: 'Assistance' }, { href: base, label: `Inventaire — ${member.name}` }, { label: 'Modifier' }], status: errors ? 422 : 200 },
    <>
      <h1>Modifier : {TITLES[kind].toLowerCase()} — {member.name}</h1>
      <ErrorSummary errors={errors} />
      <Form action={c.req.path} csrf={c.get('actor')?.csrfToken} label="Modifier l’élément d’inventaire">
        <ItemFields kind={kind} v={typed ?? asValues(item)} e={errors} />
        <button type="submit">Enregistrer</button> <a href={base}>Annuler</a>
      </Form>
    </>,
  );
}

/** Grouped, so that the whole alternation is anchored (Hono would anchor only its first and last word). */
const KINDS = '{(?:software|equipment|backup)}';

export function mountInventoryPages(app: OpenAPIHono<AppEnv>) {
  const path = `/assistance/membres/:id{${UUID}}/inventaire`;
  const back = (c: Context<AppEnv>) => `/assistance/membres/${c.req.param('id')}/inventaire`;
  app.get(path, (c) => inventoryPage(c));
  app.post(`${path}/:kind${KINDS}`, async (c) => {
    const v = await formValues(c);
    const kind = c.req.param('kind') as InventoryKind;
    return submit(c, async () => {
      await addInventoryItem(c.get('ctx'), c.req.param('id') ?? '', kind, v);
      return { redirect: back(c), message: 'L’inventaire a été mis à jour.' };
    }, (errors) => inventoryPage(c, errors, v, kind));
  });
  app.get(`${path}/:kind${KINDS}/:itemId{${UUID}}/modifier`, (c) => editPage(c));
  app.post(`${path}/:kind${KINDS}/:itemId{${UUID}}/modifier`, async (c) => {
    const v = await formValues(c);
    return submit(c, async () => {
      await updateInventoryItem(c.get('ctx'), c.req.param('id') ?? '', c.req.param('kind') as InventoryKind, c.req.param('itemId') ?? '', v);
      return { redirect: back(c), message: 'L’élément a été modifié.' };
    }, (errors) => editPage(c, errors, v));
  });
  app.get(`${path}/:kind${KINDS}/:itemId{${UUID}}/supprimer`, (c) => {
    authorize(c.get('ctx').actor, 'inventory.manage', c.req.param('id'));
    return render(
      c,
      { title: 'Supprimer un élément d’inventaire' },
      <ConfirmAction title="Supprimer cet élément d’inventaire ?" message="L’élément sera retiré de l’inventaire de la collectivité (la suppression est tracée dans le journal)." action={c.req.path} csrf={c.get('actor')?.csrfToken} cancelHref={back(c)} confirmLabel="Supprimer l’élément" />,
    );
  });
  app.post(`${path}/:kind${KINDS}/:itemId{${UUID}}/supprimer`, async (c) => {
    await deleteInventoryItem(c.get('ctx'), c.req.param('id') ?? '', c.req.param('kind') as InventoryKind, c.req.param('itemId') ?? '');
    setFlash(c, 'success', 'L’élément a été supprimé.');
    return c.redirect(back(c), 303);
  });
}
