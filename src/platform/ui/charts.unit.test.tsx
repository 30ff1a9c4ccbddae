import { describe, expect, it } from 'vitest';
import { BarChart, LineChart, niceMax } from './charts.tsx';

describe('accessible SVG charts', () => {
  it('a bar chart is an image named by its title and description, followed by the table of its data', () => {
    const html = (
      <BarChart id="c" title="Par canal" description="Trois canaux." categoryLabel="Canal" valueLabel="Interventions" data={[{ label: 'Téléphone', value: 2056 }, { label: 'Atelier', value: 514 }]} total />
    ).toString();
    expect(html).toContain('<svg role="img" aria-labelledby="c-title c-desc"');
    expect(html).toContain('<title id="c-title">Par canal</title>');
    expect(html).toContain('<desc id="c-desc">Trois canaux.</desc>');
    expect(html).toContain('<caption>Par canal (données)</caption>');
    expect(html).toMatch(/<th scope="row">Téléphone<\/th><td class="num">2\u202f056<\/td>/);
    expect(html).toMatch(/<tfoot><tr><th scope="row">Total<\/th><td class="num">2\u202f570<\/td>/);
    // The longest bar spans the scale's maximum (5,000 for 2,056): 370 × 2056 / 5000 ≈ 152.
    expect(html).toContain('width="152"');
  });

  it('empty data says so in the image and in the table', () => {
    const html = (<BarChart id="e" title="Vide" description="Rien." categoryLabel="Canal" valueLabel="N" data={[]} />).toString();
    expect(html.match(/Aucune donnée sur la période\./g)).toHaveLength(2);
  });

  it('a line chart has one table column per series and escapes labels', () => {
    const html = (
      <LineChart id="l" title="Par mois" description="Deux séries." categoryLabel="Mois" valueLabel="N" categories={['janv.', 'févr.']} series={[{ name: 'A<b>', values: [1, 2] }, { name: 'B', values: [3, 0] }]} />
    ).toString();
    expect(html).toContain('<th scope="col" class="num">A&lt;b&gt;</th>');
    expect(html).toMatch(/<th scope="row">févr\.<\/th><td class="num">2<\/td><td class="num">0<\/td>/);
    expect(html).not.toContain('<b>');
  });

  it('rounds the axis up to 1, 2 or 5 × 10ⁿ', () => {
    expect([0, 7, 12, 2056, 5000].map(niceMax)).toEqual([1, 10, 20, 5000, 5000]);
  });
});
