import { writeValue } from "../load/uncertainty.js";
import type { Origin } from "../model/provenance.js";
import { Decimal, fixed, ZERO } from "../units/decimal.js";
import { compact as glance, signedCompact } from "./fit.js";
import { groupDigits } from "./format.js";
import type { ResultJson } from "./json.js";
import { TERMS } from "./words.js";

// The HTML report is drawn from the JSON documents (`calc --format json`, `sensitivity --format json`,
// `simulate --format json`), never from the engine's decimals directly: every number on the page is
// the JSON's string with its digits grouped, and carries that string in `data-value`, so the report
// and the JSON cannot disagree. The SVG is drawn here, at build time; the page has no script and
// its Content-Security-Policy forbids every fetch, so it renders the same offline, forever.

// biome-ignore lint/suspicious/noExplicitAny: the JSON contract documents (json.ts, uncertainty.ts)
type Json = any;

export interface ReportInput {
  /** `calc --format json`, parsed. */
  calc: ResultJson;
  /** Where every input came from (the scenario's lines, the catalogs' prices and sources). */
  provenance: Readonly<Record<string, Origin>>;
  /** `sensitivity --format json`, parsed, when the scenario has ranges. */
  sensitivity?: Json;
  /** `simulate --format json`, parsed, when the scenario has ranges. */
  simulation?: Json;
  /** `optimize --format json`, parsed, for a hybrid scenario. */
  optimize?: Json;
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

/**
 * A JSON figure for people: grouped digits, the exact JSON string kept in data attributes. An
 * amount of money (`money`) of 10,000 or more is shown at a glance (3.60M), its cents in the title.
 */
function figure(field: string, value: string | number | null, unit = "", money = false): string {
  if (value === null || value === undefined)
    return `<span class="none" data-field="${esc(field)}" data-value="">none</span>`;
  const full = typeof value === "number" ? String(value) : groupDigits(value);
  const atGlance = money && typeof value === "string" && new Decimal(value).abs().gte(10_000);
  const shown = atGlance ? glance(new Decimal(value)) : full;
  const title = atGlance ? ` title="${esc(full)}${unit ? ` ${esc(unit)}` : ""}"` : "";
  return `<span data-field="${esc(field)}" data-value="${esc(value)}"${title}>${esc(shown)}${unit ? ` ${esc(unit)}` : ""}</span>`;
}

/** Money in a card or a table: at a glance, the cents on hover. */
const money = (field: string, value: string | null, cur: string) => figure(field, value, cur, true);

/** A short axis label: 3.6M, 250k, 1.25B. Labels only; the exact figures are in the tables. */
export function compact(d: Decimal): string {
  const a = d.abs();
  const [div, suffix] = a.gte(1e9)
    ? [new Decimal(1e9), "B"]
    : a.gte(1e6)
      ? [new Decimal(1e6), "M"]
      : a.gte(1e3)
        ? [new Decimal(1e3), "K"]
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

/**
 * Colours that stay apart under the common colour-vision deficiencies (Okabe–Ito, then Paul Tol's
 * muted set), fixed by meaning: rent and own are one pair everywhere, and each category has its
 * own colour in every report and chart, whatever order it appears in.
 */
export const RENT_COLOR = "#D55E00";
export const OWN_COLOR = "#0072B2";
const BREAK_EVEN_COLOR = "#009E73";
const CATEGORY_COLORS: Record<string, string> = {
  compute: "#E69F00",
  storage: "#56B4E9",
  egress: "#009E73",
  network: "#CC79A7",
  facility: "#F0E442",
  maintenance: "#999933",
  staff: "#882255",
  migration: "#000000",
  support: "#999999",
  gpu: "#44AA99",
  hardware: "#117733",
  residual: "#DDCC77",
  other: "#BBBBBB",
};
const MORE_COLORS = ["#332288", "#88CCEE", "#AA4499", "#661100", "#6699CC", "#888888"];

/** A category's colour: fixed for the known ones, and for any other a colour chosen by its name alone. */
export function categoryColor(category: string): string {
  const known = CATEGORY_COLORS[category];
  if (known) return known;
  let h = 0;
  for (const ch of category) h = (h * 31 + (ch.codePointAt(0) ?? 0)) % 1_000_003;
  return MORE_COLORS[h % MORE_COLORS.length] as string;
}

/** A legend drawn inside an SVG (so it prints without background colours): swatches and words in rows. */
function svgLegend(
  entries: { label: string; color: string; dashed?: boolean }[],
  x0: number,
  y0: number,
  width: number,
): { svg: string; height: number } {
  const parts: string[] = [];
  let x = x0;
  let y = y0;
  for (const e of entries) {
    const w = 34 + e.label.length * 8;
    if (x + w > x0 + width && x > x0) {
      x = x0;
      y += 18;
    }
    parts.push(
      e.dashed === undefined
        ? `<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${e.color}" stroke="#555" stroke-width="0.5"/>`
        : `<line x1="${x}" x2="${x + 16}" y1="${y - 4}" y2="${y - 4}" stroke="${e.color}" stroke-width="3"${e.dashed ? ' stroke-dasharray="5 3"' : ""}/>`,
      `<text class="legend-text" x="${x + 20}" y="${y}">${esc(e.label)}</text>`,
    );
    x += w;
  }
  return { svg: `<g class="legend">${parts.join("")}</g>`, height: y - y0 + 18 };
}

/** Horizontal grid lines at the ticks, labelled on the left: the y-axis of every chart. */
function yGrid(at: readonly Decimal[], y: (v: Decimal) => string, right: number): string[] {
  return at.flatMap((t) => [
    `<line class="grid" x1="${PAD.left}" x2="${right}" y1="${y(t)}" y2="${y(t)}"/>`,
    `<text class="axis" x="${PAD.left - 6}" y="${y(t)}" text-anchor="end" dominant-baseline="middle">${esc(compact(t))}</text>`,
  ]);
}

const W = 720;
const PAD = { left: 70, right: 20, top: 20, bottom: 40 };

/** The cumulative cash of each side with the break-even month marked. */
export function cumulativeSvg(calc: ResultJson): string {
  const months = calc.months;
  const H = 340;
  // Room on the right for the lines' end labels, and above for the legend.
  const PADR = 90;
  const TOP = PAD.top + 24;
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
  const x = (month: number) => fixed(new Decimal(PAD.left + ((month - 1) * (W - PAD.left - PADR)) / n), 2);
  const y = scale(bottom, top.isZero() ? new Decimal(1) : top, H - PAD.bottom, TOP);
  const line = (side: "rent" | "own") => points.map((p) => `${x(p.month)},${y(p[side])}`).join(" ");
  const parts: string[] = [];
  parts.push(...yGrid(ticks(bottom, top, 5), y, W - PADR));
  for (const p of points) {
    if ((p.month - 1) % 12 !== 0) continue;
    parts.push(
      `<line class="tick" x1="${x(p.month)}" x2="${x(p.month)}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom + 5}"/>`,
      `<text class="axis" x="${x(p.month)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${esc(p.label)}</text>`,
    );
  }
  parts.push(
    `<polyline class="rent" data-side="rent" fill="none" stroke="${RENT_COLOR}" stroke-width="2.5" points="${line("rent")}"/>`,
    `<polyline class="own" data-side="own" fill="none" stroke="${OWN_COLOR}" stroke-width="2.5" stroke-dasharray="8 4" points="${line("own")}"/>`,
  );
  // Each line named at its end, so the chart reads without colour (on paper too).
  const last = points[points.length - 1];
  if (last) {
    const [yr, yo] = [Number(y(last.rent)), Number(y(last.own))];
    const apart = Math.abs(yr - yo) < 14 ? (yr <= yo ? [-7, 7] : [7, -7]) : [0, 0];
    parts.push(
      `<text class="end-label" data-side="rent" x="${Number(x(last.month)) + 6}" y="${(yr + (apart[0] ?? 0)).toFixed(2)}" dominant-baseline="middle">rent ${esc(compact(last.rent))}</text>`,
      `<text class="end-label" data-side="own" x="${Number(x(last.month)) + 6}" y="${(yo + (apart[1] ?? 0)).toFixed(2)}" dominant-baseline="middle">own ${esc(compact(last.own))}</text>`,
    );
  }
  const legend = svgLegend(
    [
      { label: "rent (cloud)", color: RENT_COLOR, dashed: false },
      { label: "own", color: OWN_COLOR, dashed: true },
      ...(calc.summary.breakEvenMonth === null
        ? []
        : [{ label: "break-even", color: BREAK_EVEN_COLOR, dashed: true }]),
    ],
    PAD.left,
    PAD.top,
    W - PAD.left - PADR,
  );
  parts.push(legend.svg);
  const be = calc.summary.breakEvenMonth as number | null;
  if (be !== null) {
    const label = points[be - 1]?.label ?? `M${be}`;
    parts.push(
      `<g id="break-even" data-month="${be}">`,
      `<line x1="${x(be)}" x2="${x(be)}" y1="${TOP}" y2="${H - PAD.bottom}" stroke="${BREAK_EVEN_COLOR}" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${x(be)}" y="${TOP - 4}" text-anchor="middle" class="marker">break-even: month ${be} (${esc(label)})</text>`,
      "</g>",
    );
  }
  return [
    `<svg id="cumulative" role="img" aria-labelledby="cumulative-title" viewBox="0 0 ${W} ${H}" data-break-even-month="${be ?? ""}" data-months="${points.length}">`,
    `<title id="cumulative-title">Cumulative cash cost, ${esc(cur)}: rent (solid) and own (dashed)${be === null ? ", no break-even" : `, break-even in month ${be}`}</title>`,
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PADR}" y1="${y(ZERO)}" y2="${y(ZERO)}"/>`,
    ...parts,
    "</svg>",
  ].join("\n");
}

/** The J-curve: cumulative net savings (rent − own, cash) month by month, below zero until break-even. */
export function jCurveSvg(calc: ResultJson): string {
  const months = calc.months;
  const H = 280;
  const values = months.map((m) => new Decimal(m.cumulativeSavings));
  const top = values.reduce((a, b) => (b.gt(a) ? b : a), ZERO);
  const bottom = values.reduce((a, b) => (b.lt(a) ? b : a), ZERO);
  const PADR = 90;
  const n = Math.max(1, months.length - 1);
  const x = (i: number) => (PAD.left + (i * (W - PAD.left - PADR)) / n).toFixed(2);
  const y = scale(bottom, top.eq(bottom) ? bottom.plus(1) : top, H - PAD.bottom, PAD.top);
  const parts: string[] = [];
  parts.push(...yGrid(ticks(bottom, top, 5), y, W - PADR));
  months.forEach((m, i) => {
    if (i % 12 === 0)
      parts.push(
        `<text class="axis" x="${x(i)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${esc(m.label)}</text>`,
      );
  });
  const last = values[values.length - 1] ?? ZERO;
  parts.push(
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PADR}" y1="${y(ZERO)}" y2="${y(ZERO)}" stroke-width="1.5"/>`,
    `<text class="axis" x="${W - PADR + 6}" y="${y(ZERO)}" dominant-baseline="middle">0: even</text>`,
    `<polyline class="savings" fill="none" stroke="${OWN_COLOR}" stroke-width="2.5" points="${values.map((v, i) => `${x(i)},${y(v)}`).join(" ")}"/>`,
    `<text class="end-label" x="${Number(x(values.length - 1)) + 6}" y="${(Number(y(last)) + (Math.abs(Number(y(last)) - Number(y(ZERO))) < 14 ? -10 : 0)).toFixed(2)}" dominant-baseline="middle">${esc(signedCompact(last))}</text>`,
  );
  const be = calc.summary.breakEvenMonth as number | null;
  if (be !== null)
    parts.push(
      `<line x1="${x(be - 1)}" x2="${x(be - 1)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="${BREAK_EVEN_COLOR}" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${x(be - 1)}" y="${PAD.top - 6}" text-anchor="middle" class="marker">break-even: month ${be}</text>`,
    );
  const rows = calc.years.map((yr) => {
    const end = months[Math.min(months.length, yr.year * 12) - 1];
    return `<tr><td>${yr.year}</td><td class="num">${glanceSpan(new Decimal(end?.cumulativeSavings ?? 0))}</td></tr>`;
  });
  return [
    `<svg id="j-curve" role="img" aria-label="Cumulative net savings of owning, month by month: below zero until break-even" viewBox="0 0 ${W} ${H}">`,
    ...parts,
    "</svg>",
    `<div class="scroll"><table><tr><th>end of year</th><th class="num">cumulative net savings (rent − own, cash)</th></tr>${rows.join("")}</table></div>`,
  ].join("\n");
}

/** Bars per model year for a few series (in-SVG legend, 0 always on the axis), with their table. */
function yearBars(
  id: string,
  label: string,
  years: Json[],
  series: { label: string; color: string; values: Decimal[] }[],
): string {
  const H = 260;
  const all = series.flatMap((s) => s.values);
  const hi = all.reduce((a, b) => (b.gt(a) ? b : a), ZERO);
  const lo = all.reduce((a, b) => (b.lt(a) ? b : a), ZERO);
  const y = scale(lo, hi.eq(lo) ? lo.plus(1) : hi, H - PAD.bottom, PAD.top + 22);
  const slot = (W - PAD.left - PAD.right) / Math.max(1, years.length);
  const bar = Math.min(36, (slot * 0.8) / series.length);
  const parts: string[] = [];
  parts.push(...yGrid(ticks(lo, hi, 5), y, W - PAD.right));
  years.forEach((yr, i) => {
    const centre = PAD.left + i * slot + slot / 2;
    series.forEach((s, k) => {
      const v = s.values[i] ?? ZERO;
      const x0 = centre - (bar * series.length) / 2 + k * bar;
      const [a, b] = [Number(y(ZERO)), Number(y(v))];
      parts.push(
        `<rect x="${x0.toFixed(2)}" y="${Math.min(a, b).toFixed(2)}" width="${(bar - 2).toFixed(2)}" height="${Math.abs(a - b).toFixed(2)}" fill="${s.color}" data-year="${yr.year}" data-series="${esc(s.label)}" data-value="${fixed(v, 2)}"><title>year ${yr.year}, ${esc(s.label)}: ${esc(groupDigits(fixed(v, 2)))}</title></rect>`,
      );
    });
    parts.push(
      `<text class="axis" x="${centre.toFixed(2)}" y="${H - PAD.bottom + 18}" text-anchor="middle">year ${yr.year}</text>`,
    );
  });
  parts.push(
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(ZERO)}" y2="${y(ZERO)}"/>`,
  );
  parts.push(
    svgLegend(
      series.map((s) => ({ label: s.label, color: s.color })),
      PAD.left,
      PAD.top,
      W - PAD.left - PAD.right,
    ).svg,
  );
  const head = `<tr><th>year</th>${series.map((s) => `<th class="num">${esc(s.label)}</th>`).join("")}</tr>`;
  const rows = years.map(
    (yr, i) =>
      `<tr><td>${yr.year}${yr.months === 12 ? "" : ` (${yr.months} mo)`}</td>${series.map((s) => `<td class="num">${glanceSpan(s.values[i] ?? ZERO)}</td>`).join("")}</tr>`,
  );
  return [
    `<svg id="${id}" role="img" aria-label="${esc(label)}" viewBox="0 0 ${W} ${H}">`,
    ...parts,
    "</svg>",
    `<div class="scroll"><table>${head}${rows.join("")}</table></div>`,
  ].join("\n");
}

/** The optimize curve of a hybrid: own TCO at every owned share of the baseline, the optimum marked. */
export function optimizeSvg(opt: Json, cur: string): string {
  const curve = opt.curve as Json[];
  if (curve.length === 0) return "";
  const H = 260;
  const values = curve.map((p) => new Decimal(p.ownTco));
  const hi = values.reduce((a, b) => (b.gt(a) ? b : a));
  const lo = values.reduce((a, b) => (b.lt(a) ? b : a));
  const maxShare = new Decimal(curve[curve.length - 1].share);
  const x = scale(ZERO, maxShare.isZero() ? new Decimal(1) : maxShare, PAD.left, W - PAD.right);
  const y = scale(lo, hi.eq(lo) ? lo.plus(1) : hi, H - PAD.bottom, PAD.top + 10);
  const parts: string[] = [];
  parts.push(...yGrid(ticks(lo, hi, 4), y, W - PAD.right));
  for (const t of ticks(ZERO, maxShare, 5))
    parts.push(
      `<text class="axis" x="${x(t)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${esc(t.toString())}%</text>`,
    );
  parts.push(
    `<polyline fill="none" stroke="${OWN_COLOR}" stroke-width="2.5" points="${curve.map((p) => `${x(new Decimal(p.share))},${y(new Decimal(p.ownTco))}`).join(" ")}"/>`,
  );
  const best = opt.optimum;
  const bx = x(new Decimal(best.share));
  parts.push(
    `<line x1="${bx}" x2="${bx}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="${BREAK_EVEN_COLOR}" stroke-width="2" stroke-dasharray="6 4"/>`,
    `<text x="${bx}" y="${PAD.top + 4}" text-anchor="middle" class="marker">optimum: own ${esc(best.share)}%</text>`,
  );
  const rows = curve
    .filter((p) => Number(p.share) % 10 === 0 || p.share === best.share)
    .map(
      (p) =>
        `<tr${p.share === best.share ? ' class="best"' : ""}><td>${esc(p.share)}%${p.share === best.share ? " (optimum)" : ""}</td><td class="num">${glanceSpan(new Decimal(p.ownTco))}</td><td class="num">${glanceSpan(new Decimal(p.savingsTotal))}</td><td class="num">${esc(p.breakEvenMonth ?? "never")}</td></tr>`,
    );
  return [
    `<p class="muted">Own TCO (${esc(cur)}) for every owned share of the baseline compute, the rest rented as burst: the lowest is the optimum; every share from ${esc(opt.flat.fromShare)}% to ${esc(opt.flat.toShare)}% is within ${esc(opt.flat.withinPct)}% of it.</p>`,
    `<svg id="optimize" role="img" aria-label="Own TCO by owned share of the baseline" viewBox="0 0 ${W} ${H}">`,
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}"/>`,
    ...parts,
    "</svg>",
    `<div class="scroll"><table><tr><th>owned share</th><th class="num">own TCO</th><th class="num">savings</th><th class="num">break-even month</th></tr>${rows.join("")}</table></div>`,
  ].join("\n");
}

/** Yearly net savings, on cash and on the P&L, and the P&L view of each side. */
function savingsSections(calc: ResultJson): string {
  const years = calc.years;
  const d = (f: "savingsCash" | "savingsPnl" | "rentPnl" | "ownPnl") => years.map((y) => new Decimal(y[f]));
  const pnl = years.map((y) => new Decimal(y.ownDepreciation ?? 0).plus(y.ownInterest ?? 0));
  return [
    `<section id="net-savings"><h2>Net savings: the J-curve and each year</h2>`,
    `<p class="muted">Cumulative net savings of owning instead of renting (rent − own, cash): they dip while hardware is bought and the move is paid for, and cross zero at break-even.</p>`,
    jCurveSvg(calc),
    yearBars("yearly-savings", "Net savings per model year, on cash and on the P&L", years, [
      { label: "savings (cash)", color: OWN_COLOR, values: d("savingsCash") },
      { label: "savings (P&L)", color: "#56B4E9", values: d("savingsPnl") },
    ]),
    "</section>",
    `<section id="pnl-view"><h2>The P&amp;L view</h2>`,
    `<p class="muted">What each side costs on the P&amp;L per year: owning spreads hardware over its life as depreciation (and a loan's interest), so its P&amp;L is smoother than its cash.</p>`,
    yearBars(
      "pnl",
      "Cost on the P&L per model year: rent, own, and the own side's depreciation and interest",
      years,
      [
        { label: "rent (P&L)", color: RENT_COLOR, values: d("rentPnl") },
        { label: "own (P&L)", color: OWN_COLOR, values: d("ownPnl") },
        { label: "own: depreciation + interest", color: "#999999", values: pnl },
      ],
    ),
    "</section>",
  ].join("\n");
}

interface YearStack {
  year: number;
  side: "rent" | "own";
  parts: { category: string; amount: Decimal }[];
}

/** Cash by model year, side and category: sums of the JSON's ledger items (exact, in cents). */
export function yearlyByCategory(calc: ResultJson): { stacks: YearStack[]; categories: string[] } {
  const totals = new Map<string, Decimal>();
  const categories = new Set<string>();
  for (const m of calc.months) {
    const year = Math.ceil(m.month / 12);
    for (const item of m.items) {
      const key = `${year}\u0000${item.side}\u0000${item.category}`;
      categories.add(item.category);
      totals.set(key, (totals.get(key) ?? ZERO).plus(item.cash));
    }
  }
  const sorted = [...categories].sort();
  const stacks: YearStack[] = [];
  for (const y of calc.years) {
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

function yearlySvg(calc: ResultJson): string {
  const { stacks, categories } = yearlyByCategory(calc);
  const color = categoryColor;
  const legend = svgLegend(
    categories.map((c) => ({ label: c, color: color(c) })),
    PAD.left,
    300 - PAD.bottom + 50,
    W - PAD.left - PAD.right,
  );
  const H = 300 + 20 + legend.height;
  let hi = ZERO;
  let lo = ZERO;
  for (const s of stacks) {
    const pos = s.parts.filter((p) => p.amount.gt(0)).reduce((a, p) => a.plus(p.amount), ZERO);
    const neg = s.parts.filter((p) => p.amount.lt(0)).reduce((a, p) => a.plus(p.amount), ZERO);
    if (pos.gt(hi)) hi = pos;
    if (neg.lt(lo)) lo = neg;
  }
  const base = 300 - PAD.bottom;
  const y = scale(lo, hi.isZero() ? new Decimal(1) : hi, base, PAD.top);
  const years = calc.years.length;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, years);
  const bar = Math.min(40, slot / 3);
  const parts: string[] = [];
  parts.push(...yGrid(ticks(lo, hi, 5), y, W - PAD.right));
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
      `<text class="axis" x="${(x0 + bar / 2).toFixed(2)}" y="${base + 14}" text-anchor="middle">${s.side === "rent" ? "R" : "O"}</text>`,
    );
  }
  for (const yr of calc.years)
    parts.push(
      `<text class="axis" x="${(PAD.left + (yr.year - 1) * slot + slot / 2).toFixed(2)}" y="${base + 30}" text-anchor="middle">year ${yr.year}</text>`,
    );
  parts.push(legend.svg);
  return [
    `<svg id="yearly" role="img" aria-label="Cash cost per model year by category: R rent, O own" viewBox="0 0 ${W} ${H}">`,
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(ZERO)}" y2="${y(ZERO)}"/>`,
    ...parts,
    "</svg>",
    `<p class="legend">R: rent, O: own. The table gives each bar's figures (at a glance; hover for the cents).</p>`,
    yearlyTable(stacks, categories),
  ].join("\n");
}

/** An amount at a glance (3.60M), its cents in the title (shown on hover). */
function glanceSpan(d: Decimal): string {
  return `<span title="${esc(groupDigits(fixed(d, 2)))}">${esc(glance(d))}</span>`;
}

function yearlyTable(stacks: YearStack[], categories: string[]): string {
  const head = `<tr><th>year</th><th>side</th>${categories.map((c) => `<th class="num">${esc(c)}</th>`).join("")}<th class="num">total</th></tr>`;
  const rows = stacks.map((s) => {
    const cells = categories.map((c) => {
      const p = s.parts.find((q) => q.category === c);
      return `<td class="num">${p ? glanceSpan(p.amount) : ""}</td>`;
    });
    const total = s.parts.reduce((a, p) => a.plus(p.amount), ZERO);
    return `<tr><td>${s.year}</td><td>${s.side}</td>${cells.join("")}<td class="num">${glanceSpan(total)}</td></tr>`;
  });
  return `<div class="scroll"><table class="yearly">${head}${rows.join("")}</table></div>`;
}

/** An uncertain input by the item it belongs to: "Colocation (own, monthly)" for own.items[1].monthly. */
function inputName(field: string, provenance: ReportInput["provenance"]): string {
  const m = /^(rent|own|migration)\.items\[(\d+)\]\.(.+)$/.exec(field);
  if (!m) return field;
  const name = provenance[`${m[1]}.items[${m[2]}].name`]?.written;
  return name === undefined ? field : `${name} (${m[1]}, ${m[3]})`;
}

function tornadoSvg(sens: Json, cur: string, provenance: ReportInput["provenance"]): string {
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
      `<text class="axis" x="${left - 8}" y="${y0 + rowH / 2}" text-anchor="end" dominant-baseline="middle">${esc(inputName(i.field, provenance))}</text>`,
      // Which end is the input's low value and which its high: "L" and "H" at the bar's ends.
      `<text class="end" x="${(Number(x(a)) + (a.lte(b) ? -3 : 3)).toFixed(2)}" y="${y0 + rowH / 2}" text-anchor="${a.lte(b) ? "end" : "start"}" dominant-baseline="middle">L</text>`,
      `<text class="end" x="${(Number(x(b)) + (a.lte(b) ? 3 : -3)).toFixed(2)}" y="${y0 + rowH / 2}" text-anchor="${a.lte(b) ? "start" : "end"}" dominant-baseline="middle">H</text>`,
      `<rect class="swing" x="${x1.toFixed(2)}" y="${y0 + 4}" width="${Math.max(1, x2 - x1).toFixed(2)}" height="${rowH - 8}" fill="#CC79A7" data-field="${esc(i.field)}" data-swing="${esc(i.swing)}"><title>${esc(i.field)} from ${esc(inputValue(i.low, i.distribution))} to ${esc(inputValue(i.high, i.distribution))}: savings NPV ${esc(groupDigits(i.savingsNpvAtLow))} to ${esc(groupDigits(i.savingsNpvAtHigh))} ${esc(cur)}</title></rect>`,
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

/** The Monte Carlo histogram of savings NPV (the tornado's measure), its P10/P50/P90 marked. */
function histogramSvg(sim: Json): string {
  // Results saved before histogramNpv was written draw their histogram of total savings.
  const npv = Array.isArray(sim.histogramNpv);
  const bins = (npv ? sim.histogramNpv : sim.histogram) as Json[];
  const marks = npv ? sim.savingsNpv : sim.savings;
  const H = 260;
  if (bins.length === 0) return "";
  // The x-axis always shows 0, where owning and renting cost the same.
  const lo = Decimal.min(new Decimal(bins[0].from), ZERO);
  const hi = Decimal.max(new Decimal(bins[bins.length - 1].to), ZERO);
  const x = scale(lo, hi.eq(lo) ? lo.plus(1) : hi, PAD.left, W - PAD.right);
  const most = bins.reduce((a, b) => Math.max(a, b.count as number), 1);
  const y = (c: number) => H - PAD.bottom - (c / most) * (H - PAD.top - PAD.bottom);
  const yTicks = ticks(ZERO, new Decimal(most), 4).map(
    (t) =>
      `<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t.toNumber()).toFixed(2)}" y2="${y(t.toNumber()).toFixed(2)}"/><text class="axis" x="${PAD.left - 6}" y="${y(t.toNumber()).toFixed(2)}" text-anchor="end" dominant-baseline="middle">${t.toString()}</text>`,
  );
  const parts = bins.map((b) => {
    const [x1, x2] = [Number(x(new Decimal(b.from))), Number(x(new Decimal(b.to)))];
    const fill = new Decimal(b.to).lte(0) ? RENT_COLOR : OWN_COLOR;
    return `<rect x="${x1.toFixed(2)}" y="${y(b.count).toFixed(2)}" width="${Math.max(0.5, x2 - x1 - 1).toFixed(2)}" height="${(H - PAD.bottom - y(b.count)).toFixed(2)}" fill="${fill}" data-count="${b.count}"><title>${esc(groupDigits(b.from))} to ${esc(groupDigits(b.to))}: ${b.count} runs</title></rect>`;
  });
  for (const p of ["p10", "p50", "p90"] as const) {
    const v = new Decimal(marks[p]);
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
    `<svg id="histogram" role="img" aria-label="Distribution of savings NPV over the simulated runs" viewBox="0 0 ${W} ${H}">`,
    `<line class="axis-line" x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}"/>`,
    `<line class="axis-line" x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}"/>`,
    `<text class="axis" x="14" y="${((H - PAD.bottom + PAD.top) / 2).toFixed(0)}" text-anchor="middle" transform="rotate(-90 14 ${((H - PAD.bottom + PAD.top) / 2).toFixed(0)})">runs</text>`,
    `<line x1="${x(ZERO)}" x2="${x(ZERO)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#333" stroke-width="1"/>`,
    ...yTicks,
    ...parts,
    "</svg>",
  ].join("\n");
}

/** vCPUs served from the cloud above the owned fleet, month by month (hybrid). */
export function burstSvg(calc: ResultJson): string {
  const months = calc.months;
  const values = months.map((m) => new Decimal(m.drivers.burstVcpu ?? 0));
  const hi = values.reduce((a, b) => (b.gt(a) ? b : a), ZERO);
  if (hi.isZero()) return "";
  const H = 200;
  const y = scale(ZERO, hi, H - PAD.bottom, PAD.top);
  const slot = (W - PAD.left - PAD.right) / months.length;
  const parts: string[] = [];
  parts.push(...yGrid(ticks(ZERO, hi, 3), y, W - PAD.right));
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
      `<rect x="${x.toFixed(2)}" y="${top}" width="${Math.max(1, slot - 1).toFixed(2)}" height="${(H - PAD.bottom - Number(top)).toFixed(2)}" fill="${categoryColor("compute")}" data-month="${m.month}" data-value="${esc(m.drivers.burstVcpu)}"><title>${esc(m.label)}: ${esc(groupDigits(m.drivers.burstVcpu ?? "0"))} vCPU from the cloud</title></rect>`,
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
:root { color-scheme: light dark; --ink: #1b1b1b; --muted: #595959; --rule: #d9d9d9; --bg: #ffffff; --win: #e8f5ef; --lose: #fbece4; }
@media (prefers-color-scheme: dark) { :root { --ink: #e8e8e8; --muted: #b3b3b3; --rule: #444; --bg: #161616; --win: #12301f; --lose: #3a1f12; } svg .grid { stroke: #333; } svg .marker { fill: #4fd1a5; } .pass { color: #6fdc8c; } .fail { color: #ff8a80; } .warn { color: #f2c14e; } }
body { background: var(--bg); }
.verdict { font-size: 1.25em; padding: 10px 14px; border-left: 6px solid var(--rule); border-radius: 4px; }
.verdict.win { border-left-color: #009E73; background: var(--win); } .verdict.lose { border-left-color: #D55E00; background: var(--lose); }
table.assumptions { table-layout: fixed; } td.wrap, td code { overflow-wrap: anywhere; word-break: break-word; }
dl.cards dt small.def { display: block; font-size: 0.8em; line-height: 1.25; margin-top: 2px; }
dl.terms dt { font-weight: 600; margin-top: 6px; } dl.terms dd { margin: 0 0 0 1em; color: var(--muted); }
tr.group th { background: none; border-bottom: 2px solid var(--rule); padding-top: 10px; font-size: 0.95em; }
svg .legend-text, svg .end-label { font-size: 12px; } svg .end-label { font-weight: 600; } svg text.end { font-size: 10px; fill: var(--muted); }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 980px; padding: 16px; }
h1 { font-size: 1.6em; margin: 0.2em 0; } h2 { font-size: 1.2em; margin-top: 1.6em; border-bottom: 1px solid var(--rule); padding-bottom: 4px; }
.verdict { font-size: 1.1em; } .muted, .legend, figcaption { color: var(--muted); font-size: 0.9em; }
dl.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 8px; margin: 0; }
dl.cards div { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; }
dl.cards dt { color: var(--muted); font-size: 0.85em; } dl.cards dd { margin: 0; font-size: 1.15em; font-weight: 600; font-variant-numeric: tabular-nums; }
svg { width: 100%; height: auto; display: block; } svg text { font-size: 12px; fill: var(--ink); }
svg .grid { stroke: #eee; } svg .axis-line, svg .tick { stroke: #999; } svg .marker { fill: #00704F; font-weight: 600; }
.scroll { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 0.9em; }
th, td { border-bottom: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; } .num { text-align: right; white-space: nowrap; }
.key { white-space: nowrap; margin-right: 10px; } .key i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.pass { color: #1a7f37; } .fail { color: #b3261e; font-weight: 600; } .warn { color: #8a5a00; } .none { color: var(--muted); }
section { break-inside: avoid; page-break-inside: avoid; }
@media (max-width: 600px) { body { font-size: 14px; padding: 10px; } svg text { font-size: 16px; } }
@media print { :root { --ink: #000; --muted: #333; --bg: #fff; } * { print-color-adjust: exact; -webkit-print-color-adjust: exact; } section { break-before: auto; } h2 { break-before: page; } #summary h2 { break-before: avoid; } body { max-width: none; padding: 0; font-size: 11pt; } a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } .scroll { overflow: visible; } dl.cards div { border-color: #999; } }
`;

function gateRows(calc: ResultJson, sim: Json | undefined): string {
  // A percentile gate is skipped by calc and checked by the simulation: show the simulation's row.
  const simulated = sim ? (sim.gates as Json[]) : [];
  const gates = [
    ...calc.gates
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
  // A catalog price's metadata (its date, source, notes, estimate flag) is folded into its source
  // cell, not listed as inputs of its own; the rows are grouped by section of the scenario.
  const META = /\.(asOf|source|notes|estimate|model)$/;
  const origins = Object.entries(input.provenance)
    .filter(([path]) => !META.test(path))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const group = (path: string) => {
    const [head = "", next = ""] = path.split(".");
    return next === "prices"
      ? `${head} prices`
      : head.includes("[") || !path.includes(".")
        ? "scenario"
        : head;
  };
  const rows: string[] = [];
  let current = "";
  for (const [path, o] of origins) {
    const g = group(path);
    if (g !== current) {
      rows.push(`<tr class="group"><th colspan="4">${esc(g)}</th></tr>`);
      current = g;
    }
    const where = `${o.file}${o.line === undefined ? "" : `:${o.line}`}`;
    const source = o.catalog
      ? `${o.catalog.name}, as of ${o.catalog.asOf}${o.catalog.estimate ? " (estimate)" : ""}: ${o.catalog.source}`
      : "scenario";
    rows.push(
      `<tr><td><code>${esc(path)}</code></td><td class="wrap">${esc(o.written)}</td><td class="wrap">${esc(source)}</td><td class="muted wrap">${esc(where)}</td></tr>`,
    );
  }
  const catalogs = input.calc.catalogs.map(
    (c) =>
      `<tr><td>${esc(c.name)}</td><td>${esc(c.side)}</td><td>${esc(c.currency)}</td><td>${esc(c.asOf)}</td><td>${esc(c.source)}</td><td class="muted"><code>${esc(String(c.sha256).slice(0, 12))}</code>${c.overridden.length ? ` · overridden: ${esc(c.overridden.join(", "))}` : ""}</td></tr>`,
  );
  return [
    catalogs.length
      ? `<h3>Catalogs</h3><div class="scroll"><table><tr><th>catalog</th><th>side</th><th>currency</th><th>as of</th><th>source</th><th>sha256 (first 12)</th></tr>${catalogs.join("")}</table></div>`
      : `<p class="muted">No pricing catalog: every amount is an explicit line item of the scenario.</p>`,
    `<h3>Inputs</h3><div class="scroll"><table class="assumptions"><colgroup><col style="width:28%"><col style="width:22%"><col style="width:32%"><col style="width:18%"></colgroup><tr><th>input</th><th>value as written</th><th>source</th><th>file:line</th></tr>${rows.join("")}</table></div>`,
  ].join("\n");
}

function marginSection(calc: ResultJson): string {
  const m = calc.summary.margin;
  const cur = calc.scenario.currency;
  if (m.grossMarginDeltaPp === null && m.netProfitDelta === null)
    return `<p class="muted">No margin figures: the scenario has no <code>business</code> section${m.year === null ? " or no full model year" : ""}.</p>`;
  const rows = calc.years.map(
    (y) =>
      `<tr><td>${y.year}</td><td class="num">${money(`years.${y.year - 1}.revenue`, y.revenue, "")}</td><td class="num">${money(`years.${y.year - 1}.savingsPnl`, y.savingsPnl, "")}</td><td class="num">${figure(`years.${y.year - 1}.grossMarginDeltaPp`, y.grossMarginDeltaPp)}</td><td class="num">${money(`years.${y.year - 1}.netProfitDelta`, y.netProfitDelta, "")}</td><td class="num">${figure(`years.${y.year - 1}.netProfitDeltaPct`, y.netProfitDeltaPct)}</td></tr>`,
  );
  return [
    `<dl class="cards">`,
    card(
      `Gross margin change (year ${esc(m.year)})`,
      figure("summary.margin.grossMarginDeltaPp", m.grossMarginDeltaPp, "pp"),
    ),
    card(
      "Gross margin change (year 1)",
      figure("years.0.grossMarginDeltaPp", calc.years[0]?.grossMarginDeltaPp ?? null, "pp"),
    ),
    card(
      `Net profit change (year ${esc(m.year)})`,
      money("summary.margin.netProfitDelta", m.netProfitDelta, cur),
    ),
    card(
      `Net profit change (year ${esc(m.year)})`,
      figure("summary.margin.netProfitDeltaPct", m.netProfitDeltaPct, "%"),
    ),
    card(
      `Valuation change (year ${esc(m.year)}${m.valuation ? `, ${esc(m.valuation.multiple)}× ${esc({ grossProfit: "gross profit", netProfit: "net profit", ebitda: "EBITDA" }[m.valuation.of as string] ?? m.valuation.of)}` : ""})`,
      money("summary.margin.valuationDelta", m.valuationDelta, cur),
    ),
    card(
      "Savings NPV after tax",
      money("summary.afterTax.savingsNpv", calc.summary.afterTax?.savingsNpv ?? null, cur),
    ),
    card(
      calc.summary.irr === null
        ? `IRR (${esc(calc.summary.irrNote ?? "none")})`
        : "IRR of owning instead of renting",
      figure("summary.irr", calc.summary.irr, "%/yr"),
    ),
    ...(m.year === null
      ? []
      : [
          card(
            `EBITDA change (year ${esc(m.year)})`,
            money(`years.${m.year - 1}.ebitdaDelta`, calc.years[m.year - 1]?.ebitdaDelta ?? null, cur),
          ),
        ]),
    "</dl>",
    `<div class="scroll"><table><tr><th>year</th><th class="num">revenue</th><th class="num">savings (P&amp;L)</th><th class="num">gross margin Δ pp</th><th class="num">net profit Δ</th><th class="num">net profit Δ %</th></tr>${rows.join("")}</table></div>`,
  ].join("\n");
}

/** The negotiation figure in words, under the verdict (MODEL.md §7). */
function cutWords(s: ResultJson["summary"]): string {
  const cut = s.breakEvenDiscountPct as string | null;
  if (cut === null || Number(cut) === 0) return "";
  return cut.startsWith("-")
    ? `<p>Renting stays cheaper on NPV even if the cloud raised its prices by <span data-field="summary.breakEvenDiscountPct" data-value="${esc(cut)}">${esc(cut.slice(1))}%</span>.</p>\n`
    : `<p>The cloud would have to cut its prices by <span data-field="summary.breakEvenDiscountPct" data-value="${esc(cut)}">${esc(cut)}%</span> to match (on NPV).</p>\n`;
}

/** A card; its title's term, when it is one the glossary defines, gets its definition under it. */
function card(title: string, value: string): string {
  const plain = title.replace(/&amp;/g, "&").toLowerCase();
  const term = TERMS.find(([t]) => plain.includes(t.toLowerCase()));
  const def = term ? `<small class="def">${esc(term[1])}</small>` : "";
  return `<div><dt>${title}${def}</dt><dd>${value}</dd></div>`;
}

function uncertaintySections(input: ReportInput, cur: string): string {
  const out: string[] = [];
  if (input.sensitivity && (input.sensitivity.inputs as Json[]).length > 0) {
    const rows = (input.sensitivity.inputs as Json[]).map(
      (i) =>
        `<tr><td>${esc(inputName(i.field, input.provenance))} <code class="muted">${esc(i.field)}</code></td><td class="num">${esc(inputValue(i.low, i.distribution))} – ${esc(inputValue(i.high, i.distribution))}</td><td class="num">${esc(groupDigits(i.savingsNpvAtLow))}</td><td class="num">${esc(groupDigits(i.savingsNpvAtHigh))}</td><td class="num">${esc(groupDigits(i.swing))}</td></tr>`,
    );
    out.push(
      `<section id="sensitivity"><h2>Sensitivity: which estimate matters most</h2>`,
      `<p class="muted">Measure: <strong>savings NPV</strong> (${esc(cur)}). Each uncertain input swung alone from its low (L) to its high (H) value, every other input at its point value; the line is the point estimate ${esc(groupDigits(input.sensitivity.pointSavingsNpv))}.</p>`,
      tornadoSvg(input.sensitivity, cur, input.provenance),
      `<div class="scroll"><table><tr><th>input</th><th class="num">low – high</th><th class="num">NPV at low</th><th class="num">NPV at high</th><th class="num">swing</th></tr>${rows.join("")}</table></div></section>`,
    );
  }
  const sim = input.simulation;
  if (!sim && !(input.sensitivity && (input.sensitivity.inputs as Json[]).length > 0))
    out.push(
      `<section id="uncertainty"><h2>How sure</h2><p><strong>No ranges given: these are point estimates.</strong> Every figure above follows from the scenario's single values; write an uncertain input as a range, such as <code>pue: { low: 1.2, mode: 1.4, high: 1.7 }</code>, and the report adds a tornado and a Monte Carlo simulation.</p></section>`,
    );
  if (sim) {
    const p = (field: string, v: string | number | null, unit = "") => figure(`simulation.${field}`, v, unit);
    out.push(
      `<section id="simulation"><h2>Monte Carlo: how sure</h2>`,
      `<p class="muted">${esc(sim.runs)} runs, seed ${esc(sim.seed)}; every uncertain input drawn from its range at once. Measure: <strong>savings NPV</strong> (${esc(cur)}), as the tornado's; the cards give both NPV and total savings. Blue bins: owning cheaper; vermillion: renting cheaper; the line at 0 is where they cost the same.</p>`,
      `<dl class="cards">`,
      card(
        "Probability owning is cheaper",
        `<span data-field="simulation.probabilityOwningCheaper" data-value="${esc(sim.probabilityOwningCheaper)}">${esc((Number(sim.probabilityOwningCheaper) * 100).toFixed(1))}%</span>`,
      ),
      card("Savings P10", figure("simulation.savings.p10", sim.savings.p10, cur, true)),
      card("Savings P50", figure("simulation.savings.p50", sim.savings.p50, cur, true)),
      card("Savings P90", figure("simulation.savings.p90", sim.savings.p90, cur, true)),
      card("Savings NPV P50", figure("simulation.savingsNpv.p50", sim.savingsNpv.p50, cur, true)),
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
  // The headline: who wins, by how much (at a glance; the cents on hover), in words and colour.
  const amount = (d: Decimal) =>
    `<strong title="${esc(groupDigits(d.toFixed(2)))} ${esc(cur)}">${esc(glance(d))} ${esc(cur)}</strong>`;
  const outcome = savings.isZero() ? "even" : savings.gt(0) ? "win" : "lose";
  const verdict = savings.isZero()
    ? `= Owning and renting cost the same over ${esc(c.scenario.horizonMonths)} months.`
    : savings.gt(0)
      ? `✔ Owning saves ${amount(savings)} over ${esc(c.scenario.horizonMonths)} months${s.savings.pct === null ? "" : ` (${esc(s.savings.pct)}% of the rent TCO)`}.`
      : `✘ Owning costs ${amount(savings.abs())} more than renting over ${esc(c.scenario.horizonMonths)} months.`;
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
<p class="verdict ${outcome}" data-outcome="${outcome}">${verdict} ${esc(beWords)}</p>
${cutWords(s)}${((c.warnings ?? []) as string[]).map((w) => `<p class="muted">Warning: ${esc(w)}.</p>`).join("\n")}
</header>
<section id="summary"><h2>Summary</h2>
<dl class="cards">
${card("Rent TCO", money("summary.rent.tco", s.rent.tco, cur))}
${card("Own TCO", money("summary.own.tco", s.own.tco, cur))}
${card("Savings", money("summary.savings.total", s.savings.total, cur))}
${card("Savings % of rent", figure("summary.savings.pct", s.savings.pct, "%"))}
${card(`Savings NPV at ${esc(c.scenario.discountRatePct)}%/yr`, money("summary.savings.npv", s.savings.npv, cur))}
${card("Break-even month", figure("summary.breakEvenMonth", be))}
${card("Payback (months)", figure("summary.paybackMonths", s.paybackMonths))}
${card("Own capex", money("summary.own.capex", s.own.capex, cur))}
${card("Residual book value", money("summary.own.residualBookValue", s.own.residualBookValue, cur))}
</dl>
<h3>Gates</h3>
${gateRows(c, input.simulation)}
</section>
<section id="cumulative-cost"><h2>Cumulative cash cost</h2>
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
              card("Dual running", money("summary.migration.dualRunningCost", mig.dualRunningCost, cur)),
              card(
                mig.egressWaived ? "Egress (waived)" : "Egress",
                money("summary.migration.egressCost", mig.egressCost, cur),
              ),
              card("Commitments", money("summary.migration.commitmentCost", mig.commitmentCost, cur)),
              card("Project", money("summary.migration.projectCost", mig.projectCost, cur)),
            ].join("")
          : ""
      }${
        burst
          ? [
              card("Cloud burst cost", money("summary.burst.cost", burst.cost, cur)),
              card("Burst vCPU-hours", figure("summary.burst.vcpuHours", burst.vcpuHours)),
              card("Months with burst", figure("summary.burst.months", burst.months)),
            ].join("")
          : ""
      }</dl>${burst ? burstSvg(c) : ""}${input.optimize ? `<h3>The best owned share</h3>${optimizeSvg(input.optimize, cur)}` : ""}</section>`
    : ""
}
${savingsSections(c)}
<section id="margin"><h2>Margin and valuation</h2>
${marginSection(c)}
</section>
${uncertaintySections(input, cur)}
<section id="terms"><h2>Terms</h2><dl class="terms">${TERMS.map(([t, d]) => `<dt>${esc(t)}</dt><dd>${esc(d)}.</dd>`).join("")}</dl></section>
<section id="assumptions"><h2>Assumptions and their sources</h2>
${assumptions(input)}
</section>
<footer><p class="muted">Every figure here is the string of <code>repatriate calc --format json</code> (and of <code>sensitivity</code> and <code>simulate</code> for their sections) with its digits grouped. Cumulative and yearly charts are drawn from the ledger, which reconciles to the cent.</p></footer>
</body>
</html>
`;
}
