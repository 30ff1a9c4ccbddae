import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../platform/http/types.ts';
import { ErrorSummary, Form, Select, TextInput, type FieldErrors } from '../../platform/ui/form.tsx';
import { render } from '../../platform/ui/render.tsx';
import { setFlash } from '../../platform/ui/flash.ts';
import { ConfirmAction } from '../../platform/ui/confirm.tsx';
import { getMember } from '../members/index.ts';
import { addInventoryItem, deleteInventoryItem, memberInventory, type InventoryKind } from './inventory.ts';
import { fmtDay, formValues, submit, UUID } from './page-helpers.tsx';

type Inventory = Awaited<ReturnType<typeof memberInventory>>;

/** The inventory's three tables; with `base`, each row has a delete link (staff). */
export function InventoryTables({ inv, base }: { inv: Inventory; base?: string }) {
  const del = (kind: InventoryKind, id: string, what: string) => (base ? <td><a href={`${base}/${kind}/${id}/supprimer`}>Supprimer<span class="visually-hidden"> {what}</span></a></td> : null);
  const actionHead = base ? <th scope="col">Action</th> : null;
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
          <tbody>{inv.backups.map((b) => <tr><td>{b.method}</td><td>{b.destination ?? '—'}</td><td>{b.frequency ?? '—'}</td><td>{b.retention ?? '—'}</td><td>{fmtDay(b.lastTestedOn)}</td>{del('backup', b.id, b.method)}</tr>)}</tbody>
        </table>
      ) : <p>Aucune sauvegarde décrite.</p>}
    </>
  );
}

async function inventoryPage(c: Context<AppEnv>, errors: FieldErrors | null = null, v: Record<string, string> = {}, form = '') {
  const ctx = c.get('ctx');
  const member = await getMember(ctx, c.req.param('id') ?? '');
  const inv = await memberInventory(ctx, member.id);
  const base = `/assistance/membres/${member.id}/inventaire`;
  const csrf = c.get('actor')?.csrfToken;
  const e = (name: string, f: string) => (form === f ? errors?.[name] : undefined);
  return render(
    c,
    { title: `Inventaire — ${member.name}`, breadcrumbs: [{ href: '/assistance', label: 'Assistance' }, { href: `/membres/${member.id}`, label: member.name }, { label: 'Inventaire' }], status: errors ? 422 : 200 },
    <>
      <h1>Inventaire informatique — {member.name}</h1>
      <ErrorSummary errors={errors} />
      <InventoryTables inv={inv} base={base} />
      <h2>Ajouter</h2>
      <Form action={`${base}/software`} csrf={csrf} label="Ajouter un logiciel">
        <h3>Un logiciel</h3>
        <TextInput name="publisher" label="Éditeur" required value={form === 'software' ? v.publisher : ''} error={e('publisher', 'software')} />
        <TextInput name="product" label="Produit" required value={form === 'software' ? v.product : ''} error={e('product', 'software')} />
        <TextInput name="version" label="Version" value={form === 'software' ? v.version : ''} />
        <TextInput name="modules" label="Modules (séparés par des virgules)" value={form === 'software' ? v.modules : ''} />
        <TextInput name="licences" type="number" label="Licences" value={form === 'software' ? v.licences : ''} error={e('licences', 'software')} />
        <button type="submit">Ajouter le logiciel</button>
      </Form>
      <Form action={`${base}/equipment`} csrf={csrf} label="Ajouter du matériel">
        <h3>Un poste ou un serveur</h3>
        <Select name="kind" label="Type" options={[{ value: 'workstation', label: 'Poste de travail' }, { value: 'server', label: 'Serveur' }]} value={form === 'equipment' ? v.kind : 'workstation'} />
        <TextInput name="label" label="Désignation" required value={form === 'equipment' ? v.label : ''} error={e('label', 'equipment')} />
        <TextInput name="operatingSystem" label="Système d’exploitation" value={form === 'equipment' ? v.operatingSystem : ''} />
        <TextInput name="quantity" type="number" label="Quantité" value={form === 'equipment' ? v.quantity : '1'} error={e('quantity', 'equipment')} />
        <button type="submit">Ajouter le matériel</button>
      </Form>
      <Form action={`${base}/backup`} csrf={csrf} label="Décrire une sauvegarde">
        <h3>Une sauvegarde</h3>
        <TextInput name="method" label="Méthode" required value={form === 'backup' ? v.method : ''} error={e('method', 'backup')} />
        <TextInput name="destination" label="Destination" value={form === 'backup' ? v.destination : ''} />
        <TextInput name="frequency" label="Fréquence" value={form === 'backup' ? v.frequency : ''} />
        <TextInput name="retention" label="Conservation" value={form === 'backup' ? v.retention : ''} />
        <TextInput name="lastTestedOn" type="date" label="Dernier test de restauration" value={form === 'backup' ? v.lastTestedOn : ''} error={e('lastTestedOn', 'backup')} />
        <button type="submit">Ajouter la sauvegarde</button>
      </Form>
    </>,
  );
}

const KINDS = '{software|equipment|backup}';

export function mountInventoryPages(app: OpenAPIHono<AppEnv>) {
  const path = `/assistance/membres/:id{${UUID}}/inventaire`;
  app.get(path, (c) => inventoryPage(c));
  app.post(`${path}/:kind${KINDS}`, async (c) => {
    const v = await formValues(c);
    const kind = c.req.param('kind') as InventoryKind;
    return submit(c, async () => {
      await addInventoryItem(c.get('ctx'), c.req.param('id') ?? '', kind, v);
      return { redirect: `/assistance/membres/${c.req.param('id')}/inventaire`, message: 'L’inventaire a été mis à jour.' };
    }, (errors) => inventoryPage(c, errors, v, kind));
  });
  app.get(`${path}/:kind${KINDS}/:itemId{${UUID}}/supprimer`, (c) =>
    render(
      c,
      { title: 'Supprimer un élément d’inventaire' },
      <ConfirmAction title="Supprimer cet élément d’inventaire ?" message="L’élément sera retiré de l’inventaire de la collectivité." action={c.req.path} csrf={c.get('actor')?.csrfToken} cancelHref={`/assistance/membres/${c.req.param('id')}/inventaire`} danger />,
    ),
  );
  app.post(`${path}/:kind${KINDS}/:itemId{${UUID}}/supprimer`, async (c) => {
    await deleteInventoryItem(c.get('ctx'), c.req.param('id') ?? '', c.req.param('kind') as InventoryKind, c.req.param('itemId') ?? '');
    setFlash(c, 'success', 'L’élément a été supprimé.');
    return c.redirect(`/assistance/membres/${c.req.param('id')}/inventaire`, 303);
  });
}
