/** The site's fixed vocabularies: categories and rubrics of the watch, kinds of documents. */
export const ARTICLE_CATEGORIES = ['Comptabilité', 'Élections', 'État civil', 'Marchés publics', 'Numérique et collectivités', 'Sécurité informatique'] as const;
export const ARTICLE_RUBRICS = ['Veille règlementaire', 'Veille numérique', 'Veille technologique', 'Cybersécurité', 'Réglementation'] as const;
export type ArticleCategory = (typeof ARTICLE_CATEGORIES)[number];
export type ArticleRubric = (typeof ARTICLE_RUBRICS)[number];

export const DOCUMENT_KINDS = ['convention', 'annexe', 'tarifs', 'deliberation', 'guide', 'autre'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
