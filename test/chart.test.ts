import { describe, expect, it } from "vitest";
import { canDrawUnicode, runCalc } from "../src/cli/calc.js";
import { calculate } from "../src/engine/calculate.js";
import { loadScenario } from "../src/load/loadScenario.js";
import { columnOf, renderChart, rowOf } from "../src/report/chart.js";
import { Decimal } from "../src/units/decimal.js";

// Golden test of the terminal chart (`calc --chart`) for scenarios/known-bill.yaml, worked by hand.
//
// Cumulative rent after month m: 100k × m → 100k in month 1, 3.6M in month 36 (the top of the chart).
// Cumulative own after month m: 1.2M capex (month 1) + 40k × m → 1.24M in month 1, 2.64M in month 36.
// Chart 60 columns × 15 rows, 36 months: month m sits in column round((m−1)/35 × 59);
// an amount a sits in row round(a / 3.6M × 14), counted from the bottom.
//   break-even month 20 → column round(19/35 × 59) = round(32.03) = 32
//   month 1:  rent row round(0.1/3.6 × 14) = round(0.39) = 0;  own row round(1.24/3.6 × 14) = round(4.82) = 5
//   month 36: rent row round(3.6/3.6 × 14) = 14;              own row round(2.64/3.6 × 14) = round(10.27) = 10
//             column round(35/35 × 59) = 59
//   month 20: rent 2.0M → row round(7.78) = 8; own 1.2M + 0.8M = 2.0M → row 8 as well: both marks, "◉",
//             drawn over the break-even line in column 32.

const loaded = loadScenario("scenarios/known-bill.yaml");
const result = calculate(loaded.scenario, loaded.catalogs);

/** The chart's grid: the 15 plotted rows, top first, without the axis labels. */
function grid(text: string): string[] {
  const lines = text.split("\n");
  const first = lines.findIndex((l) => /USD [┤|]/.test(l));
  const axis = (lines[first] ?? "").search(/USD [┤|]/) + 4;
  return lines.slice(first, first + 15).map((l) => l.slice(axis + 1));
}
const at = (g: string[], row: number, col: number) => g[14 - row]?.[col] ?? " ";

describe("terminal chart (calc --chart)", () => {
  it("places columns and rows as worked by hand", () => {
    expect(columnOf(20, 36, 60)).toBe(32);
    expect(columnOf(1, 36, 60)).toBe(0);
    expect(columnOf(36, 36, 60)).toBe(59);
    expect(rowOf(new Decimal("1240000"), new Decimal("3600000"), 15)).toBe(5);
    expect(rowOf(new Decimal("2640000"), new Decimal("3600000"), 15)).toBe(10);
  });

  const unicode = renderChart(result, { width: 60, height: 15, unicode: true });
  const g = grid(unicode);

  it("draws both cumulative curves at the hand-worked points", () => {
    expect(g).toHaveLength(15);
    expect(at(g, 0, 0)).toBe("●"); // rent, month 1
    expect(at(g, 5, 0)).toBe("○"); // own, month 1
    expect(at(g, 14, 59)).toBe("●"); // rent, month 36
    expect(at(g, 10, 59)).toBe("○"); // own, month 36
    expect(at(g, 8, 32)).toBe("◉"); // month 20: both at 2.0M
  });

  it("marks the break-even month with a vertical line in column 32", () => {
    for (let row = 0; row < 15; row++) if (row !== 8) expect(at(g, row, 32), `row ${row}`).toBe("│");
    expect(unicode).toContain("Break-even: month 20 (2028-08)");
    expect(unicode).toContain("3,600,000.00 USD ┤");
    expect(unicode).toMatch(/ {18}2027-01 +2029-12\n/);
  });

  it("degrades to plain ASCII with the same layout", () => {
    const ascii = renderChart(result, { width: 60, height: 15, unicode: false });
    expect(ascii).toMatch(/^[\x20-\x7e\n]*$/);
    const a = grid(ascii);
    expect(at(a, 0, 0)).toBe("R");
    expect(at(a, 5, 0)).toBe("O");
    expect(at(a, 8, 32)).toBe("*");
    expect(at(a, 3, 32)).toBe("|");
  });

  it("says when there is no break-even, and draws no marker", () => {
    const never = loadScenario("test/golden/never.yaml");
    const text = renderChart(calculate(never.scenario, never.catalogs), {
      width: 60,
      height: 15,
      unicode: true,
    });
    expect(text).toContain("Owning never breaks even");
    expect(text).not.toContain("│");
  });

  it("chooses plain text for a dumb terminal or a non-UTF-8 locale", () => {
    expect(canDrawUnicode({ LANG: "en_US.UTF-8", TERM: "xterm-256color" })).toBe(true);
    expect(canDrawUnicode({ LANG: "en_US.UTF-8", TERM: "dumb" })).toBe(false);
    expect(canDrawUnicode({ LANG: "C" })).toBe(false);
    expect(canDrawUnicode({})).toBe(false);
    expect(canDrawUnicode({ LC_ALL: "C.utf8", LANG: "C" })).toBe(true);
  });

  it("can be drawn larger or smaller with --chart-size (hand-worked at 100x10)", () => {
    // 100 columns × 10 rows: month m in column round((m−1)/35 × 99), amount a in row round(a / 3.6M × 9).
    //   break-even month 20 → column round(19/35 × 99) = round(53.74) = 54
    //   month 1: own row round(1.24/3.6 × 9) = round(3.1) = 3, rent row 0
    //   month 36 (column 99): own row round(2.64/3.6 × 9) = round(6.6) = 7, rent row 9
    //   month 20: both 2.0M → row round(2.0/3.6 × 9) = 5, column 54: "◉" on the break-even line
    const text = runCalc("scenarios/known-bill.yaml", { format: "table", chartSize: "100x10" }).stdout;
    const lines = text.split("\n");
    const first = lines.findIndex((l) => /USD [┤|]/.test(l));
    const axis = (lines[first] ?? "").search(/USD [┤|]/) + 4;
    const g10 = lines.slice(first, first + 10).map((l) => l.slice(axis + 1));
    const cell = (row: number, col: number) => g10[9 - row]?.[col] ?? " ";
    const bar = canDrawUnicode() ? "│" : "|";
    expect(lines[first + 10]).toMatch(/└|\+/);
    expect(cell(3, 0)).toMatch(/[○O]/);
    expect(cell(0, 0)).toMatch(/[●R]/);
    expect(cell(7, 99)).toMatch(/[○O]/);
    expect(cell(9, 99)).toMatch(/[●R]/);
    expect(cell(5, 54)).toMatch(/[◉*]/);
    expect(cell(0, 54)).toBe(bar);
    expect(text).toContain("Break-even: month 20 (2028-08)");
  });

  it("refuses a chart size outside 20-240 columns by 5-60 rows", () => {
    for (const bad of ["10x10", "100x4", "241x20", "100", "100x20x3", "ax5"])
      expect(() => runCalc("scenarios/known-bill.yaml", { format: "table", chartSize: bad }), bad).toThrow(
        "--chart-size must be COLUMNSxROWS with 20-240 columns and 5-60 rows",
      );
    expect(() => runCalc("scenarios/known-bill.yaml", { format: "json", chartSize: "80x20" })).toThrow(
      "--chart goes with --format table",
    );
  });

  it("is only offered with the table format", () => {
    expect(() => runCalc("scenarios/known-bill.yaml", { format: "json", chart: true })).toThrow(
      "--chart goes with --format table",
    );
  });
});
