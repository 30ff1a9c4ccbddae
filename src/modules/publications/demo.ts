import PDFDocument from 'pdfkit';
import type { DemoStep } from '../../platform/module.ts';
import { eq } from 'drizzle-orm';
import type { Actor, Ctx } from '../../platform/context.ts';
import { users } from '../identity/index.ts';
import { createArticle, publishArticle } from './articles.ts';
import { addDocumentVersion, createDocument } from './documents.ts';
import { DEMO_ARTICLES, DEMO_CONTACT, DEMO_SERVICE_PAGES } from './demo-content.ts';
import { SERVICES } from './services.ts';
import { savePage } from './site-pages.ts';

const DAY = 86_400_000;

/** A small real PDF (the library's files must open in any reader). */
export function demoPdf(title: string, lines: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: title } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(title).moveDown();
    for (const line of lines) doc.fontSize(11).text(line).moveDown(0.5);
    doc.end();
  });
}

/** The demo editor: the first administrator, acting as the communication service. */
async function editor(ctx: Ctx): Promise<Actor> {
  const [admin] = await ctx.db.select().from(users).where(eq(users.email, ctx.config.ADMIN_EMAIL));
  if (!admin) throw new Error('administrateur introuvable pour les données de démonstration');
  return { userId: admin.id, email: admin.email, name: 'Service communication', organisationId: admin.organisationId, side: 'syndicate', roles: ['editor'] };
}

export const publicationsDemo: DemoStep = {
  name: 'site public, veille et documents',
  order: 20,
  async run(base: Ctx, progress: (m: string) => void) {
    const ctx: Ctx = { ...base, actor: await editor(base) };
    const now = ctx.clock.now().getTime();
    for (const s of SERVICES) {
      await savePage(ctx, { slug: s.slug, kind: 'service', title: s.title, body: DEMO_SERVICE_PAGES[s.slug] ?? s.summary, metaDescription: s.summary, menuOrder: 0, published: true });
    }
    await savePage(ctx, { slug: 'contact', title: 'Contact', body: DEMO_CONTACT, metaDescription: 'Coordonnées et horaires du syndicat.', menuOrder: 90, published: true });
    await savePage(ctx, {
      slug: 'le-syndicat',
      title: 'Le syndicat',
      body: 'Toutes les communes du département adhèrent au syndicat pour la compétence électricité. Au fil des années, il a ajouté des services mutualisés : informatique, protection des données, éclairage public, mobilité électrique.\n\nSes décisions sont prises par un comité syndical où chaque collectivité est représentée.',
      metaDescription: 'Présentation du syndicat départemental d’énergie.',
      menuOrder: 1,
      published: true,
    });
    progress(`  ${SERVICES.length + 2} pages`);
    for (const a of DEMO_ARTICLES) {
      const article = await createArticle({ ...ctx, clock: { now: () => new Date(now - (Math.max(a.daysAgo, 0) + 1) * DAY) } }, { ...a });
      await publishArticle(ctx, article.id, new Date(now - a.daysAgo * DAY));
    }
    progress(`  ${DEMO_ARTICLES.length} articles de veille`);
    const docs = [
      { title: 'Convention d’adhésion au service informatique', kind: 'convention', visibility: 'members', lines: ['Objet : mise à disposition du service informatique mutualisé.', 'Durée : un an, renouvelable par tacite reconduction.'] },
      { title: 'Annexe 2 — options et tarifs', kind: 'tarifs', visibility: 'members', lines: ['Maintenance de base : obligatoire.', 'Options à la carte, tarifs révisés chaque année selon l’indice Syntec.'] },
      { title: 'Modèle de délibération d’adhésion', kind: 'deliberation', visibility: 'members', lines: ['Le conseil municipal, après en avoir délibéré, décide d’adhérer au service informatique mutualisé.'] },
      { title: 'Guide des services du syndicat', kind: 'guide', visibility: 'public', lines: ['Présentation des services mutualisés proposés aux collectivités membres.'] },
    ] as const;
    for (const d of docs) {
      const doc = await createDocument(ctx, { title: d.title, kind: d.kind, visibility: d.visibility }, { name: `${d.title}.pdf`, bytes: await demoPdf(d.title, [...d.lines]) });
      if (d.kind === 'tarifs') {
        await addDocumentVersion(ctx, doc.id, { name: `${d.title} (révision).pdf`, bytes: await demoPdf(`${d.title} — révision annuelle`, [...d.lines, 'Révision annuelle des tarifs.']) }, 'Révision annuelle des tarifs');
      }
    }
    progress(`  ${docs.length} documents`);
  },
};
