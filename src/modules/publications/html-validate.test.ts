import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { createContact } from '../../../test/helpers/members-factories.ts';
import { signedInMember } from '../../../test/helpers/factories.ts';
import { createTestArticle, signedInEditor, testPdf } from '../../../test/helpers/publications-factories.ts';
import { createDocument } from './documents.ts';
import { unsubscribeToken } from './newsletter.ts';
import { savePage } from './site-pages.ts';

/**
 * W3C-style validation of the served HTML: the recommended rule set, minus three purely stylistic rules
 * about spellings HTML allows and the JSX renderer produces (`<meta />`, `<!doctype html>`, `defer=""`).
 */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'void-style': 'off', 'doctype-style': 'off', 'attribute-boolean-style': 'off' },
});

let t: TestApp;
const paths: string[] = [];
const editorPaths: string[] = [];
let editorHeaders: Record<string, string> = {};
beforeAll(async () => {
  t = await createTestApp();
  const editor = await signedInEditor(t.ctx);
  const a = await createTestArticle(editor.ctx, { title: 'Délibérations : ce qui change', body: '## Intertitre\n\n- un\n- deux\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[Lien](https://example.fr)', tags: ['conseil'], sourceUrl: 'https://www.example.gouv.fr/texte' });
  await savePage(editor.ctx, { slug: 'le-syndicat', title: 'Le syndicat', body: 'Présentation.', metaDescription: 'Qui sommes-nous', menuOrder: 1, published: true });
  const doc = await createDocument(editor.ctx, { title: 'Guide', kind: 'guide', visibility: 'public' }, { name: 'guide.pdf', bytes: await testPdf() });
  editorHeaders = editor.headers;
  editorPaths.push('/redaction/articles', '/redaction/articles?statut=publie&tri=title&ordre=desc', '/redaction/pages', '/redaction/documents', `/redaction/documents/${doc.id}`);
  const member = await signedInMember(t.ctx, ['manager']);
  const contact = await createContact(t.ctx, member.org.id, { email: 'x@y.test' });
  paths.push(
    '/',
    '/veille',
    `/veille/${a.slug}`,
    '/veille/categorie/comptabilite',
    '/veille/rubrique/veille-reglementaire',
    `/veille/archives/${new Date().toISOString().slice(0, 7)}`,
    '/veille/recherche',
    `/veille/recherche?q=${encodeURIComponent('délibéré')}`,
    '/services/transition-energetique',
    '/pages/le-syndicat',
    '/contact',
    '/accessibilite',
    '/documents',
    `/lettre/desabonnement?jeton=${await unsubscribeToken(t.ctx, contact.id)}`,
  );
});
afterAll(() => t.close());

describe('public pages are valid HTML', () => {
  it('passes html-validate on every public page', async () => {
    const messages: string[] = [];
    for (const path of paths) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(200);
      const report = await validator.validateString(await res.text(), path);
      messages.push(...report.results.flatMap((r) => r.messages.map((m) => `${path} ${m.ruleId}: ${m.message} (${m.line}:${m.column})`)));
    }
    expect(messages).toEqual([]);
  });

  it('passes html-validate on the back office lists', async () => {
    const messages: string[] = [];
    for (const path of editorPaths) {
      const res = await t.app.request(path, { headers: editorHeaders });
      expect(res.status, path).toBe(200);
      const report = await validator.validateString(await res.text(), path);
      messages.push(...report.results.flatMap((r) => r.messages.map((m) => `${path} ${m.ruleId}: ${m.message} (${m.line}:${m.column})`)));
    }
    expect(messages).toEqual([]);
  });
});
