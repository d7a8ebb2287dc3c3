import type { Result } from "../model/result.js";
import { type Decimal, ZERO } from "../units/decimal.js";
import { compact, wrap } from "./fit.js";
import { money } from "./format.js";
import { monthWords } from "./words.js";

export interface ChartOptions {
  width: number;
  height: number;
  /** Box-drawing and dot characters; false gives plain ASCII for terminals that cannot draw them. */
  unicode: boolean;
  /** A terminal's width: axis amounts at a glance and prose wrapped to it; undefined for full figures. */
  fit?: number | undefined;
}

/** Cumulative cash of each side, month by month, in cents (the rows of the ledger). */
export function cumulativeCosts(r: Result): { rent: Decimal[]; own: Decimal[] } {
  let rent = ZERO;
  let own = ZERO;
  const months = r.months;
  return {
    rent: months.map((m) => {
      rent = rent.plus(m.rent);
      return rent;
    }),
    own: months.map((m) => {
      own = own.plus(m.ownCash);
      return own;
    }),
  };
}

/** The column of month m in a chart `width` wide: months spread evenly over the columns. */
export function columnOf(month: number, horizon: number, width: number): number {
  return horizon <= 1 ? 0 : Math.round(((month - 1) / (horizon - 1)) * (width - 1));
}

/**
 * The row, counted from the bottom, of an amount in a chart `height` high spanning `bottom` (0
 * unless some cumulative amount is negative, as with credits) to `top`.
 */
export function rowOf(amount: Decimal, top: Decimal, height: number, bottom: Decimal = ZERO): number {
  const span = top.minus(bottom);
  return span.isZero()
    ? 0
    : amount
        .minus(bottom)
        .dividedBy(span)
        .times(height - 1)
        .toDecimalPlaces(0, 4)
        .toNumber();
}

/**
 * Cumulative rent and own cash over the horizon, drawn in characters, with the break-even month
 * marked: where the own line falls under the rent line for good.
 */
export function renderChart(r: Result, o: ChartOptions): string {
  const { rent, own } = cumulativeCosts(r);
  const H = r.months.length;
  const top = [...rent, ...own].reduce((a, b) => (b.greaterThan(a) ? b : a), ZERO);
  const bottom = [...rent, ...own].reduce((a, b) => (b.lessThan(a) ? b : a), ZERO);
  const grid = Array.from({ length: o.height }, () => Array.from({ length: o.width }, () => " "));
  const mark = {
    rent: o.unicode ? "●" : "R",
    own: o.unicode ? "○" : "O",
    both: o.unicode ? "◉" : "*",
    line: o.unicode ? "│" : "|",
  };
  const be = r.summary.breakEvenMonth;
  if (be !== undefined) {
    const x = columnOf(be, H, o.width);
    for (const row of grid) row[x] = mark.line;
  }
  const put = (row: number, col: number, ch: string) => {
    const line = grid[o.height - 1 - row];
    if (!line) return;
    const here = line[col];
    line[col] =
      (here === mark.rent && ch === mark.own) || (here === mark.own && ch === mark.rent) ? mark.both : ch;
  };
  for (let m = 1; m <= H; m++) {
    const col = columnOf(m, H, o.width);
    put(rowOf(rent[m - 1] ?? ZERO, top, o.height, bottom), col, mark.rent);
    put(rowOf(own[m - 1] ?? ZERO, top, o.height, bottom), col, mark.own);
  }
  const cur = r.scenario.currency;
  // At a glance (a terminal) the axis says "96.3M USD"; in full, to the cent.
  const amount = o.fit === undefined ? money : compact;
  const topLabel = `${amount(top)} ${cur}`;
  const bottomLabel = bottom.isZero() ? `0 ${cur}` : `${amount(bottom)} ${cur}`;
  const pad = Math.max(topLabel.length, bottomLabel.length);
  const axis = o.unicode ? "┤" : "|";
  const lines = [
    `Cumulative cash cost, ${cur}: ${mark.rent} rent   ${mark.own} own${be !== undefined ? `   ${mark.line} break-even` : ""}`,
    "",
  ];
  grid.forEach((row, i) => {
    const label = i === 0 ? topLabel : i === o.height - 1 ? bottomLabel : "";
    lines.push(`${label.padStart(pad)} ${axis}${row.join("").trimEnd()}`);
  });
  const base = o.unicode ? "└" : "+";
  const dash = o.unicode ? "─" : "-";
  lines.push(`${" ".repeat(pad)} ${base}${dash.repeat(o.width)}`);
  const first = r.months[0]?.label ?? "M1";
  const last = r.months[H - 1]?.label ?? `M${H}`;
  lines.push(`${" ".repeat(pad + 2)}${first}${last.padStart(Math.max(1, o.width - first.length))}`);
  lines.push(
    wrap(
      be === undefined
        ? `Owning never breaks even within the ${H}-month horizon: the own line stays above the rent line.`
        : `Break-even: ${monthWords(r, be)}; from there on, owning has cost less in total.`,
      o.fit,
    ),
  );
  return `${lines.join("\n")}\n`;
}
