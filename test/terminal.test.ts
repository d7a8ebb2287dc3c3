import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import { runCatalogs } from "../src/cli/catalogs.js";
import { runDiff } from "../src/cli/diff.js";
import { runOptimize } from "../src/cli/optimize.js";
import { terminalWidth } from "../src/cli/terminal.js";
import { runSensitivity, runSimulate } from "../src/cli/uncertainty.js";
import { compact, signedCompact, wrap } from "../src/report/fit.js";
import { Decimal } from "../src/units/decimal.js";

/** Issue 18: the terminal fits. Widths are counted in characters (code points), as a terminal shows them. */
const widest = (text: string) => Math.max(...text.split("\n").map((l) => [...l].length));
const scenarios = readdirSync("scenarios").map((f) => `scenarios/${f}`);

describe("amounts at a glance", () => {
  it("writes three or four significant digits with K, M, B, T", () => {
    const c = (x: string) => compact(new Decimal(x));
    // Under 10,000: to the unit. 1,234.56 → 1,235; 146.20 → 146; −0.4 → 0 (no minus on a zero).
    expect([c("1234.56"), c("146.20"), c("-0.4"), c("9999.4")]).toEqual(["1,235", "146", "0", "9,999"]);
    // 960,000 → 960K; 3,600,000 → 3.60M; 27,299,933,059.42 → 27.3B; 12,345 → 12.3K.
    expect([c("960000"), c("3600000"), c("27299933059.42"), c("12345")]).toEqual([
      "960K",
      "3.60M",
      "27.3B",
      "12.3K",
    ]);
    // 999,600 rounds to 1,000K: written 1.00M.
    expect(c("999600")).toBe("1.00M");
    expect([signedCompact(new Decimal("114000000")), signedCompact(new Decimal("-230312.94"))]).toEqual([
      "+114M",
      "-230K",
    ]);
  });
  it("knows the width from COLUMNS, a terminal, or not at all (a pipe)", () => {
    expect(terminalWidth({ COLUMNS: "100" }, {})).toBe(100);
    expect(terminalWidth({}, { isTTY: true, columns: 120 })).toBe(120);
    expect(terminalWidth({}, { isTTY: true })).toBe(80);
    expect(terminalWidth({}, {})).toBeUndefined();
  });
  it("wraps prose at spaces, indenting what follows", () => {
    expect(wrap("one two three four", 9)).toBe("one two\n  three\n  four");
    expect(wrap("short", 9)).toBe("short");
  });
});

describe("COLUMNS=80", () => {
  it("calc, with and without --chart, prints no line wider than 80 on any shipped scenario", () => {
    for (const f of scenarios) {
      for (const chart of [false, true]) {
        const out = runCalc(f, { format: "table", width: 80, simulate: false, chart }).stdout;
        expect(widest(out), `${f}${chart ? " --chart" : ""}`).toBeLessThanOrEqual(80);
      }
    }
  });
  it("sensitivity prints no line wider than 80", () => {
    const out = runSensitivity("scenarios/rednote.yaml", { format: "table", width: 80 }).stdout;
    expect(widest(out)).toBeLessThanOrEqual(80);
  });
  it("simulate, diff, optimize and catalogs print no line wider than 80, and every digit when there is room", async () => {
    const sim = await runSimulate(
      "scenarios/rednote.yaml",
      { format: "table", runs: "300", width: 80 },
      () => {},
      false,
    );
    const diff = runDiff("scenarios/known-bill.yaml", "scenarios/saas-37signals.yaml", {
      format: "table",
      width: 80,
    });
    const opt = runOptimize("test/golden/hybrid-optimize.yaml", {
      objective: "tco",
      step: "5",
      format: "table",
      width: 80,
    });
    const list = runCatalogs(undefined, undefined, { format: "table", width: 80 });
    for (const out of [sim.stdout, diff.stdout, opt.stdout, list.stdout])
      expect(widest(out)).toBeLessThanOrEqual(80);
    // Amounts at a glance where every digit does not fit: known-bill's rent TCO 3,600,000.00 → 3.60M.
    expect(diff.stdout).toMatch(/│ Rent TCO\s+│\s+3\.60M │/);
    // The old prices move under the table: colo-us's server (2023-02-21) is 3.8 years older than 2026-12-02.
    expect(list.stdout).toContain("colo-us, over 3 years old: server 3.8 y");
    // With room, every digit: the same diff at 200 columns.
    const wide = runDiff("scenarios/known-bill.yaml", "scenarios/saas-37signals.yaml", {
      format: "table",
      width: 200,
    });
    expect(wide.stdout).toMatch(/│ Rent TCO\s+│ 3,600,000\.00 │/);
  });
  it("writes known-bill's amounts at a glance, and says what it left out", () => {
    const out = runCalc("scenarios/known-bill.yaml", { format: "table", width: 80 }).stdout;
    // Savings 960,000 → 960K over 36 months; the TCOs 3.60M and 2.64M.
    expect(out).toContain("Owning saves 960K USD over 36 months (26.67% of the rent TCO).");
    expect(out).toMatch(/TCO \(cash\)\s+│\s+3\.60M │\s+2\.64M │\s+\+960K │/);
    expect(out).toContain("(left out to fit 80 columns: Revenue, Net profit)");
  });
  it("keeps every figure to the cent with --precision full, or in a pipe", () => {
    const full = runCalc("scenarios/known-bill.yaml", {
      format: "table",
      width: 80,
      precision: "full",
    }).stdout;
    const pipe = runCalc("scenarios/known-bill.yaml", { format: "table" }).stdout;
    expect(full).toBe(pipe);
    expect(pipe).toContain("Owning saves 960,000.00 USD over 36 months");
    expect(() => runCalc("scenarios/known-bill.yaml", { format: "table", precision: "some" })).toThrow(
      /--precision must be glance or full/,
    );
  });
});

describe("calc --breakdown", () => {
  it("gives each item's horizon cost on each side, adding up to the TCOs (known-bill, by hand)", () => {
    const out = runCalc("scenarios/known-bill.yaml", { format: "table", breakdown: "item" }).stdout;
    // Cloud bill 100k × 36 = 3.6M; colocation 40k × 36 = 1.44M; servers 1.2M; the support contract
    // costs nothing and is left out. Own TCO 2.64M.
    expect(out).toMatch(/│ Colocation\s+│\s+0\.00 │ 1,440,000\.00 │\s+-1,440,000\.00 │/);
    expect(out).toMatch(/│ Cloud bill\s+│ 3,600,000\.00 │\s+0\.00 │\s+\+3,600,000\.00 │/);
    expect(out).toMatch(/│ Servers\s+│\s+0\.00 │ 1,200,000\.00 │\s+-1,200,000\.00 │/);
    expect(out).toMatch(/│ Total \(TCO\)\s+│ 3,600,000\.00 │ 2,640,000\.00 │\s+\+960,000\.00 │/);
    expect(out).not.toContain("Support contract");
    const md = runCalc("scenarios/known-bill.yaml", { format: "markdown", breakdown: "category" }).stdout;
    // By category (inferred from the names): cloud 3.6M rent; compute 1.2M, facility 1.44M own.
    expect(md).toContain("| cloud | 3,600,000.00 | 0.00 | +3,600,000.00 |");
    expect(md).toContain("| facility | 0.00 | 1,440,000.00 | -1,440,000.00 |");
    expect(md).toContain("| compute | 0.00 | 1,200,000.00 | -1,200,000.00 |");
    expect(() => runCalc("scenarios/known-bill.yaml", { format: "json", breakdown: "item" })).toThrow(
      /--breakdown goes with --format table or markdown/,
    );
  });
});

describe("the terms, explained (issue 18)", () => {
  it("ends the table and the Markdown with the glossary on --explain-terms, and the HTML defines each card's term", async () => {
    const table = runCalc("scenarios/known-bill.yaml", { format: "table", explainTerms: true }).stdout;
    expect(table).toContain("Terms:\n  TCO: total cost of ownership");
    expect(table).toContain("  IRR: internal rate of return");
    expect(runCalc("scenarios/known-bill.yaml", { format: "table" }).stdout).not.toContain("Terms:");
    const md = runCalc("scenarios/known-bill.yaml", { format: "markdown", explainTerms: true }).stdout;
    expect(md).toContain("- **EBITDA**: earnings before interest");
    const { runReport } = await import("../src/cli/report.js");
    const html = runReport("scenarios/known-bill.yaml", {}).stdout;
    expect(html).toContain('<dt>Rent TCO<small class="def">total cost of ownership');
    expect(html).toContain('<section id="terms">');
  });
});
