import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import { runSensitivity, runSimulate } from "../src/cli/uncertainty.js";
import { toFloat } from "../src/engine/arith.js";
import { calculate } from "../src/engine/calculate.js";
import { draw, runFloat, type SimulationPlan, sampledInputs, simulateRange } from "../src/engine/simulate.js";
import {
  inputEffects,
  measureOf,
  percentileOf,
  sensitivity,
  simulationPlan,
} from "../src/engine/uncertainty.js";
import { loadScenario } from "../src/load/loadScenario.js";
import { checkRangeEnds, writeValue } from "../src/load/uncertainty.js";
import { asDrawn, support, swing } from "../src/model/uncertainty.js";
import { renderSimulationCsv } from "../src/report/uncertainty.js";

const simulate = (file: string, runs: number, seed = 1, format = "json") =>
  runSimulate(file, { format, runs: String(runs), seed: String(seed), quiet: true }, () => {}, false);

describe("simulate", () => {
  it("a seeded simulation is reproducible byte for byte (and across thread splits)", async () => {
    const a = await simulate("scenarios/rednote.yaml", 2500, 7);
    const b = await simulate("scenarios/rednote.yaml", 2500, 7);
    expect(a.stdout).toBe(b.stdout);
    expect((await simulate("scenarios/rednote.yaml", 2500, 8)).stdout).not.toBe(a.stdout);
    const l = loadScenario("test/uncertainty/derived-ranges.yaml");
    const plan: SimulationPlan = {
      point: toFloat(l.scenario),
      effects: inputEffects(l.uncertain, l.at),
      seed: 3,
    };
    expect(simulateRange(plan, 0, 40)).toEqual([
      ...simulateRange(plan, 0, 15),
      ...simulateRange(plan, 15, 40),
    ]);
  });

  it("20,000 runs shared between this thread and a worker give the samples of one thread", async () => {
    // From 20,000 runs the work is split (runs 0-9,999 here, 10,000-19,999 in a worker thread on a
    // 2-core machine); each run draws from its own stream, so the CSV of every sample is the same.
    const out = await simulate("test/uncertainty/known-bill-ranges.yaml", 20000, 7, "csv");
    const l = loadScenario("test/uncertainty/known-bill-ranges.yaml");
    const plan = simulationPlan(l.scenario, l.uncertain, l.at, 7);
    expect(out.stdout).toBe(renderSimulationCsv(simulateRange(plan, 0, 20000), "USD"));
  });

  it("with zero-width ranges equals calc", async () => {
    const json = JSON.parse((await simulate("test/uncertainty/zero-width.yaml", 300)).stdout);
    // calc of the same numbers: the shipped example, savings 960,000.00, break-even month 20
    const calc = JSON.parse(runCalc("test/uncertainty/zero-width.yaml", { format: "json" }).stdout);
    expect(calc.summary.savings.total).toBe("960000.00");
    for (const p of ["p10", "p50", "p90"]) {
      expect(json.savings[p]).toBe("960000.00");
      expect(json.breakEvenMonth[p]).toBe(20);
    }
    expect(json.probabilityOwningCheaper).toBe("1.0000");
  });

  it("percentiles of a hand-worked distribution are within sampling error", async () => {
    // Savings = 36 × bill − capex − 36 × colo, with bill ~ U(95k, 105k), capex ~ Tri(1.1M, 1.2M, 1.3M),
    // colo ~ U(30k, 50k). The P50 by symmetry: 3.6M − 1.2M − 1.44M = 960,000. The spread is dominated
    // by colo: alone it would give P10 = 2.4M − 36 × 48k = 672k and P90 = 1,248k; the other two widen it.
    const json = JSON.parse((await simulate("test/uncertainty/known-bill-ranges.yaml", 20000, 11)).stdout);
    expect(Math.abs(Number(json.savings.p50) - 960000)).toBeLessThan(960000 * 0.01);
    // Var = 36² × (10k²/12 + 20k²/12) + 100k²/6 = 1296 × 41.67M + 1.667G = 5.567e10 → sd 235.9k;
    // the sum is close to normal: P10 ≈ 960k − 1.2816 × 235.9k = 657.7k, P90 ≈ 1,262.3k
    expect(Math.abs(Number(json.savings.p10) - 657700)).toBeLessThan(15000);
    expect(Math.abs(Number(json.savings.p90) - 1262300)).toBeLessThan(15000);
  });

  it("checks gates on percentiles: exit 1 when one fails", async () => {
    // P10 of savings ≈ 658k < 700k: the gate fails
    const out = await simulate("test/uncertainty/known-bill-ranges.yaml", 4000, 2, "table");
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain("FAIL  P10 savingsTotal >= 700,000.00 USD: P10 of the savings is");
    // calc judges the same gate by the same simulation (1,000 runs, seed 1, as simulate's defaults):
    // the same verdict, the same P10, exit 1 (issue 19: percentile gates never block nothing).
    const calc = runCalc("test/uncertainty/known-bill-ranges.yaml", { format: "json" });
    const sim = JSON.parse((await simulate("test/uncertainty/known-bill-ranges.yaml", 1000, 1)).stdout);
    expect(calc.exitCode).toBe(1);
    const gate = JSON.parse(calc.stdout).gates[0];
    expect(gate).toMatchObject({ name: "savingsTotal", percentile: 10, ok: false, skipped: false });
    expect(gate.actual).toBe(sim.gates[0].actual);
    expect(JSON.parse(calc.stdout).verdict).toBe("fail");
    // --no-simulate skips it on purpose: ok is null, the run passes, and the table says why.
    const skipped = runCalc("test/uncertainty/known-bill-ranges.yaml", { format: "json", simulate: false });
    expect(skipped.exitCode).toBe(0);
    expect(JSON.parse(skipped.stdout).gates[0]).toMatchObject({ ok: null, skipped: true });
    expect(
      runCalc("test/uncertainty/known-bill-ranges.yaml", { format: "table", simulate: false }).stdout,
    ).toContain("skipped on purpose (--no-simulate)");
  });

  it("samples in floating point whose P50 agrees with the decimal engine within 0.01%", () => {
    const l = loadScenario("test/uncertainty/derived-ranges.yaml");
    const plan: SimulationPlan = {
      point: toFloat(l.scenario),
      effects: inputEffects(l.uncertain, l.at),
      seed: 5,
    };
    const runs = 120;
    const fast = simulateRange(plan, 0, runs).map((s) => s.savings);
    // The same draws, each scenario loaded and computed exactly (whole months rounded as the sampler does).
    const exact = Array.from({ length: runs }, (_, run) => {
      const values = sampledInputs(plan, run);
      const s = l.variant(
        l.uncertain.map((input, i) => {
          const v = values[i] ?? 0;
          const whole = input.dist.suffix === "mo" ? Math.round(v) : v;
          return { path: input.path, value: writeValue(whole, input.dist.suffix) };
        }),
      );
      return calculate(s, l.catalogs).summary.savings.total.toNumber();
    });
    const p50f = percentileOf(fast, 50);
    const p50d = percentileOf(exact, 50);
    expect(Math.abs(p50f - p50d) / Math.abs(p50d)).toBeLessThan(0.0001);
  });

  it("shows a progress bar only on a terminal, and never with --quiet", async () => {
    const lines: string[] = [];
    await runSimulate(
      "scenarios/rednote.yaml",
      { format: "json", runs: "1000", seed: "1" },
      (s) => lines.push(s),
      true,
    );
    expect(lines.join("")).toContain("simulating 1000/1000");
    const quiet: string[] = [];
    await runSimulate(
      "scenarios/rednote.yaml",
      { format: "json", runs: "1000", seed: "1", quiet: true },
      (s) => quiet.push(s),
      true,
    );
    expect(quiet).toEqual([]);
    const piped = spawnSync(
      process.execPath,
      ["bin/repatriate.js", "simulate", "scenarios/rednote.yaml", "--runs", "1000"],
      { encoding: "utf8" },
    );
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe("");
  });
});

describe("the model in binary floats (simulate)", () => {
  it("gives calc's cents on every shipped scenario", () => {
    for (const f of [
      "known-bill",
      "small-startup",
      "saas-37signals",
      "mid-size-platform",
      "object-storage-exit",
      "rednote",
    ]) {
      const l = loadScenario(`scenarios/${f}.yaml`);
      const exact = calculate(l.scenario, l.catalogs).summary;
      const run = runFloat(toFloat(l.scenario));
      // Same formulas, same rounding rule: the same cents, and the same break-even month.
      expect(run.ownTco.toFixed(2), f).toBe(exact.own.tco.toFixed(2));
      expect(run.rentTco.toFixed(2), f).toBe(exact.rent.tco.toFixed(2));
      expect(run.savingsNpv.toFixed(2), f).toBe(exact.savings.npv.toFixed(2));
      expect(run.breakEvenMonth, f).toBe(exact.breakEvenMonth);
      expect(Math.abs((run.paybackMonths ?? 0) - (exact.paybackMonths?.toNumber() ?? 0)), f).toBeLessThan(
        1e-9,
      );
    }
  });
});

describe("sensitivity", () => {
  it("orders inputs by their swing of savings NPV (hand-worked)", () => {
    const json = JSON.parse(
      runSensitivity("test/uncertainty/known-bill-ranges.yaml", { format: "json" }).stdout,
    );
    // r = 0, so NPV = TCO. Colocation 30k → 50k over 36 months moves savings by 36 × 20k = 720k;
    // the cloud bill 95k → 105k by 36 × 10k = 360k; the servers 1.1M → 1.3M by 200k.
    expect(json.inputs.map((i: { field: string }) => i.field)).toEqual([
      "own.items[1].monthly",
      "rent.items[0].monthly",
      "own.items[0].capex",
    ]);
    expect(json.inputs.map((i: { swing: string }) => i.swing)).toEqual([
      "720000.00",
      "360000.00",
      "200000.00",
    ]);
    // at colocation 30k: 3.6M − 1.2M − 1.08M = 1,320,000; at 50k: 600,000
    expect(json.inputs[0]).toMatchObject({ savingsNpvAtLow: "1320000.00", savingsNpvAtHigh: "600000.00" });
    const table = runSensitivity("test/uncertainty/known-bill-ranges.yaml", { format: "table" }).stdout;
    expect(table).toMatch(/own\.items\[1\]\.monthly +\|/);
  });
});

describe("sensitivity is linear in the number of ranges (issue 19)", () => {
  const dir = mkdtempSync(join(tmpdir(), "repatriate-tornado-"));
  const mixed = readFileSync("test/uncertainty/mixed-ranges.yaml", "utf8");
  const noMigration = mixed.slice(0, mixed.indexOf("migration:"));
  const variants: [string, string][] = [
    ["with a migration (its rent items are computed whole: dual running bills them)", mixed],
    ["without a migration (every item range is patched)", noMigration],
    [
      "with residual value (the capex item is computed whole: its book value is credited)",
      noMigration.replace("own:\n", "own:\n  residual: book\n"),
    ],
  ];
  for (const [label, text] of variants)
    it(`a range on a line item gives the figures of the scenario computed whole, ${label}`, () => {
      const f = join(dir, "mixed.yaml");
      writeFileSync(f, text);
      const l = loadScenario(f);
      for (const measure of ["savingsNpv", "afterTaxSavingsNpv"] as const) {
        const swings = sensitivity(
          l.scenario,
          calculate(l.scenario, l.catalogs),
          l.uncertain,
          l.at,
          l.catalogs,
          measure,
        );
        expect(swings).toHaveLength(l.uncertain.length);
        for (const s of swings) {
          const [low, high] = swing(s.input.dist);
          const whole = (v: number) => calculate(l.at([[s.input, v]]), l.catalogs).summary;
          expect([s.npvAtLow.toFixed(2), s.breakEvenAtLow]).toEqual([
            measureOf(whole(low), measure).toFixed(2),
            whole(low).breakEvenMonth,
          ]);
          expect([s.npvAtHigh.toFixed(2), s.breakEvenAtHigh]).toEqual([
            measureOf(whole(high), measure).toFixed(2),
            whole(high).breakEvenMonth,
          ]);
        }
      }
    });

  it("loads the scenario twice for any number of single ranges on line items (was twice per range)", () => {
    const counts = [10, 200].map((n) => {
      const item = (side: string, i: number) =>
        `    - { name: ${side}${i}, monthly: { low: ${1 + (i % 7)}k, high: ${20 + (i % 7)}k } }`;
      const items = (side: string) => Array.from({ length: n / 2 }, (_, i) => item(side, i)).join("\n");
      const f = join(dir, `wide-${n}.yaml`);
      writeFileSync(
        f,
        `version: 1\nname: Wide\ncurrency: USD\nhorizon: 24mo\nrent:\n  items:\n${items("r")}\nown:\n  items:\n${items("o")}\n`,
      );
      const l = loadScenario(f);
      let loads = 0;
      const at: typeof l.at = (settings) => {
        loads++;
        return l.at(settings);
      };
      const swings = sensitivity(l.scenario, calculate(l.scenario, l.catalogs), l.uncertain, at, l.catalogs);
      // r0 (1k → 20k over 24 months) moves savings by 24 × 19k = 456,000.
      expect(swings.find((s) => s.input.field === "rent.items[0].monthly")?.width.toFixed(2)).toBe(
        "456000.00",
      );
      const simulateLoads = loads;
      inputEffects(l.uncertain, at);
      let checks = 0;
      checkRangeEnds(l.uncertain, (r) => {
        checks++;
        return l.variant(r);
      });
      return [simulateLoads, loads - simulateLoads, checks];
    });
    // The low ends of every item in one load, the high ends in another; the same for simulate's
    // effects, and the joint check loads all-low and all-high.
    expect(counts).toEqual([
      [2, 2, 2],
      [2, 2, 2],
    ]);
  });

  it("every combination simulate draws is one the loader accepts (draws re-checked against the field rules)", () => {
    // The checks above load the corners; here 300 runs' actual draws are written back into the
    // scenario and loaded like a file a user wrote, rounded as the simulation rounds them.
    for (const file of ["test/uncertainty/mixed-ranges.yaml", "test/uncertainty/derived-ranges.yaml"]) {
      const l = loadScenario(file);
      const plan: SimulationPlan = {
        point: toFloat(l.scenario),
        effects: inputEffects(l.uncertain, l.at),
        seed: 5,
      };
      for (let run = 0; run < 300; run++) {
        const drawn = sampledInputs(plan, run);
        expect(() =>
          l.at(l.uncertain.map((input, j) => [input, asDrawn(input.path, drawn[j] as number)] as const)),
        ).not.toThrow();
      }
    }
  });

  it("items with several ranges are checked corner by corner in one load per corner, not per item", () => {
    const item = (i: number) =>
      `    - { name: o${i}, monthly: { low: 1k, high: 2k }, from: { low: 1, high: 6 }, to: { low: 12, high: 24 } }`;
    const f = join(dir, "corners.yaml");
    writeFileSync(
      f,
      `version: 1\nname: C\ncurrency: USD\nhorizon: 24mo\nrent:\n  items: [{ name: Bill, monthly: 50k }]\nown:\n  items:\n${Array.from({ length: 100 }, (_, i) => item(i)).join("\n")}\n`,
    );
    const l = loadScenario(f);
    let loads = 0;
    checkRangeEnds(l.uncertain, (r) => {
      loads++;
      return l.variant(r);
    });
    // all low, all high, then each of 3 ranges leading at each end: 2 + 3 × 2 (was 2 + 100 × 6)
    expect(loads).toBe(8);
  });

  it("a combination refused only across groups (a capex month against the horizon) is refused, naming both", () => {
    // horizon 12–36 months; the capex month 1–14. Each alone is fine with the other at its point
    // (month 14 ≤ 24 months; month 8 ≤ 12), but horizon 12 with month 14 can be drawn.
    const f = join(dir, "cross.yaml");
    writeFileSync(
      f,
      "version: 1\nname: Cross\ncurrency: USD\nhorizon: { low: 12mo, high: 36mo }\nbusiness: { revenue: 1M/yr, taxRate: 25%, discountRate: { low: 5%, high: 10% } }\nrent:\n  items: [{ name: Bill, monthly: 2k }]\nown:\n  items:\n    - { name: Server, capex: { low: 10k, high: 20k }, month: { low: 1, high: 14 }, lifetime: 36mo }\n",
    );
    const l = loadScenario(f);
    expect(() => checkRangeEnds(l.uncertain, l.variant)).toThrow(
      "(horizon, own.items[0].capex at their low ends, the ranges beside each at their high ends): month 14 is after the horizon (12 months)",
    );
  });
});

describe("--currency on sensitivity and simulate (hand-worked, 1 EUR = 1.25 USD)", () => {
  const file = "test/uncertainty/known-bill-ranges-eur.yaml";
  it("sensitivity shows savings NPVs in euros and says so", () => {
    const json = JSON.parse(runSensitivity(file, { format: "json", currency: "EUR" }).stdout);
    // Colocation 30k–50k swings savings by 36 × 20k = 720,000 USD = 576,000.00 EUR; at 30k savings
    // are 3.6M − 1.2M − 1.08M = 1,320,000 USD = 1,056,000.00 EUR, at 50k 600,000 USD = 480,000.00 EUR.
    // Point: 36 × (100k − 40k) − 1.2M = 960,000 USD = 768,000.00 EUR.
    expect(json.currency).toBe("EUR");
    expect(json.reporting).toEqual({ currency: "EUR", from: "USD", rate: "1.25" });
    expect(json.pointSavingsNpv).toBe("768000.00");
    expect(json.inputs[0]).toMatchObject({
      field: "own.items[1].monthly",
      low: 30, // input values stay as written: 30k (USD)
      savingsNpvAtLow: "1056000.00",
      savingsNpvAtHigh: "480000.00",
      swing: "576000.00",
    });
    const usd = JSON.parse(runSensitivity(file, { format: "json" }).stdout);
    expect([usd.currency, usd.reporting, usd.inputs[0].swing]).toEqual(["USD", null, "720000.00"]);
    const table = runSensitivity(file, { format: "table", currency: "EUR" }).stdout;
    expect(table).toContain(
      "amounts in EUR, converted from USD at 1 EUR = 1.25 USD (input values as written)",
    );
    expect(table).toContain("Savings NPV at low (EUR)");
  });
  it("simulate converts percentiles, samples and gate limits; the gate's verdict and exit code stay", async () => {
    const eur = await runSimulate(
      file,
      { format: "json", runs: "2000", seed: "1", currency: "EUR" },
      () => {},
      false,
    );
    const usd = await runSimulate(file, { format: "json", runs: "2000", seed: "1" }, () => {}, false);
    const [e, u] = [JSON.parse(eur.stdout), JSON.parse(usd.stdout)];
    expect(e.currency).toBe("EUR");
    expect(e.reporting).toEqual({ currency: "EUR", from: "USD", rate: "1.25" });
    expect([u.currency, u.reporting]).toEqual(["USD", null]);
    // The same draws, divided by 1.25 (in floating point, like the samples): P50 ≈ 960k USD ≈ 768k EUR.
    expect(Number(e.savings.p50)).toBeCloseTo(Number(u.savings.p50) / 1.25, 1);
    expect(Math.abs(Number(e.savings.p50) - 768000)).toBeLessThan(7680);
    // Gate P10 ≥ 700k USD reads 560000 EUR and fails in both (P10 ≈ 658k USD): exit 1 both ways.
    expect(e.gates[0]).toMatchObject({ name: "savingsTotal", percentile: 10, ok: false, limit: "560000" });
    expect([eur.exitCode, usd.exitCode]).toEqual([1, 1]);
    const csv = (
      await runSimulate(file, { format: "csv", runs: "3", seed: "1", currency: "EUR" }, () => {}, false)
    ).stdout;
    expect(csv.split("\r\n")[0]).toBe(
      "run,savings,savingsNpv,ownTco,rentTco,breakEvenMonth,paybackMonths,currency",
    );
    expect(csv.split("\r\n")[1]).toMatch(/,EUR$/);
  });
  it("refuses a currency the scenario has no rate for (exit 2, from the UsageError)", async () => {
    expect(() => runSensitivity(file, { format: "json", currency: "GBP" })).toThrow(
      "--currency GBP: the scenario has no fx rate for GBP",
    );
    await expect(runSimulate(file, { format: "json", currency: "GBP" }, () => {}, false)).rejects.toThrow(
      "no fx rate for GBP",
    );
  });
});

describe("ranges stay within what their field accepts", () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["bin/repatriate.js", ...args], { encoding: "utf8" });

  it("a normal range whose tail goes below zero is refused by simulate, sensitivity, report and validate", () => {
    // Colocation { mean: 40k, sd: 12k }: draws are cut at mean − 4 sd = 40k − 48k = −8k, not a cost.
    for (const args of [
      ["simulate", "test/uncertainty/negative-tail.yaml", "--runs", "100"],
      ["sensitivity", "test/uncertainty/negative-tail.yaml"],
      ["report", "test/uncertainty/negative-tail.yaml", "-o", "/tmp/repatriate-never-written.html"],
      ["validate", "test/uncertainty/negative-tail.yaml"],
    ]) {
      const r = cli(...args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(existsSync("/tmp/repatriate-never-written.html")).toBe(false);
      expect(r.stderr).toContain(
        "test/uncertainty/negative-tail.yaml:10:36: own.items[1].monthly: the range reaches -8k at its low end (mean − 4 sd), which the field does not accept: expected an amount of zero or more",
      );
    }
    // calc uses the point value (40k) only, so it still runs: 36 × (100k − 40k) − 1.2M = 960k.
    const calc = cli("calc", "test/uncertainty/negative-tail.yaml", "--format", "json");
    expect(calc.status).toBe(0);
    expect(JSON.parse(calc.stdout).summary.savings.total).toBe("960000.00");
  });

  it("a bounded range past its field's limit is refused at the end that fails", () => {
    const r = cli("simulate", "test/uncertainty/tax-above-100.yaml", "--runs", "10");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(
      "business.taxRate: the range reaches 120% at its high end, which the field does not accept: expected a percentage of at least 0% and below 100%, got 120%",
    );
  });

  it("checks whole-month fields at their rounded ends", () => {
    // month { mean: 6, sd: 1.3 }: low end 6 − 4 × 1.3 = 0.8, drawn as month 1: accepted.
    expect(cli("validate", "test/uncertainty/month-range.yaml").status).toBe(0);
    // sd 1.6: 6 − 6.4 = −0.4, drawn as month 0 (rounded, never below 0): refused.
    const dir = mkdtempSync(join(tmpdir(), "repatriate-month-"));
    const file = join(dir, "month.yaml");
    writeFileSync(
      file,
      readFileSync("test/uncertainty/month-range.yaml", "utf8").replace("sd: 1.3", "sd: 1.6"),
    );
    const r = cli("validate", file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("own.items[0].month: the range reaches 0 at its low end (mean − 4 sd)");
  });

  it("normal and lognormal draws are cut off 4 standard deviations out", () => {
    // Standard normal: u = 1e-9 is about −6 sd; it is drawn at the cut-off, −4. u = 0.5 is the mean.
    const n = { kind: "normal" as const, mean: 0, sd: 1, suffix: "" };
    expect(draw(n, 1e-9)).toBe(-4);
    expect(draw(n, 1 - 1e-9)).toBe(4);
    expect(draw(n, 0.5)).toBeCloseTo(0, 9);
    // Lognormal median 100, P90 200: σ = ln 2 / 1.281552 = 0.540863; 4σ = 2.163451;
    // e^2.163451 = e^2 × e^0.163451 = 7.389056 × 1.177568 = 8.70121,
    // so draws lie in [100 / 8.70121, 100 × 8.70121] = [11.4927, 870.121].
    const ln = { kind: "lognormal" as const, median: 100, p90: 200, suffix: "" };
    const [lo, hi] = support(ln);
    expect(lo).toBeCloseTo(11.4927, 3);
    expect(hi).toBeCloseTo(870.121, 2);
    expect(draw(ln, 1e-12)).toBe(lo);
    expect(draw(ln, 0.5)).toBeCloseTo(100, 9);
  });
});

describe("simulate without ranges", () => {
  it("says every run is the point estimate, and draws one bin of all the runs", async () => {
    // known-bill has no ranges: all 10 runs save 36 × 60k − 1.2M = 960,000.
    const out = (await simulate("scenarios/known-bill.yaml", 10, 1, "table")).stdout;
    expect(out).toContain("The scenario has no ranges, so every run is the point estimate");
    expect(out).toContain("Savings over the horizon (USD), 1 bin:");
    expect(out).toMatch(/\+960,000\.00 +█+ 10\n/);
  });
});

describe("ranges are checked together, not only one by one (issue 19, item 10)", () => {
  const dir = mkdtempSync(join(tmpdir(), "repatriate-joint-"));
  const write = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  it("an item that could end before it starts is refused, naming the corner", () => {
    // from 1–9 and to 6–20: from = 9 with to = 6 is an item that ends before it starts.
    const f = write(
      "from-to.yaml",
      "version: 1\nname: J\ncurrency: USD\nhorizon: 24mo\nrent:\n  items: [{ name: A, monthly: 10k }]\nown:\n  items: [{ name: B, monthly: 5k, from: { low: 1, high: 9 }, to: { low: 6, high: 20 } }]\n",
    );
    expect(() => checkRangeEnds(loadScenario(f).uncertain, loadScenario(f).variant)).toThrow(
      "(own.items[0].from at 9 at its high end, the ranges beside it at their low ends): the last month (6) is before the first (9)",
    );
    // calc takes the point values (from 5, to 13) and is fine.
    expect(runCalc(f, { format: "json" }).exitCode).toBe(0);
  });
  it("a migration whose data could not move within its duration is refused", () => {
    // 10 PB over 1 Gbps: 10e15 × 8 / 1e9 s = 8e7 s = 30.44 months of 2,628,000 s > 24.
    const f = write(
      "migration.yaml",
      "version: 1\nname: J\ncurrency: USD\nhorizon: 36mo\nworkload:\n  storage: { stored: { low: 1 PB, high: 10 PB } }\nrent:\n  catalog: aws-us-east-1\nown:\n  catalog: colo-us\n  redundancy: 1.5\n  fillRatio: 80%\n  lifetime: 5y\nmigration:\n  link: { low: 1 Gbps, high: 10 Gbps }\n  duration: 24mo\n",
    );
    const l = loadScenario(f);
    expect(() => checkRangeEnds(l.uncertain, l.variant)).toThrow("the data takes 30.44 months over the link");
  });
  it("accepts ranges that hold at every corner", () => {
    const l = loadScenario("test/uncertainty/known-bill-ranges.yaml");
    expect(() => checkRangeEnds(l.uncertain, l.variant)).not.toThrow();
  });
});

describe("point values of whole-month ranges", () => {
  it("are rounded like every draw: from 1–8 (midpoint 4.5) computes from month 5", () => {
    const dir = mkdtempSync(join(tmpdir(), "repatriate-point-"));
    const f = join(dir, "from.yaml");
    writeFileSync(
      f,
      "version: 1\nname: P\ncurrency: USD\nhorizon: 12mo\nrent:\n  items: [{ name: A, monthly: 10k }]\nown:\n  items: [{ name: B, monthly: 1k, from: { low: 1, high: 8 } }]\n",
    );
    // Before, calc refused the file: "expected a first month …, got 4.5".
    const json = JSON.parse(runCalc(f, { format: "json" }).stdout);
    // B runs in months 5–12: 8 × 1k = 8,000.
    expect(json.summary.own.tco).toBe("8000.00");
  });
});
