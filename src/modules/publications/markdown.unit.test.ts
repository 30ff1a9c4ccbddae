import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from './markdown.ts';
import { headlineToHtml } from './veille.ts';
import { slugify } from './validation.ts';

describe('Markdown rendering', () => {
  it('renders Markdown and demotes level-1 headings (the page owns its h1)', () => {
    expect(renderMarkdown('# Titre\n\nUn **texte** avec [un lien](https://example.fr).')).toBe(
      '<h2>Titre</h2>\n<p>Un <strong>texte</strong> avec <a href="https://example.fr">un lien</a>.</p>\n',
    );
  });

  it.each([
    ['<script>alert(1)</script>', /<script/i],
    ['<img src=x onerror="alert(1)">', /onerror/i],
    ['[clic](javascript:alert(1))', /javascript:/i],
    ['<a href="javascript:alert(1)">x</a>', /javascript:/i],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ['<p style="background:url(x)" onclick="alert(1)">x</p>', /style=|onclick/i],
    ['![x](https://evil.example/track.png)', /evil\.example/],
    ['<svg><script>alert(1)</script></svg>', /<svg|<script/i],
    ['<form action="https://evil.example"><input></form>', /<form|<input/i],
  ])('neutralises %s', (payload, forbidden) => {
    expect(renderMarkdown(payload)).not.toMatch(forbidden);
  });

  it('keeps images of the site’s own media library with their alternative text', () => {
    expect(renderMarkdown('![Carte des bornes](/medias/0b6f2a3e-0000-4000-8000-000000000000)')).toContain('<img src="/medias/0b6f2a3e-0000-4000-8000-000000000000" alt="Carte des bornes" />');
  });

  it('gives plain text without markup or entities', () => {
    expect(markdownToText('## Titre\n\nA & B <b>gras</b> `code`')).toBe('Titre A & B gras code');
  });
});

describe('search excerpts', () => {
  it('escape the text, then turn only the markers into <mark>', () => {
    expect(headlineToHtml('a <b>\u0001délibéré\u0002</b> & "c"')).toBe('a &lt;b&gt;<mark>délibéré</mark>&lt;/b&gt; &amp; &quot;c&quot;');
  });
});

describe('slugs', () => {
  it('are lower-case ASCII with dashes', () => {
    expect(slugify('Élections : l’état civil à Évette-Salbert !')).toBe('elections-l-etat-civil-a-evette-salbert');
    expect(slugify('!!!')).toBe('article');
  });
});
