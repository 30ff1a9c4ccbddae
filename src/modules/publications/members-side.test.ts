import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/helpers/app.ts';
import { signedInMember, signedInStaff, type SignedIn } from '../../../test/helpers/factories.ts';
import { createContact } from '../../../test/helpers/members-factories.ts';
import { editorTestApp, createTestArticle, multipart, testPdf, type Editor } from '../../../test/helpers/publications-factories.ts';
import { appMeta } from '../../platform/db/schema.ts';
import { outbox } from '../../platform/mail/schema.ts';
import { newsletterSubscriptions } from './schema.ts';
import { sendDigest, setSubscriptions, unsubscribeToken } from './newsletter.ts';

let t: TestApp;
let editor: Editor;
beforeAll(async () => ({ t, editor } = await editorTestApp()));
afterAll(() => t.close());

const get = (who: SignedIn | null, path: string) => t.app.request(path, { headers: who?.headers ?? {} });
const postForm = (who: SignedIn, path: string, body: FormData | Record<string, string>) => {
  const form = body instanceof FormData ? body : new URLSearchParams(body);
  form.set('_csrf', who.csrfToken);
  return t.app.request(path, { method: 'POST', headers: who.headers, body: form });
};

describe('documents library', () => {
  it('shows members-only documents to signed-in members and staff, never to anonymous visitors; versions with date and size', async () => {
    const pub = await postForm(editor, '/redaction/documents', multipart({ title: 'Guide public', kind: 'guide', visibility: 'public' }, { name: 'guide.pdf', type: 'application/pdf', bytes: await testPdf('Guide') }));
    expect(pub.status).toBe(303);
    await postForm(editor, '/redaction/documents', multipart({ title: 'Convention réservée', kind: 'convention', visibility: 'members' }, { name: 'convention.pdf', type: 'application/pdf', bytes: await testPdf('Convention') }));

    const staffPage = await (await get(editor, '/redaction/documents')).text();
    const docId = staffPage.match(/href="\/redaction\/documents\/([0-9a-f-]+)">Convention réservée<\/a>/)?.[1];
    expect(docId).toBeDefined();
    const v2 = await postForm(editor, `/redaction/documents/${docId}/versions`, multipart({ [`note-${docId}`]: 'Avenant 2026' }, { name: 'convention-v2.pdf', type: 'application/pdf', bytes: await testPdf('Convention v2') }));
    expect(v2.status).toBe(303);

    const anonymous = await (await get(null, '/documents')).text();
    expect(anonymous).toContain('Guide public');
    expect(anonymous).not.toContain('Convention réservée');
    expect(anonymous).toContain('connectez-vous');

    const member = await signedInMember(t.ctx, ['agent']);
    const memberPage = await (await get(member, '/documents')).text();
    expect(memberPage).toContain('Convention réservée');
    expect(memberPage).toMatch(/version 2, PDF, [\d,]+ Ko\)<\/a> — <time datetime="[^"]+">2 mars 2026<\/time> — Avenant 2026/);
    expect(memberPage).toContain('Version précédente (version 1');

    const links = [...memberPage.matchAll(/href="(\/documents\/fichiers\/[0-9a-f-]+)"/g)].map((m) => m[1]!);
    const membersOnly = links.filter((l) => !anonymous.includes(l));
    expect(membersOnly).toHaveLength(2);
    for (const link of membersOnly) {
      expect((await get(null, link)).status).toBe(404);
      const ok = await get(member, link);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('cache-control')).toBe('private, no-store');
    }
    expect((await get(null, '/documents/fichiers/not-a-uuid')).status).toBe(404);

    const confirm = await get(editor, `/redaction/documents/${docId}/supprimer`);
    expect(await confirm.text()).toContain('« Convention réservée » et ses 2 version(s) ne seront plus proposés');
    const member2 = await signedInMember(t.ctx, ['manager']);
    expect((await postForm(member2, `/redaction/documents/${docId}/supprimer`, {})).status).toBe(403);
    expect((await postForm(editor, `/redaction/documents/${docId}/supprimer`, {})).status).toBe(303);
    expect(await (await get(member, '/documents')).text()).not.toContain('Convention réservée');
    expect((await get(member, membersOnly[0]!)).status).toBe(404);
    expect((await get(editor, `/redaction/documents/${docId}`)).status).toBe(404);
  });
});

describe('newsletter', () => {
  it('member contacts subscribe per category; the digest goes through the mail queue with a signed one-click unsubscribe', async () => {
    const a = await signedInMember(t.ctx, ['manager']);
    const alice = await createContact(t.ctx, a.org.id, { name: 'Alice Maire', email: 'alice@commune-a.test' });
    const bob = await createContact(t.ctx, a.org.id, { name: 'Bob Secrétaire', email: 'bob@commune-a.test' });

    const page = await (await get(a, '/veille/lettre')).text();
    expect(page).toContain('Alice Maire (alice@commune-a.test)');
    const form = new URLSearchParams([['categories', 'Comptabilité'], ['categories', 'Sécurité informatique']]);
    form.set('_csrf', a.csrfToken);
    expect((await t.app.request(`/veille/lettre/${alice.id}`, { method: 'POST', headers: a.headers, body: form })).status).toBe(303);
    await setSubscriptions({ ...t.ctx, actor: a.actor }, bob.id, ['Élections']);

    await createTestArticle(editor.ctx, { title: 'Nouveau en comptabilité', category: 'Comptabilité' });
    await createTestArticle(editor.ctx, { title: 'Nouveau en marchés', category: 'Marchés publics' });
    const sent = await postForm(editor, '/redaction/lettre', {});
    expect(sent.status).toBe(303);

    const mails = await t.ctx.db.select().from(outbox).where(eq(outbox.to, 'alice@commune-a.test'));
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.text).toContain('Nouveau en comptabilité');
    expect(mail.text).not.toContain('Nouveau en marchés');
    expect(mail.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const link = mail.headers!['List-Unsubscribe']!.slice(1, -1);
    expect(mail.text).toContain(link);
    // Bob follows only Élections: nothing new for him.
    expect(await t.ctx.db.select().from(outbox).where(eq(outbox.to, 'bob@commune-a.test'))).toHaveLength(0);
    // Nothing new since the last digest.
    await expect(sendDigest(editor.ctx)).rejects.toThrow('Aucun nouvel article');

    const path = link.replace('http://localhost:3000', '');
    const tampered = path.replace(/jeton=([^.]+)\./, () => `jeton=${Buffer.from(`${bob.id}:*`).toString('base64url')}.`);
    expect((await t.app.request(tampered, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(422);
    expect((await get(null, path)).status).toBe(200);
    expect(await t.ctx.db.select().from(newsletterSubscriptions).where(eq(newsletterSubscriptions.contactId, alice.id))).toHaveLength(2);
    const oneClick = await t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(await t.ctx.db.select().from(newsletterSubscriptions).where(eq(newsletterSubscriptions.contactId, alice.id))).toHaveLength(0);
    expect(await t.ctx.db.select().from(newsletterSubscriptions).where(eq(newsletterSubscriptions.contactId, bob.id))).toHaveLength(1);
  });

  it('signs links with a secret kept in the database (stable across restarts) or SECRET_KEY when set', async () => {
    const contactId = '0b6f2a3e-0000-4000-8000-000000000001';
    const first = await unsubscribeToken(t.ctx, contactId);
    expect(await unsubscribeToken(t.ctx, contactId)).toBe(first);
    expect(await t.ctx.db.select().from(appMeta).where(eq(appMeta.key, 'publications.link_secret'))).toHaveLength(1);
    const configured = { ...t.ctx, config: { ...t.ctx.config, SECRET_KEY: 'x'.repeat(40) } };
    expect(await unsubscribeToken(configured, contactId)).not.toBe(first);
  });

  it('a member manages only its own contacts', async () => {
    const a = await signedInMember(t.ctx, ['manager']);
    const b = await signedInMember(t.ctx, ['manager']);
    const bContact = await createContact(t.ctx, b.org.id, { name: 'Contact de B', email: 'c@b.test' });
    expect((await postForm(a, `/veille/lettre/${bContact.id}`, { categories: 'Comptabilité' })).status).toBe(403);
    expect((await get(a, `/veille/lettre?collectivite=${b.org.id}`)).status).toBe(403);
    expect(await (await get(a, '/veille/lettre')).text()).not.toContain('Contact de B');
    const staff = await signedInStaff(t.ctx, ['technician']);
    const staffView = await get(staff, `/veille/lettre?collectivite=${b.org.id}`);
    expect(staffView.status, staffView.headers.get('location') ?? '').toBe(200);
    expect(await staffView.text()).toContain('Contact de B');
  });
});
