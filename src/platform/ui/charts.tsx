/**
 * Charts rendered on the server as SVG: no script, works under the strict CSP, printable. Each chart is an
 * image with a title and a description for assistive technologies (role="img" + aria-labelledby), and it is
 * always followed by the table of its figures, which is the accessible alternative and the exact values.
 */
const nf = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** Colours distinguishable with the common colour-vision deficiencies, each ≥ 4.5:1 on white. */
export const CHART_PALETTE = ['#1f4e99', '#b3430c', '#2b6e2f', '#7a2a8c', '#8a6100', '#0b6b73', '#a3243b', '#4a4a4a'];

export interface ChartDatum {
  label: string;
  value: number;
}

interface ChartBase {
  /** Unique in the page: the ids of the title, description and table derive from it. */
  id: string;
  title: string;
  /** A sentence saying what the chart shows (its main figures), read by screen readers. */
  description: string;
  /** Header of the value column of the table, e.g. "Interventions". */
  valueLabel: string;
  /** Header of the label column, e.g. "Canal". */
  categoryLabel: string;
  format?: (n: number) => string;
}

export interface BarChartProps extends ChartBase {
  data: ChartDatum[];
  /** Adds a total row to the table. */
  total?: boolean;
}

const fmt = (p: ChartBase) => p.format ?? ((n: number) => nf.format(n));

function truncate(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** Rounded-up "nice" maximum for the axis (1, 2, 5 × 10^n). */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Horizontal bars: labels stay readable, however long (names of communes, domains). */
export function BarChart(p: BarChartProps) {
  const f = fmt(p);
  const rowH = 28;
  const left = 190;
  const width = 640;
  const barMax = width - left - 80;
  const height = Math.max(1, p.data.length) * rowH + 10;
  const max = niceMax(Math.max(0, ...p.data.map((d) => d.value)));
  const sum = p.data.reduce((s, d) => s + d.value, 0);
  return (
    <figure class="chart" id={p.id}>
      <svg role="img" aria-labelledby={`${p.id}-title ${p.id}-desc`} viewBox={`0 0 ${width} ${height}`} width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">
        <title id={`${p.id}-title`}>{p.title}</title>
        <desc id={`${p.id}-desc`}>{p.description}</desc>
        {p.data.length === 0 ? (
          <text x="10" y="24" font-size="14" fill="#333">
            Aucune donnée sur la période.
          </text>
        ) : (
          p.data.map((d, i) => {
            const y = i * rowH + 5;
            const w = Math.max(d.value > 0 ? 1 : 0, Math.round((d.value / max) * barMax));
            return (
              <g>
                <text x={left - 8} y={y + 17} font-size="13" text-anchor="end" fill="#222">
                  {truncate(d.label, 26)}
                </text>
                <rect x={left} y={y + 3} width={w} height={rowH - 8} fill={CHART_PALETTE[0]} />
                <text x={left + w + 6} y={y + 17} font-size="13" fill="#222">
                  {f(d.value)}
                </text>
              </g>
            );
          })
        )}
      </svg>
      <DataTableOf id={p.id} caption={p.title} headers={[p.categoryLabel, p.valueLabel]} rows={p.data.map((d) => [d.label, f(d.value)])} total={p.total && p.data.length > 0 ? ['Total', f(sum)] : undefined} />
    </figure>
  );
}

export interface LineSeries {
  name: string;
  values: number[];
}

export interface LineChartProps extends ChartBase {
  /** The x axis, in order (e.g. months). */
  categories: string[];
  series: LineSeries[];
}

/** One line per series over ordered categories; markers differ in shape as well as colour. */
export function LineChart(p: LineChartProps) {
  const f = fmt(p);
  const width = 640;
  const height = 260;
  const pad = { left: 56, right: 16, top: 16, bottom: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = niceMax(Math.max(0, ...p.series.flatMap((s) => s.values)));
  const n = p.categories.length;
  const x = (i: number) => pad.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => t * max);
  const legendY = height - 8;
  return (
    <figure class="chart" id={p.id}>
      <svg role="img" aria-labelledby={`${p.id}-title ${p.id}-desc`} viewBox={`0 0 ${width} ${height + 20 * Math.ceil(p.series.length / 4)}`} width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">
        <title id={`${p.id}-title`}>{p.title}</title>
        <desc id={`${p.id}-desc`}>{p.description}</desc>
        {ticks.map((t) => (
          <g>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#d0d0d0" stroke-width="1" />
            <text x={pad.left - 6} y={y(t) + 4} font-size="11" text-anchor="end" fill="#333">
              {f(t)}
            </text>
          </g>
        ))}
        {p.categories.map((c, i) => (
          <text x={x(i)} y={pad.top + plotH + 16} font-size="11" text-anchor="middle" fill="#333">
            {truncate(c, 9)}
          </text>
        ))}
        {p.series.map((s, si) => {
          const colour = CHART_PALETTE[si % CHART_PALETTE.length]!;
          const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
          return (
            <g>
              <polyline points={points} fill="none" stroke={colour} stroke-width="2" />
              {s.values.map((v, i) => marker(si, x(i), y(v), colour))}
            </g>
          );
        })}
        {p.series.map((s, si) => {
          const colour = CHART_PALETTE[si % CHART_PALETTE.length]!;
          const lx = pad.left + (si % 4) * 150;
          const ly = legendY + 14 + Math.floor(si / 4) * 20;
          return (
            <g>
              {marker(si, lx, ly - 4, colour)}
              <text x={lx + 10} y={ly} font-size="12" fill="#222">
                {truncate(s.name, 20)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTableOf
        id={p.id}
        caption={p.title}
        headers={[p.categoryLabel, ...p.series.map((s) => s.name)]}
        rows={p.categories.map((c, i) => [c, ...p.series.map((s) => f(s.values[i] ?? 0))])}
      />
    </figure>
  );
}

/** Circle, square, triangle, diamond…: series stay distinct without colour. */
function marker(index: number, cx: number, cy: number, colour: string) {
  const shape = index % 4;
  if (shape === 0) return <circle cx={cx} cy={cy} r="3.5" fill={colour} />;
  if (shape === 1) return <rect x={cx - 3.5} y={cy - 3.5} width="7" height="7" fill={colour} />;
  if (shape === 2) return <polygon points={`${cx},${cy - 4.5} ${cx + 4.5},${cy + 3.5} ${cx - 4.5},${cy + 3.5}`} fill={colour} />;
  return <polygon points={`${cx},${cy - 5} ${cx + 5},${cy} ${cx},${cy + 5} ${cx - 5},${cy}`} fill={colour} />;
}

/** The figures of a chart as a table: first column is the row header. */
export function DataTableOf(p: { id: string; caption: string; headers: string[]; rows: string[][]; total?: string[] }) {
  return (
    <div class="table-wrap">
      <table id={`${p.id}-table`}>
        <caption>{p.caption} (données)</caption>
        <thead>
          <tr>
            {p.headers.map((h, i) => (
              <th scope="col" class={i > 0 ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 ? (
            <tr>
              <td colspan={p.headers.length}>Aucune donnée sur la période.</td>
            </tr>
          ) : (
            p.rows.map((r) => (
              <tr>
                <th scope="row">{r[0]}</th>
                {r.slice(1).map((v) => (
                  <td class="num">{v}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {p.total ? (
          <tfoot>
            <tr>
              <th scope="row">{p.total[0]}</th>
              {p.total.slice(1).map((v) => (
                <td class="num">{v}</td>
              ))}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
