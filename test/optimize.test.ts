import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runOptimize } from "../src/cli/optimize.js";
import { calculate } from "../src/engine/calculate.js";
import { optimizeShare, withShare } from "../src/engine/optimize.js";
import { loadScenario } from "../src/load/loadScenario.js";
import { Decimal } from "../src/units/decimal.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

describe("optimize", () => {
  const { scenario, catalogs } = loadScenario(here("golden/hybrid-optimize.yaml"));
  const optimum = optimizeShare(scenario, catalogs, "tco");

  it("finds the share a person works out by hand", () => {
    // 320 vCPU of steady demand, 32 vCPU per server (64 × 50%): 10 servers at 100%.
    // An owned server costs over 24 months: 10k + 1k network + 24 × (0.5 kW × 200 colocation
    // + 0.5 kW × 1.5 × 730 h × 0.10 energy + 1% × 11k maintenance) = 11,000 + 24 × 264.75 = 17,354.
    // Bursting its 32 vCPU instead costs 32 × 730 × 0.05 = 1,168 a month it is needed.
    // Servers 11–13 serve the long season (+30%, 18 of 24 months): 18 × 1,168 = 21,024 > 17,354 → own.
    // Servers 14–16 serve the short peak (another +30%, 4 months): 4 × 1,168 = 4,672 < 17,354 → burst.
    // So 13 servers = 416 vCPU = 130% of the baseline.
    expect(optimum.best.share.toString()).toBe("1.3");
    expect(optimum.best.result.months[0]?.drivers.servers?.toString()).toBe("13");
  });

  it("is confirmed by brute force over every share in 1% steps", () => {
    const top = 160; // the baseline plus both surges: 100% + 30% + 30%
    expect(optimum.curve).toHaveLength(top + 1);
    for (let p = 0; p <= top; p++) {
      const tco = calculate(withShare(scenario, new Decimal(p).dividedBy(100)), catalogs).summary.own.tco;
      expect(optimum.best.objective.lessThanOrEqualTo(tco), `share ${p}%`).toBe(true);
    }
  });

  it("prints the curve and the optimum", () => {
    const out = runOptimize(here("golden/hybrid-optimize.yaml"), {
      objective: "tco",
      step: "10",
      format: "table",
    });
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("Optimum: own 130% of baseline compute");
    expect(out.stdout).toMatch(/│\s+130% \* │/);
    const json = JSON.parse(
      runOptimize(here("golden/hybrid-optimize.yaml"), { objective: "npv", step: "5", format: "json" })
        .stdout,
    );
    expect(json.objective).toBe("ownNpv");
    expect(json.optimum.share).toBe("130.0");
    expect(json.curve).toHaveLength(161);
  });

  it("refuses a scenario that is not hybrid", () => {
    expect(() =>
      runOptimize("scenarios/mid-size-platform.yaml", { objective: "tco", step: "5", format: "table" }),
    ).toThrow(/optimize searches the owned share of a hybrid scenario/);
  });
});
