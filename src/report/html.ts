import { writeValue } from "../load/uncertainty.js";
import type { Origin } from "../model/provenance.js";
import { Decimal, fixed, ZERO } from "../units/decimal.js";
import { groupDigits } from "./format.js";

// The HTML report is drawn from the JSON documents (`calc --format json`, `sensitivity --format json`,
// `simulate --format json`), never from the engine's decimals directly: every number on the page is
// the JSON's string with its digits grouped, and carries that string in `data-value`, so the report
// and the JSON cannot disagree. The SVG is drawn here, at build time; the page has no script and
// its Content-Security-Policy forbids every fetch, so it renders the same offline, forever.

// biome-ignore lint/suspicious/noExplicitAny: the JSON contract documents (json.ts, uncertainty.ts)
type Json = any;

export interface ReportInput {
  /** `calc --format json`, parsed. */
  calc: Json;
  /** Where every input came from (the scenario's lines, the catalogs' prices and sources). */
  provenance: Readonly<Record<string, Origin>>;
  /** `sensitivity --format json`, parsed, when the scenario has ranges. */
  sensitivity?: Json;
  /** `simulate --format json`, parsed, when the scenario has ranges. */
  simulation?: Json;
}

/** Escapes text for HTML content and attribute values. */
export function esc(text: unknown): string {
  return String(text)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** A JSON figure for people: grouped digits, the exact JSON string kept in data attributes. */
function figure(field: string, value: string | number | null, unit = ""): string {
  if (value === null || value === undefined)
    return `<span class="none" data-field="${esc(field)}" data-value="">none</span>`;
  const shown = typeof value === "number" ? String(value) : groupDigits(value);
  return `<span data-field="${esc(field)}" data-value="${esc(value)}">${esc(shown)}${unit ? ` ${esc(unit)}` : ""}</span>`;
}

/** A short axis label: 3.6M, 250k, 1.25B. Labels only; the exact figures are in the tables. */
export function compact(d: Decimal): string {
  const a = d.abs();
  const [div, suffix] = a.gte(1e9)
    ? [new Decimal(1e9), "B"]
    : a.gte(1e6)
      ? [new Decimal(1e6), "M"]
      : a.gte(1e3)
        ? [new Decimal(1e3), "k"]
        : [new Decimal(1), ""];
  const n = d.dividedBy(div).toDecimalPlaces(2).toString();
  return `${n}${suffix}`;
}

/** Round tick values from lo to hi (about `count` of them) at 1, 2 or 5 × 10^k. */
export function ticks(lo: Decimal, hi: Decimal, count: number): Decimal[] {
  const span = hi.minus(lo);
  if (span.lte(0)) return [lo];
  const raw = span.dividedBy(count);
  const exponent = Number(raw.toExponential(0).split("e")[1]);
  const base = new Decimal(10).pow(exponent);
  const step = [1, 2, 5, 10].map((k) => base.times(k)).find((s) => s.gte(raw)) ?? base.times(10);
  const out: Decimal[] = [];
  for (let t = lo.dividedBy(step).ceil().times(step); t.lte(hi); t = t.plus(step)) out.push(t);
  return out;
}

/** A linear map from [d0, d1] to [r0, r1], to two decimals, as an SVG coordinate. */
function scale(d0: Decimal, d1: Decimal, r0: number, r1: number): (v: Decimal) => string {
  const span = d1.minus(d0);
  return (v) =>
    span.isZero()
      ? fixed(new Decimal(r0), 2)
      : fixed(
          new Decimal(r0).plus(
            v
              .minus(d0)
              .dividedBy(span)
              .times(r1 - r0),
          ),
          2,
        );
}

const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

const W = 720;
const PAD = { left: 70, right: 20, top: 20, bottom: 40 };

/** The cumulative cash of each side with the break-even month marked. */
export function cumulativeSvg(calc: Json): string {
  const months = calc.months as Json[];
  const H = 320;
  const cur = calc.scenario.currency as string;
  let rent = ZERO;
  let own = ZERO;
  const points = months.map((m) => {
    rent = rent.plus(m.rent);
    own = own.plus(m.ownCash);
    return { month: m.month as number, label: m.label as string, rent, own };
  });
  const all = points.flatMap((p) => [p.rent, p.own]);
  const top = all.reduce((a, b) => (b.gt(a) ? b : a), ZERO);
  const bottom = all.reduce((a, b) => (b.lt(a) ? b : a), ZERO);
  const n = Math.max(1, points.length - 1);
  const x = (month: number) =>
    fixed(new Decimal(PAD.left + ((month - 1) * (W - PAD.left - PAD.right)) / n), 2);
  const y = scale(bottom, top.isZero() ? new Decimal(1) : top, H - PAD.bottom, PAD.top);
  const line = (side: "rent" | "own") => points.map((p) => `${x(p.month)},${y(p[side])}`).join(" ");
  const parts: string[] = [];
  for (const t of ticks(bottom, top, 5)) {
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}"/>`,
      `<text class="axis" x="${PAD.left - 6}" y="${y(t)}" text-anchor="end" dominant-baseline="middle">${esc(compact(t))}</text>`,
    );
  }
  for (const p of points) {
    if ((p.month - 1) % 12 !== 0) continue;
    parts.push(
      `<line class="tick" x1="${x(p.month)}" x2="${x(p.month)}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom + 5}"/>`,
      `<text class="axis" x="${x(p.month)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${esc(p.label)}</text>`,
    );
  }
  parts.push(
    `<polyline class="rent" data-side="rent" fill="none" stroke="#d62728" stroke-width="2.5" points="${line("rent")}"/>`,
    `<polyline class="own" data-side="own" fill="none" stroke="#1f77b4" stroke-width="2.5" points="${line("own")}"/>`,
  );
  const be = calc.summary.breakEvenMonth as number | null;
  if (be !== null) {
    const label = points[be - 1]?.label ?? `M${be}`;
    parts.push(
      `<g id="break-even" data-month="${be}">`,
      `<line x1="${x(be)}" x2="${x(be)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#2ca02c" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${x(be)}" y="${PAD.top - 6}" text-anchor="middle" class="marker">break-even: month ${be} (${esc(label)})</text>`,
      "</g>",
    );
  }
  return [
    `<svg id="cumulative" role="img" aria-labelledby="cumulative-title" viewBox="0 0 ${W} ${H}" data-break-even-month="${be ?? ""}" data-months="${points.length}">`,
    `<title id="cumulative-title">Cumulative cash cost, ${esc(cur)}: rent (red) and own (blue)${be === null ? ", no break-even" : `, break-even in month ${be}`}</title>`,
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(ZERO)}" y2="${y(ZERO)}"/>`,
    ...parts,
    "</svg>",
  ].join("\n");
}

interface YearStack {
  year: number;
  side: "rent" | "own";
  parts: { category: string; amount: Decimal }[];
}

/** Cash by model year, side and category: sums of the JSON's ledger items (exact, in cents). */
export function yearlyByCategory(calc: Json): { stacks: YearStack[]; categories: string[] } {
  const totals = new Map<string, Decimal>();
  const categories = new Set<string>();
  for (const m of calc.months as Json[]) {
    const year = Math.ceil(m.month / 12);
    for (const item of m.items as Json[]) {
      const key = `${year}\u0000${item.side}\u0000${item.category}`;
      categories.add(item.category);
      totals.set(key, (totals.get(key) ?? ZERO).plus(item.cash));
    }
  }
  const sorted = [...categories].sort();
  const stacks: YearStack[] = [];
  for (const y of calc.years as Json[]) {
    for (const side of ["rent", "own"] as const) {
      stacks.push({
        year: y.year,
        side,
        parts: sorted
          .map((category) => ({
            category,
            amount: totals.get(`${y.year}\u0000${side}\u0000${category}`) ?? ZERO,
          }))
          .filter((p) => !p.amount.isZero()),
      });
    }
  }
  return { stacks, categories: sorted };
}

function yearlySvg(calc: Json): string {
  const { stacks, categories } = yearlyByCategory(calc);
  const color = (c: string) => PALETTE[categories.indexOf(c) % PALETTE.length];
  const H = 300;
  let hi = ZERO;
  let lo = ZERO;
  for (const s of stacks) {
    const pos = s.parts.filter((p) => p.amount.gt(0)).reduce((a, p) => a.plus(p.amount), ZERO);
    const neg = s.parts.filter((p) => p.amount.lt(0)).reduce((a, p) => a.plus(p.amount), ZERO);
    if (pos.gt(hi)) hi = pos;
    if (neg.lt(lo)) lo = neg;
  }
  const y = scale(lo, hi.isZero() ? new Decimal(1) : hi, H - PAD.bottom, PAD.top);
  const years = (calc.years as Json[]).length;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, years);
  const bar = Math.min(40, slot / 3);
  const parts: string[] = [];
  for (const t of ticks(lo, hi, 5))
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}"/>`,
      `<text class="axis" x="${PAD.left - 6}" y="${y(t)}" text-anchor="end" dominant-baseline="middle">${esc(compact(t))}</text>`,
    );
  for (const s of stacks) {
    const x0 = PAD.left + (s.year - 1) * slot + slot / 2 + (s.side === "rent" ? -bar - 2 : 2);
    let up = ZERO;
    let down = ZERO;
    for (const p of s.parts) {
      const from = p.amount.gt(0) ? up : down;
      const to = from.plus(p.amount);
      if (p.amount.gt(0)) up = to;
      else down = to;
      const [a, b] = [Number(y(from)), Number(y(to))];
      parts.push(
        `<rect x="${x0.toFixed(2)}" y="${Math.min(a, b).toFixed(2)}" width="${bar.toFixed(2)}" height="${Math.abs(a - b).toFixed(2)}" fill="${color(p.category)}" data-year="${s.year}" data-side="${s.side}" data-category="${esc(p.category)}" data-value="${fixed(p.amount, 2)}"><title>year ${s.year}, ${s.side}, ${esc(p.category)}: ${esc(groupDigits(fixed(p.amount, 2)))}</title></rect>`,
      );
    }
    parts.push(
      `<text class="axis" x="${(x0 + bar / 2).toFixed(2)}" y="${H - PAD.bottom + 14}" text-anchor="middle">${s.side === "rent" ? "R" : "O"}</text>`,
    );
  }
  for (const yr of calc.years as Json[])
    parts.push(
      `<text class="axis" x="${(PAD.left + (yr.year - 1) * slot + slot / 2).toFixed(2)}" y="${H - PAD.bottom + 30}" text-anchor="middle">year ${yr.year}</text>`,
    );
  const legend = categories
    .map((c) => `<span class="key"><i style="background:${color(c)}"></i>${esc(c)}</span>`)
    .join(" ");
  return [
    `<svg id="yearly" role="img" aria-label="Cash cost per model year by category: R rent, O own" viewBox="0 0 ${W} ${H}">`,
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(ZERO)}" y2="${y(ZERO)}"/>`,
    ...parts,
    "</svg>",
    `<p class="legend">${legend} — R: rent, O: own</p>`,
    yearlyTable(stacks, categories),
  ].join("\n");
}

function yearlyTable(stacks: YearStack[], categories: string[]): string {
  const head = `<tr><th>year</th><th>side</th>${categories.map((c) => `<th class="num">${esc(c)}</th>`).join("")}<th class="num">total</th></tr>`;
  const rows = stacks.map((s) => {
    const cells = categories.map((c) => {
      const p = s.parts.find((q) => q.category === c);
      return `<td class="num">${p ? esc(groupDigits(fixed(p.amount, 2))) : ""}</td>`;
    });
    const total = s.parts.reduce((a, p) => a.plus(p.amount), ZERO);
    return `<tr><td>${s.year}</td><td>${s.side}</td>${cells.join("")}<td class="num">${esc(groupDigits(fixed(total, 2)))}</td></tr>`;
  });
  return `<div class="scroll"><table class="yearly">${head}${rows.join("")}</table></div>`;
}

function tornadoSvg(sens: Json, cur: string): string {
  const inputs = sens.inputs as Json[];
  const rowH = 26;
  const H = PAD.top + PAD.bottom + rowH * inputs.length;
  const left = 220;
  const values = inputs.flatMap((i) => [new Decimal(i.savingsNpvAtLow), new Decimal(i.savingsNpvAtHigh)]);
  const point = new Decimal(sens.pointSavingsNpv);
  values.push(point);
  const lo = values.reduce((a, b) => (b.lt(a) ? b : a));
  const hi = values.reduce((a, b) => (b.gt(a) ? b : a));
  const x = scale(lo, hi.eq(lo) ? lo.plus(1) : hi, left, W - PAD.right);
  const parts: string[] = [];
  inputs.forEach((i, k) => {
    const a = new Decimal(i.savingsNpvAtLow);
    const b = new Decimal(i.savingsNpvAtHigh);
    const y0 = PAD.top + k * rowH;
    const [x1, x2] = [Number(x(Decimal.min(a, b))), Number(x(Decimal.max(a, b)))];
    parts.push(
      `<text class="axis" x="${left - 8}" y="${y0 + rowH / 2}" text-anchor="end" dominant-baseline="middle">${esc(i.field)}</text>`,
      `<rect class="swing" x="${x1.toFixed(2)}" y="${y0 + 4}" width="${Math.max(1, x2 - x1).toFixed(2)}" height="${rowH - 8}" fill="#9467bd" data-field="${esc(i.field)}" data-swing="${esc(i.swing)}"><title>${esc(i.field)} from ${esc(inputValue(i.low, i.distribution))} to ${esc(inputValue(i.high, i.distribution))}: savings NPV ${esc(groupDigits(i.savingsNpvAtLow))} to ${esc(groupDigits(i.savingsNpvAtHigh))} ${esc(cur)}</title></rect>`,
    );
  });
  for (const t of ticks(lo, hi, 4))
    parts.push(
      `<text class="axis" x="${x(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(compact(t))}</text>`,
    );
  parts.push(
    `<line x1="${x(point)}" x2="${x(point)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#333" stroke-width="1.5"/>`,
  );
  return [
    `<svg id="tornado" role="img" aria-label="Savings NPV as each uncertain input swings from low to high" viewBox="0 0 ${W} ${H}">`,
    ...parts,
    "</svg>",
  ].join("\n");
}

function histogramSvg(sim: Json): string {
  const bins = sim.histogram as Json[];
  const H = 260;
  if (bins.length === 0) return "";
  const lo = new Decimal(bins[0].from);
  const hi = new Decimal(bins[bins.length - 1].to);
  const x = scale(lo, hi.eq(lo) ? lo.plus(1) : hi, PAD.left, W - PAD.right);
  const most = bins.reduce((a, b) => Math.max(a, b.count as number), 1);
  const y = (c: number) => H - PAD.bottom - (c / most) * (H - PAD.top - PAD.bottom);
  const parts = bins.map((b) => {
    const [x1, x2] = [Number(x(new Decimal(b.from))), Number(x(new Decimal(b.to)))];
    const fill = new Decimal(b.to).lte(0) ? "#d62728" : "#1f77b4";
    return `<rect x="${x1.toFixed(2)}" y="${y(b.count).toFixed(2)}" width="${Math.max(0.5, x2 - x1 - 1).toFixed(2)}" height="${(H - PAD.bottom - y(b.count)).toFixed(2)}" fill="${fill}" data-count="${b.count}"><title>${esc(groupDigits(b.from))} to ${esc(groupDigits(b.to))}: ${b.count} runs</title></rect>`;
  });
  for (const p of ["p10", "p50", "p90"] as const) {
    const v = new Decimal(sim.savings[p]);
    parts.push(
      `<line x1="${x(v)}" x2="${x(v)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#333" stroke-dasharray="3 3"/>`,
      `<text class="axis" x="${x(v)}" y="${PAD.top - 6}" text-anchor="middle">${p.toUpperCase()}</text>`,
    );
  }
  for (const t of ticks(lo, hi, 5))
    parts.push(
      `<text class="axis" x="${x(t)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(compact(t))}</text>`,
    );
  return [
    `<svg id="histogram" role="img" aria-label="Distribution of total savings over the simulated runs" viewBox="0 0 ${W} ${H}">`,
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}"/>`,
    ...parts,
    "</svg>",
  ].join("\n");
}

/** vCPUs served from the cloud above the owned fleet, month by month (hybrid). */
export function burstSvg(calc: Json): string {
  const months = calc.months as Json[];
  const values = months.map((m) => new Decimal(m.drivers.burstVcpu ?? 0));
  const hi = values.reduce((a, b) => (b.gt(a) ? b : a), ZERO);
  if (hi.isZero()) return "";
  const H = 200;
  const y = scale(ZERO, hi, H - PAD.bottom, PAD.top);
  const slot = (W - PAD.left - PAD.right) / months.length;
  const parts: string[] = [];
  for (const t of ticks(ZERO, hi, 3))
    parts.push(
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t)}" y2="${y(t)}"/>`,
      `<text class="axis" x="${PAD.left - 6}" y="${y(t)}" text-anchor="end" dominant-baseline="middle">${esc(compact(t))}</text>`,
    );
  months.forEach((m, i) => {
    const v = values[i] ?? ZERO;
    const x = PAD.left + i * slot;
    if ((m.month - 1) % 12 === 0)
      parts.push(
        `<text class="axis" x="${(x + slot / 2).toFixed(2)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(m.label)}</text>`,
      );
    if (v.isZero()) return;
    const top = y(v);
    parts.push(
      `<rect x="${x.toFixed(2)}" y="${top}" width="${Math.max(1, slot - 1).toFixed(2)}" height="${(H - PAD.bottom - Number(top)).toFixed(2)}" fill="#ff7f0e" data-month="${m.month}" data-value="${esc(m.drivers.burstVcpu)}"><title>${esc(m.label)}: ${esc(groupDigits(m.drivers.burstVcpu))} vCPU from the cloud</title></rect>`,
    );
  });
  return [
    `<svg id="burst" role="img" aria-label="vCPUs rented from the cloud above the owned fleet, by month" viewBox="0 0 ${W} ${H}">`,
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}"/>`,
    ...parts,
    "</svg>",
    `<p class="legend">Cloud burst: vCPUs rented above the owned fleet in each month (hybrid "own the baseline, rent the peak"); its cost is in the own side's compute.</p>`,
  ].join("\n");
}

const CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #5b5b5b; --rule: #d9d9d9; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 980px; padding: 16px; }
h1 { font-size: 1.6em; margin: 0.2em 0; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
.verdict { font-size: 1.1em; } .muted, .legend, figcaption { color: var(--muted); font-size: 0.9em; }
dl.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 8px; margin: 0; }
dl.cards div { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; }
dl.cards dt { color: var(--muted); font-size: 0.85em; } dl.cards dd { margin: 0; font-size: 1.15em; font-weight: 600; font-variant-numeric: tabular-nums; }
svg { width: 100%; height: auto; display: block; } svg text { font-size: 12px; fill: var(--ink); }
svg .grid { stroke: #eee; } svg .axis-line, svg .tick { stroke: #999; } svg .marker { fill: #2ca02c; font-weight: 600; }
.scroll { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 0.9em; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; } .num { text-align: right; white-space: nowrap; }
.key { white-space: nowrap; margin-right: 10px; } .key i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.pass { color: #1a7f37; } .fail { color: #c62828; font-weight: 600; } .warn { color: #9a6700; } .none { color: var(--muted); }
section { break-inside: avoid; page-break-inside: avoid; }
@media (max-width: 600px) { body { font-size: 14px; padding: 10px; } svg text { font-size: 16px; } }
@media print { body { max-width: none; padding: 0; font-size: 11pt; } a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } .scroll { overflow: visible; } dl.cards div { border-color: #999; } }
`;

function gateRows(calc: Json, sim: Json | undefined): string {
  // A percentile gate is skipped by calc and checked by the simulation: show the simulation's row.
  const simulated = sim ? (sim.gates as Json[]) : [];
  const gates = [
    ...(calc.gates as Json[])
      .filter((g) => !(sim && g.skipped && /\.p(10|50|90)\./.test(String(g.from))))
      .map((g) => ({ ...g, percentile: null })),
    ...simulated,
  ];
  if (gates.length === 0) return `<p class="muted">The scenario has no gates.</p>`;
  const rows = gates.map((g) => {
    const state = g.skipped ? "skip" : g.ok ? "pass" : g.level === "warn" ? "warn" : "FAIL";
    const cls = state === "FAIL" ? "fail" : state === "warn" ? "warn" : state === "pass" ? "pass" : "none";
    const name = g.percentile ? `P${g.percentile} ${g.name}` : g.name;
    return `<tr><td class="${cls}">${state}</td><td>${esc(name)} ${g.bound === "min" ? "≥" : "≤"} ${esc(g.limit ?? "")}</td><td class="num">${esc(g.actual ?? "none")}</td><td class="muted">${esc(g.from ?? "")}</td></tr>`;
  });
  return `<div class="scroll"><table><tr><th>state</th><th>gate</th><th class="num">actual</th><th>from</th></tr>${rows.join("")}</table></div>`;
}

/** An input value of the tornado as the scenario writes it (six significant digits, its unit). */
function inputValue(v: number, dist: Json): string {
  return writeValue(Number(v.toPrecision(6)), String(dist?.suffix ?? ""));
}

function assumptions(input: ReportInput): string {
  const origins = Object.entries(input.provenance).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = origins.map(([path, o]) => {
    const where = `${o.file}${o.line === undefined ? "" : `:${o.line}`}`;
    const source = o.catalog
      ? `${o.catalog.name}, as of ${o.catalog.asOf}${o.catalog.estimate ? " (estimate)" : ""}: ${o.catalog.source}`
      : "scenario";
    return `<tr><td><code>${esc(path)}</code></td><td class="num">${esc(o.written)}</td><td>${esc(source)}</td><td class="muted">${esc(where)}</td></tr>`;
  });
  const catalogs = (input.calc.catalogs as Json[]).map(
    (c) =>
      `<tr><td>${esc(c.name)}</td><td>${esc(c.side)}</td><td>${esc(c.currency)}</td><td>${esc(c.asOf)}</td><td>${esc(c.source)}</td><td class="muted"><code>${esc(String(c.sha256).slice(0, 12))}</code>${c.overridden.length ? ` · overridden: ${esc(c.overridden.join(", "))}` : ""}</td></tr>`,
  );
  return [
    catalogs.length
      ? `<h3>Catalogs</h3><div class="scroll"><table><tr><th>catalog</th><th>side</th><th>currency</th><th>as of</th><th>source</th><th>sha256 (first 12)</th></tr>${catalogs.join("")}</table></div>`
      : `<p class="muted">No pricing catalog: every amount is an explicit line item of the scenario.</p>`,
    `<h3>Inputs</h3><div class="scroll"><table><tr><th>input</th><th class="num">value as written</th><th>source</th><th>file:line</th></tr>${rows.join("")}</table></div>`,
  ].join("\n");
}

function marginSection(calc: Json): string {
  const m = calc.summary.margin;
  const cur = calc.scenario.currency;
  if (m.grossMarginDeltaPp === null && m.netProfitDelta === null)
    return `<p class="muted">No margin figures: the scenario has no <code>business</code> section${m.year === null ? " or no full model year" : ""}.</p>`;
  const rows = (calc.years as Json[]).map(
    (y) =>
      `<tr><td>${y.year}</td><td class="num">${figure(`years.${y.year - 1}.revenue`, y.revenue)}</td><td class="num">${figure(`years.${y.year - 1}.savingsPnl`, y.savingsPnl)}</td><td class="num">${figure(`years.${y.year - 1}.grossMarginDeltaPp`, y.grossMarginDeltaPp)}</td><td class="num">${figure(`years.${y.year - 1}.netProfitDelta`, y.netProfitDelta)}</td><td class="num">${figure(`years.${y.year - 1}.netProfitDeltaPct`, y.netProfitDeltaPct)}</td></tr>`,
  );
  return [
    `<dl class="cards">`,
    card(
      `Gross margin change (year ${esc(m.year)})`,
      figure("summary.margin.grossMarginDeltaPp", m.grossMarginDeltaPp, "pp"),
    ),
    card("Net profit change per year", figure("summary.margin.netProfitDelta", m.netProfitDelta, cur)),
    card("Net profit change", figure("summary.margin.netProfitDeltaPct", m.netProfitDeltaPct, "%")),
    card("Valuation change", figure("summary.margin.valuationDelta", m.valuationDelta, cur)),
    card(
      "Savings NPV after tax",
      figure("summary.afterTax.savingsNpv", calc.summary.afterTax?.savingsNpv ?? null, cur),
    ),
    card(
      calc.summary.irr === null
        ? `IRR (${esc(calc.summary.irrNote ?? "none")})`
        : "IRR of owning instead of renting",
      figure("summary.irr", calc.summary.irr, "%/yr"),
    ),
    card(
      `EBITDA change (year ${esc(m.year)})`,
      figure(`years.${m.year - 1}.ebitdaDelta`, calc.years[m.year - 1]?.ebitdaDelta ?? null, cur),
    ),
    "</dl>",
    `<div class="scroll"><table><tr><th>year</th><th class="num">revenue</th><th class="num">savings (P&amp;L)</th><th class="num">gross margin Δ pp</th><th class="num">net profit Δ</th><th class="num">net profit Δ %</th></tr>${rows.join("")}</table></div>`,
  ].join("\n");
}

/** The negotiation figure in words, under the verdict (MODEL.md §7). */
function cutWords(s: Json): string {
  const cut = s.breakEvenDiscountPct as string | null;
  if (cut === null || Number(cut) === 0) return "";
  return cut.startsWith("-")
    ? `<p>Renting stays cheaper on NPV even if the cloud raised its prices by <span data-field="summary.breakEvenDiscountPct" data-value="${esc(cut)}">${esc(cut.slice(1))}%</span>.</p>\n`
    : `<p>The cloud would have to cut its prices by <span data-field="summary.breakEvenDiscountPct" data-value="${esc(cut)}">${esc(cut)}%</span> to match (on NPV).</p>\n`;
}

function card(title: string, value: string): string {
  return `<div><dt>${title}</dt><dd>${value}</dd></div>`;
}

function uncertaintySections(input: ReportInput, cur: string): string {
  const out: string[] = [];
  if (input.sensitivity && (input.sensitivity.inputs as Json[]).length > 0) {
    const rows = (input.sensitivity.inputs as Json[]).map(
      (i) =>
        `<tr><td><code>${esc(i.field)}</code></td><td class="num">${esc(inputValue(i.low, i.distribution))} – ${esc(inputValue(i.high, i.distribution))}</td><td class="num">${esc(groupDigits(i.savingsNpvAtLow))}</td><td class="num">${esc(groupDigits(i.savingsNpvAtHigh))}</td><td class="num">${esc(groupDigits(i.swing))}</td></tr>`,
    );
    out.push(
      `<section id="sensitivity"><h2>Sensitivity: which estimate matters most</h2>`,
      `<p class="muted">Each uncertain input swung alone from its low to its high value, every other input at its point value; bars show savings NPV (${esc(cur)}), the line is the point estimate ${esc(groupDigits(input.sensitivity.pointSavingsNpv))}.</p>`,
      tornadoSvg(input.sensitivity, cur),
      `<div class="scroll"><table><tr><th>input</th><th class="num">low – high</th><th class="num">NPV at low</th><th class="num">NPV at high</th><th class="num">swing</th></tr>${rows.join("")}</table></div></section>`,
    );
  }
  const sim = input.simulation;
  if (sim) {
    const p = (field: string, v: string | number | null, unit = "") => figure(`simulation.${field}`, v, unit);
    out.push(
      `<section id="simulation"><h2>Monte Carlo: how sure</h2>`,
      `<p class="muted">${esc(sim.runs)} runs, seed ${esc(sim.seed)}; every uncertain input drawn from its range at once. Blue bins: owning cheaper; red: renting cheaper.</p>`,
      `<dl class="cards">`,
      card("Probability owning is cheaper", p("probabilityOwningCheaper", sim.probabilityOwningCheaper)),
      card("Savings P10", p("savings.p10", sim.savings.p10, cur)),
      card("Savings P50", p("savings.p50", sim.savings.p50, cur)),
      card("Savings P90", p("savings.p90", sim.savings.p90, cur)),
      card("Break-even month P50", p("breakEvenMonth.p50", sim.breakEvenMonth.p50)),
      card("Break-even month P90", p("breakEvenMonth.p90", sim.breakEvenMonth.p90)),
      "</dl>",
      histogramSvg(sim),
      "</section>",
    );
  }
  return out.join("\n");
}

/** The whole report: one HTML file, no script, no external resource. */
export function renderHtml(input: ReportInput): string {
  const c = input.calc;
  const s = c.summary;
  const cur = c.scenario.currency as string;
  const be = s.breakEvenMonth as number | null;
  const beLabel = be === null ? "" : (c.months[be - 1]?.label as string);
  const savings = new Decimal(s.savings.total);
  const verdict = savings.isZero()
    ? `Owning and renting cost the same over ${c.scenario.horizonMonths} months.`
    : savings.gt(0)
      ? `Owning saves ${groupDigits(s.savings.total)} ${cur} over ${c.scenario.horizonMonths} months${s.savings.pct === null ? "" : ` (${s.savings.pct}% of the rent TCO)`}.`
      : `Owning costs ${groupDigits(savings.abs().toFixed(2))} ${cur} more than renting over ${c.scenario.horizonMonths} months.`;
  const beWords =
    be === null
      ? `Owning does not break even within the ${c.scenario.horizonMonths}-month horizon.`
      : `Break-even in month ${be}${beLabel.startsWith("M") ? "" : ` (${beLabel})`}: from then on, owning has cost less in total.`;
  const mig = s.migration;
  const burst = s.burst;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="repatriate">
<title>${esc(c.scenario.name)}: rent vs own</title>
<style>${CSS}</style>
</head>
<body>
<header>
<p class="muted">repatriate report · ${esc(c.scenario.horizonMonths)} months${c.scenario.start ? ` from ${esc(c.scenario.start)}` : ""} · amounts in ${esc(cur)}${c.reporting ? ` (converted from ${esc(c.reporting.from)} at ${esc(c.reporting.rate)})` : ""}</p>
<h1>${esc(c.scenario.name)}</h1>
<p class="verdict">${esc(verdict)} ${esc(beWords)}</p>
${cutWords(s)}${((c.warnings ?? []) as string[]).map((w) => `<p class="muted">Warning: ${esc(w)}.</p>`).join("\n")}
</header>
<section id="summary"><h2>Summary</h2>
<dl class="cards">
${card("Rent TCO", figure("summary.rent.tco", s.rent.tco, cur))}
${card("Own TCO", figure("summary.own.tco", s.own.tco, cur))}
${card("Savings", figure("summary.savings.total", s.savings.total, cur))}
${card("Savings % of rent", figure("summary.savings.pct", s.savings.pct, "%"))}
${card("Savings NPV", figure("summary.savings.npv", s.savings.npv, cur))}
${card("Break-even month", figure("summary.breakEvenMonth", be))}
${card("Payback (months)", figure("summary.paybackMonths", s.paybackMonths))}
${card("Own capex", figure("summary.own.capex", s.own.capex, cur))}
${card("Residual book value", figure("summary.own.residualBookValue", s.own.residualBookValue, cur))}
</dl>
<h3>Gates</h3>
${gateRows(c, input.simulation)}
</section>
<section id="cumulative-cost"><h2>Cumulative cash cost</h2>
<p class="legend"><span class="key"><i style="background:#d62728"></i>rent</span> <span class="key"><i style="background:#1f77b4"></i>own</span> <span class="key"><i style="background:#2ca02c"></i>break-even</span></p>
${cumulativeSvg(c)}
</section>
<section id="yearly-costs"><h2>Cash cost per year, by category</h2>
${yearlySvg(c)}
</section>
${
  mig || burst
    ? `<section id="transition"><h2>Migration and hybrid</h2><dl class="cards">${
        mig
          ? [
              card("Migration: services move", `months ${esc(mig.start)}–${esc(mig.exitMonth - 1)}`),
              card("Dual running", figure("summary.migration.dualRunningCost", mig.dualRunningCost, cur)),
              card(
                mig.egressWaived ? "Egress (waived)" : "Egress",
                figure("summary.migration.egressCost", mig.egressCost, cur),
              ),
              card("Commitments", figure("summary.migration.commitmentCost", mig.commitmentCost, cur)),
              card("Project", figure("summary.migration.projectCost", mig.projectCost, cur)),
            ].join("")
          : ""
      }${
        burst
          ? [
              card("Cloud burst cost", figure("summary.burst.cost", burst.cost, cur)),
              card("Burst vCPU-hours", figure("summary.burst.vcpuHours", burst.vcpuHours)),
              card("Months with burst", figure("summary.burst.months", burst.months)),
            ].join("")
          : ""
      }</dl>${burst ? burstSvg(c) : ""}</section>`
    : ""
}
<section id="margin"><h2>Margin and valuation</h2>
${marginSection(c)}
</section>
${uncertaintySections(input, cur)}
<section id="assumptions"><h2>Assumptions and their sources</h2>
${assumptions(input)}
</section>
<footer><p class="muted">Every figure here is the string of <code>repatriate calc --format json</code> (and of <code>sensitivity</code> and <code>simulate</code> for their sections) with its digits grouped. Cumulative and yearly charts are drawn from the ledger, which reconciles to the cent.</p></footer>
</body>
</html>
`;
}
