// A small line chart as SVG text (no dependencies): metric against depth, one line per series.

export interface Series {
  name: string;
  values: number[];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2', '#7f7f7f', '#17becf', '#bcbd22'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Lines over categorical x labels; NaN values leave gaps. `reference` draws a dashed level (chance). */
export function lineChart(opts: { title: string; xLabels: string[]; series: Series[]; yLabel: string; reference?: { value: number; label: string } }): string {
  const W = 640;
  const H = 320;
  const left = 56;
  const right = 150;
  const top = 30;
  const bottom = 50;
  const all = opts.series.flatMap((s) => s.values).filter(Number.isFinite);
  if (opts.reference) all.push(opts.reference.value);
  let lo = Math.min(0, ...all);
  let hi = Math.max(...all, lo + 1e-9);
  if (hi === lo) hi = lo + 1;
  const pad = (hi - lo) * 0.05;
  lo -= lo < 0 ? pad : 0;
  hi += pad;
  const n = opts.xLabels.length;
  const x = (i: number) => left + ((W - left - right) * (n > 1 ? i / (n - 1) : 0.5));
  const y = (v: number) => top + (H - top - bottom) * (1 - (v - lo) / (hi - lo));
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="${left}" y="18" font-size="13" font-weight="bold">${esc(opts.title)}</text>`);
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${Number(v.toPrecision(3))}</text>`);
  }
  opts.xLabels.forEach((label, i) => {
    parts.push(`<text x="${x(i).toFixed(1)}" y="${H - bottom + 14}" text-anchor="end" transform="rotate(-35 ${x(i).toFixed(1)} ${H - bottom + 14})">${esc(label)}</text>`);
  });
  parts.push(`<text x="14" y="${(top + (H - bottom)) / 2}" transform="rotate(-90 14 ${(top + (H - bottom)) / 2})" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  if (opts.reference) {
    const ry = y(opts.reference.value).toFixed(1);
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${ry}" y2="${ry}" stroke="#555" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${W - right + 4}" y="${ry}" fill="#555">${esc(opts.reference.label)}</text>`);
  }
  opts.series.forEach((s, k) => {
    const color = PALETTE[k % PALETTE.length];
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      pen = true;
    });
    if (d) parts.push(`<path d="${d.trim()}" fill="none" stroke="${color}" stroke-width="2"/>`);
    s.values.forEach((v, i) => {
      if (Number.isFinite(v)) parts.push(`<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${color}"/>`);
    });
    const ly = top + 14 * k + 10;
    parts.push(`<line x1="${W - right + 8}" x2="${W - right + 24}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<text x="${W - right + 28}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
