import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runExplain } from "../src/cli/explain.js";
import { loadScenario } from "../src/load/loadScenario.js";
import { EXPLAINABLE_FIGURES } from "../src/report/explain.js";
import { checkWorked } from "./support/arithmetic.js";

// Issue 14: every equation `explain` prints holds as plain arithmetic, units converted: for every
// line item of every shipped scenario (and of the hand-worked test scenarios) in months 1, 13 and
// the last, and for every summary figure. The reader (test/support/arithmetic.ts) evaluates each
// "a × b / c = x" with the rounding of the shown digits as the only slack.

describe("the arithmetic reader", () => {
  it("finds the false workings explain used to print", () => {
    const holds = (line: string) => checkWorked(line).checked.map((c) => c.holds);
    // dual running without the commitments it is net of: 0.875 × 2,250 = 1,968.75, not 968.75
    expect(holds("month 1: 87.5% of 2,250.00 = 968.75 USD")).toEqual([false]);
    // a storage bill through the tiers, with its 20% discount left out: 2,250 ≠ 1,800
    expect(
      holds(
        "month 1: 100 TB = 100,000.00 GB; through the tiers 50,000.00 × 0.023 + 50,000.00 × 0.022 = 1,800.00 USD",
      ),
    ).toEqual([true, false]);
    // a running chain "a = b × c = d" is false as written: a ≠ b × c
    expect(
      holds("month 13: 2.4 PB × 8 / 2,628,000 s / 10^9 × 2 = 14.611872 Gbps × 266 = 3,886.76 USD"),
    ).toEqual([false, true]);
    // and holds what is true: 1.6 × 1.56 × 730 × 0.1278 = 232.861824
    expect(holds("month 1: 1.600 kW × 1.56 × 730 h × 0.1278 = 232.86 USD")).toEqual([true]);
    // 2 × 10^15 / 2^30 = 1,862,645.149…
    expect(holds("month 1: 2 PB = 1,862,645.15 GiB")).toEqual([true]);
    expect(holds("month 1: 2 PB = 1,862,645.16 GiB")).toEqual([false]);
  });
});

const files = [
  ...readdirSync("scenarios").map((f) => `scenarios/${f}`),
  ...readdirSync("test/real").map((f) => `test/real/${f}`),
  ...readdirSync("test/golden").map((f) => `test/golden/${f}`),
].filter((f) => f.endsWith(".yaml"));

describe("every equation explain prints holds as plain arithmetic (issue 14)", () => {
  it.each(files)("%s", (file) => {
    const list = JSON.parse(runExplain(file, undefined, { format: "json" }).stdout);
    const horizon = loadScenario(file).scenario.horizonMonths;
    const months = [...new Set([1, Math.min(13, horizon), horizon])].map(String);
    const failed: string[] = [];
    const skipped: string[] = [];
    let checked = 0;
    const check = (target: string, month?: string) => {
      const e = JSON.parse(runExplain(file, target, { format: "json", ...(month ? { month } : {}) }).stdout);
      for (const line of e.worked as string[]) {
        const r = checkWorked(line);
        checked += r.checked.length;
        for (const c of r.checked)
          if (!c.holds)
            failed.push(
              `${target}${month ? ` month ${month}` : ""}: ${c.statement} (${c.left} ≠ ${c.right})`,
            );
        for (const s of r.skipped) skipped.push(`${target}: ${s}`);
      }
    };
    for (const item of list.items as { side: string; name: string }[])
      for (const month of months) check(`${item.side}:${item.name}`, month);
    for (const figure of EXPLAINABLE_FIGURES) check(figure);
    expect(failed).toEqual([]);
    expect(skipped).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
