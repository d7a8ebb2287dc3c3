import { Decimal } from "../units/decimal.js";
import { groupDigits } from "./format.js";

/**
 * Output for a terminal of a given width (docs/report.md, "In a terminal"): amounts at three or four
 * significant digits with K/M/B/T, prose wrapped, and tables that drop their least needed columns
 * rather than wrap. Used only when the width is known (a terminal, or COLUMNS set) and the
 * precision is not `full`; a pipe, a file and CI logs keep every figure to the cent.
 */

/** How a human command lays out its text: no width means as wide as it needs, every figure in full. */
export interface Layout {
  width: number | undefined;
}

const SCALES: [string, number][] = [
  ["T", 12],
  ["B", 9],
  ["M", 6],
  ["K", 3],
];

/**
 * An amount for people at a glance: under 10,000 to the unit ("1,235", "146"); above, three
 * significant digits with K, M, B or T ("960K", "3.60M", "27.3B"). The sign is kept.
 */
export function compact(d: Decimal): string {
  const abs = d.abs();
  const sign = d.isNegative() && !d.toDecimalPlaces(0).isZero() ? "-" : "";
  if (abs.lessThan(10_000))
    return `${sign}${groupDigits(abs.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN).toFixed(0))}`;
  const k = SCALES.findIndex(([, power]) =>
    abs.dividedBy(new Decimal(10).pow(power)).greaterThanOrEqualTo(1),
  );
  let [suffix, power] = SCALES[k] as [string, number];
  let scaled = abs.dividedBy(new Decimal(10).pow(power));
  const places = (x: Decimal) => (x.greaterThanOrEqualTo(100) ? 0 : x.greaterThanOrEqualTo(10) ? 1 : 2);
  // 999.6K rounds to 1000K: say 1.00M instead.
  if (k > 0 && scaled.toDecimalPlaces(places(scaled), Decimal.ROUND_HALF_EVEN).greaterThanOrEqualTo(1000)) {
    [suffix, power] = SCALES[k - 1] as [string, number];
    scaled = abs.dividedBy(new Decimal(10).pow(power));
  }
  const p = places(scaled);
  return `${sign}${groupDigits(scaled.toDecimalPlaces(p, Decimal.ROUND_HALF_EVEN).toFixed(p))}${suffix}`;
}

/** `compact` with an explicit sign for a change ("+960K", "-1.20M"). */
export function signedCompact(d: Decimal): string {
  const s = compact(d);
  return s.startsWith("-") || s === "0" ? s : `+${s}`;
}

/** Display width of a line (code points: the box-drawing and block characters used are one column each). */
export const widthOf = (line: string): number => [...line].length;

/** The widest line of a text. */
export const widest = (text: string): number => text.split("\n").reduce((m, l) => Math.max(m, widthOf(l)), 0);

/** Wraps one line of prose at spaces to `width`; continuation lines are indented by `indent`. */
export function wrap(line: string, width: number | undefined, indent = "  "): string {
  if (width === undefined || widthOf(line) <= width) return line;
  const lead = /^\s*/.exec(line)?.[0] ?? "";
  const words = line.trim().split(/ +/);
  const lines: string[] = [];
  let current = lead;
  for (const word of words) {
    const next = current.trim() === "" ? `${current}${word}` : `${current} ${word}`;
    if (widthOf(next) > width && current.trim() !== "") {
      lines.push(current);
      current = `${lead}${indent}${word}`;
    } else current = next;
  }
  lines.push(current);
  return lines.join("\n");
}

/**
 * The first of the candidate renderings that fits `width`, else the last (the narrowest). Each
 * candidate is a function so only the ones tried are rendered.
 */
export function firstThatFits(width: number | undefined, candidates: (() => string)[]): string {
  let last = "";
  for (const render of candidates) {
    last = render();
    if (width === undefined || widest(last) <= width) return last;
  }
  return last;
}

/** Every line of `text` that is not part of a drawn table, wrapped to `width` (tables are fitted by their renderers). */
export function fitProse(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split("\n")
    .map((line) => (/^[┌│├└]/.test(line) ? line : wrap(line, width)))
    .join("\n");
}
