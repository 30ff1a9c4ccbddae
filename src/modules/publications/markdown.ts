import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/**
 * What rendered Markdown may contain. Links may only point to http(s), mail or the site itself; images only
 * to the site's own uploads (the CSP allows no other origin anyway); no raw HTML attributes beyond these.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'p', 'br', 'hr', 'strong', 'em', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 'abbr'],
  allowedAttributes: { a: ['href', 'title', 'hreflang'], img: ['src', 'alt', 'width', 'height'], th: ['scope'], abbr: ['title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  // A heading level 1 is the page's own title: demote authors' `#` to `##`.
  transformTags: { h1: 'h2', h5: 'h4', h6: 'h4' },
  exclusiveFilter: (frame) => frame.tag === 'img' && !(frame.attribs.src ?? '').startsWith('/medias/'),
};

/** Markdown → safe HTML for display. Never trust the stored Markdown: it is sanitised on every render. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source) as string;
  return sanitizeHtml(html, OPTIONS);
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' };

/** Plain text of Markdown (for excerpts, meta descriptions and feeds). */
export function markdownToText(source: string): string {
  return sanitizeHtml(marked.parse(source) as string, { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ENTITIES[e]!);
}
