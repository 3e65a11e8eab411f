/** Hand-rolled SVG charts for docs/benchmarks (no dependency): a log-x line chart, bars. */

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
}

const W = 640;
const H = 360;
const M = { top: 40, right: 160, bottom: 50, left: 70 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v: number) =>
  v >= 1000 ? `${Number((v / 1000).toFixed(v >= 10_000 ? 0 : 1))}k` : `${Number(v.toFixed(1))}`;

/** A 1-2-5 step giving about five ticks up to `max`. */
function niceStep(max: number): number {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** The y axis: its top value (a whole number of steps) and the pixel row of a value. */
function axis(yMax: number) {
  const step = niceStep(yMax);
  const top = Math.ceil(yMax / step) * step || 1;
  return { step, top, py: (v: number) => Math.round((M.top + PH - (v / top) * PH) * 10) / 10 };
}

function frame(
  title: string,
  yLabel: string,
  xLabel: string,
  yMax: number,
  body: string[],
): string {
  const { step, top } = axis(yMax);
  const grid: string[] = [];
  for (let v = 0; v <= top + 1e-9; v += step) {
    const y = M.top + PH - (v / top) * PH;
    grid.push(
      `<line x1="${M.left}" y1="${y}" x2="${M.left + PW}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${M.left - 8}" y="${y + 4}" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`,
    ...grid,
    `<line x1="${M.left}" y1="${M.top + PH}" x2="${M.left + PW}" y2="${M.top + PH}" stroke="#333"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + PH}" stroke="#333"/>`,
    `<text x="${M.left + PW / 2}" y="${H - 10}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function legend(series: readonly { name: string; color: string; dashed?: boolean }[]): string[] {
  return series.flatMap((s, i) => {
    const y = M.top + 10 + i * 20;
    const x = M.left + PW + 15;
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    return [
      `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${s.color}" stroke-width="3"${dash}/>`,
      `<text x="${x + 30}" y="${y + 4}">${esc(s.name)}</text>`,
    ];
  });
}

/** Lines over a logarithmic x axis (N = 100, 1,000, 10,000 ...). */
export function lineChart(
  title: string,
  yLabel: string,
  xLabel: string,
  series: readonly Series[],
): string {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const yMax = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1]))) * 1.1;
  const lx = (v: number) => Math.log10(v);
  const x0 = lx(xs[0] ?? 1) - 0.15;
  const x1 = lx(xs[xs.length - 1] ?? 10) + 0.15;
  const px = (v: number) => M.left + ((lx(v) - x0) / (x1 - x0 || 1)) * PW;
  const { py } = axis(yMax);
  const body: string[] = xs.map(
    (x) => `<text x="${px(x)}" y="${M.top + PH + 18}" text-anchor="middle">${fmt(x)}</text>`,
  );
  for (const s of series) {
    const pts = s.points.map(([x, y]) => `${Math.round(px(x) * 10) / 10},${py(y)}`);
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    body.push(
      `<polyline fill="none" stroke="${s.color}" stroke-width="3"${dash} points="${pts.join(' ')}"/>`,
      ...pts.map((p) => {
        const [cx, cy] = p.split(',');
        return `<circle cx="${cx}" cy="${cy}" r="4" fill="${s.color}"/>`;
      }),
    );
  }
  body.push(...legend(series));
  return frame(title, yLabel, xLabel, yMax, body);
}

/** Grouped bars: one group per label, one bar per series value (same order as `series`). */
export function barChart(
  title: string,
  yLabel: string,
  groups: readonly { label: string; values: readonly number[] }[],
  series: readonly { name: string; color: string }[],
  lines: readonly { name: string; color: string; value: number }[] = [],
): string {
  const yMax = Math.max(1, ...groups.flatMap((g) => g.values), ...lines.map((l) => l.value)) * 1.1;
  const { py } = axis(yMax);
  const base = M.top + PH;
  const gw = PW / Math.max(1, groups.length);
  const bw = (gw * 0.7) / Math.max(1, series.length);
  const body: string[] = [];
  for (const [gi, g] of groups.entries()) {
    const gx = M.left + gi * gw + gw * 0.15;
    body.push(
      `<text x="${gx + (bw * series.length) / 2}" y="${M.top + PH + 18}" text-anchor="middle">${esc(g.label)}</text>`,
    );
    for (const [si, raw] of g.values.entries()) {
      const v = Math.max(0, raw);
      body.push(
        `<rect x="${gx + si * bw}" y="${py(v)}" width="${bw - 2}" height="${Math.round((base - py(v)) * 10) / 10}" fill="${series[si]?.color ?? '#999'}"/>`,
        `<text x="${gx + si * bw + bw / 2}" y="${py(v)}" dy="-4" text-anchor="middle" font-size="10">${fmt(v)}</text>`,
      );
    }
  }
  for (const l of lines) {
    body.push(
      `<line x1="${M.left}" y1="${py(l.value)}" x2="${M.left + PW}" y2="${py(l.value)}" stroke="${l.color}" stroke-width="2" stroke-dasharray="5 4"/>`,
    );
  }
  body.push(...legend([...series, ...lines.map((l) => ({ ...l, dashed: true }))]));
  return frame(title, yLabel, '', yMax, body);
}
