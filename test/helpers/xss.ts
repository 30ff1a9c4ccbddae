import { expect } from 'vitest';

/**
 * Classic cross-site-scripting payloads. Enter each in every text field of a form, then check the page (and
 * any export) that shows it back with `expectEscaped`: the markup must come back as text, never as markup.
 */
export const XSS_PAYLOADS = [
  '<script>alert("xss")</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  '<a href="javascript:alert(1)">clic</a>',
  '</title><script>alert(1)</script>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '" autofocus onfocus="alert(1)',
  '<body onload=alert(1)>',
  '{{constructor.constructor("alert(1)")()}}',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
] as const;

/** The HTML-escaped form of a text, as the server renders it (hono/jsx escapes & < > " '). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The payload appears escaped in the page, and never raw (which would be live markup). */
export function expectEscaped(html: string, payload: string): void {
  expect(html, `« ${payload} » doit être réaffiché échappé`).toContain(escapeHtml(payload));
  if (/[<>"']/.test(payload)) expect(html.includes(payload), `« ${payload} » apparaît tel quel (non échappé)`).toBe(false);
}
