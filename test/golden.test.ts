import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import type { ResultJson } from "../src/report/json.js";

// Each case is a scenario whose figures were worked out by hand; the arithmetic is in the comments.
// The assertions read the JSON contract (MODEL.md §5), as CI gates and other tools would.

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

type Json = ResultJson;
function calcJson(file: string): { json: Json; exitCode: number } {
  const out = runCalc(here(file), { format: "json" });
  return { json: JSON.parse(out.stdout), exitCode: out.exitCode };
}

/** A line item's row in a month of the JSON; a test that names one that is not there fails here. */
const item = (json: Json, month: number, name: string) => {
  const row = json.months[month - 1].items.find((i) => i.name === name);
  if (!row) throw new Error(`no line item ${name} in month ${month}`);
  return row;
};

describe("golden: the shipped example (explicit items)", () => {
  const { json, exitCode } = calcJson("../scenarios/known-bill.yaml");
  it("prices both sides", () => {
    // rent 100k × 36 = 3.6M; own 1.2M capex + 40k × 36 = 2.64M; savings 0.96M = 26.666…% → 26.67
    expect(json.summary.rent.tco).toBe("3600000.00");
    expect(json.summary.own.tco).toBe("2640000.00");
    expect(json.summary.own.capex).toBe("1200000.00");
    expect(json.summary.savings.total).toBe("960000.00");
    expect(json.summary.savings.pct).toBe("26.67");
  });
  it("breaks even in month 20", () => {
    // S(m) = 60k·m − 1.2M: S(19) = −60k, S(20) = 0 → month 20; payback 19 + 60k/60k = 20.00
    expect(json.summary.breakEvenMonth).toBe(20);
    expect(json.summary.paybackMonths).toBe("20.00");
    expect(json.months[19].label).toBe("2028-08");
  });
  it("depreciates the capex on the P&L and reports margins for the last full year", () => {
    // P&L own per year: 1.2M / 36 × 12 = 400k + 480k colocation = 880k; savings 1.2M − 880k = 320k
    expect(json.years[0].ownPnl).toBe("880000.00");
    expect(json.years[0].ownCash).toBe("1680000.00"); // 1.2M + 480k in year 1
    expect(json.years[2].savingsPnl).toBe("320000.00");
    // 320k / 10M revenue = 3.20 pp; × (1 − 25%) = 240k; 240k / 1M net profit = 24%; × P/E 20 = 4.8M
    // EBITDA leaves out the depreciation: 1.2M rent − 480k colocation = 720k; 720k / 10M = 7.20 pp
    expect(json.summary.margin).toEqual({
      year: 3,
      grossMarginDeltaPp: "3.20",
      netProfitDelta: "240000.00",
      netProfitDeltaPct: "24.00",
      ebitdaDelta: "720000.00",
      ebitdaDeltaPct: "7.20",
      valuationDelta: "4800000.00",
      valuation: { multiple: "20", of: "netProfit" },
    });
  });
  it("holds both gates", () => {
    expect(exitCode).toBe(0);
    expect(json.gates).toEqual([
      {
        name: "breakEvenMonths",
        percentile: null,
        bound: "max",
        level: "fail",
        ok: true,
        skipped: false,
        actual: 20,
        limit: 24,
        relative: null,
        from: "gates.breakEvenMonths.max",
      },
      {
        name: "savingsPct",
        percentile: null,
        bound: "min",
        level: "fail",
        ok: true,
        skipped: false,
        actual: "26.67",
        limit: "10",
        relative: null,
        from: "gates.savingsPct.min",
      },
    ]);
    expect(json.verdict).toBe("pass");
  });
  it("has one item row per month and side and item", () => {
    expect(json.months).toHaveLength(36);
    expect(json.months[0].items.map((i: { name: string }) => i.name)).toEqual([
      "Cloud bill",
      "Servers",
      "Colocation",
      "Support contract",
    ]);
    // 1.2M / 36 = 33,333.333… a month of depreciation. The ledger rounds cumulatively, so the cents
    // add up: 33,333.33 in month 1, then 66,666.67 − 33,333.33 = 33,333.34 in month 2.
    expect(item(json, 1, "Servers").pnl).toBe("33333.33");
    expect(item(json, 2, "Servers")).toEqual({
      side: "own",
      name: "Servers",
      category: "compute", // inferred from the name: servers are compute
      cash: "0.00",
      pnl: "33333.34",
    });
  });
});

describe("golden: capex not in month 1", () => {
  const { json } = calcJson("golden/capex-late.yaml");
  it("pays it in month 4 and depreciates it over months 4–15", () => {
    // rent 10k × 24 = 240k; own 120k + 2k × 24 = 168k; savings 72k = 30%
    expect(json.summary.rent.tco).toBe("240000.00");
    expect(json.summary.own.tco).toBe("168000.00");
    expect(json.summary.savings.pct).toBe("30.00");
    expect(item(json, 3, "Servers").cash).toBe("0.00");
    expect(item(json, 4, "Servers").cash).toBe("120000.00");
    expect(item(json, 4, "Servers").pnl).toBe("10000.00"); // 120k / 12
    expect(item(json, 16, "Servers").pnl).toBe("0.00");
    // year 1 P&L: 2k × 12 + 10k × 9 (months 4–12) = 114k; year 2: 24k + 10k × 3 = 54k
    expect(json.years[0].ownPnl).toBe("114000.00");
    expect(json.years[1].ownPnl).toBe("54000.00");
  });
  it("breaks even when the month-4 dip is paid back", () => {
    // S: 8k, 16k, 24k, then 24k + 8k − 120k = −88k in month 4, +8k a month after:
    // S(14) = −8k, S(15) = 0 → month 15; payback 14 + 8k / 8k = 15.00
    expect(json.months[3].cumulativeSavings).toBe("-88000.00");
    expect(json.summary.breakEvenMonth).toBe(15);
    expect(json.summary.paybackMonths).toBe("15.00");
  });
});

describe("golden: a break-even that dips back below zero", () => {
  const { json } = calcJson("golden/dip.yaml");
  it("takes the month from which savings stay non-negative", () => {
    // S: −50 (100 − 150), 50, 150, 250, 350, then 450 − 500 = −50 in month 6, 50 in month 7 …
    // The first crossing (month 2) does not hold; month 7 does. Payback 6 + 50/100 = 6.50.
    expect(json.months[1].cumulativeSavings).toBe("50.00");
    expect(json.months[5].cumulativeSavings).toBe("-50.00");
    expect(json.summary.breakEvenMonth).toBe(7);
    expect(json.summary.paybackMonths).toBe("6.50");
  });
  it("keeps the undepreciated part of the second rack as book value", () => {
    // own cash 650; P&L 150 + 500 × 7/12 = 441.666… → 441.67; book value 500 × 5/12 = 208.33
    expect(json.summary.own.tco).toBe("650.00");
    expect(json.summary.own.pnl).toBe("441.67");
    expect(json.summary.own.residualBookValue).toBe("208.33");
  });
});

describe("golden: no break-even", () => {
  const { json, exitCode } = calcJson("golden/never.yaml");
  it("says so, and fails a break-even gate", () => {
    // rent 1.2M/yr = 100k a month; own 110k a month: S(m) = −10k·m, never ≥ 0; S(36) = −360k
    expect(json.summary.breakEvenMonth).toBeNull();
    expect(json.summary.paybackMonths).toBeNull();
    expect(json.summary.savings.total).toBe("-360000.00");
    expect(json.summary.savings.pct).toBe("-10.00");
    expect(json.gates[0]).toMatchObject({
      name: "breakEvenMonths",
      bound: "max",
      level: "fail",
      ok: false,
      actual: null,
      limit: 30,
    });
    expect(exitCode).toBe(1);
  });
  it("says it in words in the table", () => {
    const table = runCalc(here("golden/never.yaml"), { format: "table" }).stdout;
    expect(table).toContain(
      "Owning costs 360,000.00 USD MORE than renting over 36 months (10.00% of the rent TCO).",
    );
    expect(table).toContain(
      "Break-even: never within the 36-month horizon (cumulative savings end at -360,000.00 USD).",
    );
    expect(table).toContain("FAIL  breakEvenMonths <= 30: break-even month is never");
  });
});

describe("golden: yearly items and from/to", () => {
  const { json } = calcJson("golden/yearly.yaml");
  it("counts a twelfth of a yearly amount in each month it runs", () => {
    // rent 120k/yr × 2 + 24k/yr in months 13–24 = 240k + 24k = 264k
    // own 5k × 24 + 60k/yr for months 1–6 = 120k + 30k = 150k; savings 114k = 43.1818…% → 43.18
    expect(json.summary.rent.tco).toBe("264000.00");
    expect(json.summary.own.tco).toBe("150000.00");
    expect(json.summary.savings.pct).toBe("43.18");
    expect(item(json, 12, "Year-2 add-on").cash).toBe("0.00");
    expect(item(json, 13, "Year-2 add-on").cash).toBe("2000.00");
    expect(item(json, 6, "Dual running").cash).toBe("5000.00");
    expect(item(json, 7, "Dual running").cash).toBe("0.00");
  });
});

describe("golden: NPV at a non-zero discount rate", () => {
  const { json } = calcJson("golden/npv.yaml");
  it("weighs month m by (1+r)^(−m/12)", () => {
    // r = 1.01^12 − 1 = 12.6825…%, so month m weighs 1.01^−m:
    // rent 100/1.01 + 100/1.01² + 100/1.01³ = 99.0099 + 98.0296 + 97.0590 = 294.0985 → 294.10
    // own at 50 a month is half: 147.0493 → 147.05; savings NPV 294.0985 − 147.0493 = 147.0493 → 147.05
    expect(json.summary.rent.npv).toBe("294.10");
    expect(json.summary.own.npv).toBe("147.05");
    expect(json.summary.savings.npv).toBe("147.05");
    expect(json.summary.rent.tco).toBe("300.00");
  });
  it("has no full year, so no margin figures", () => {
    expect(json.summary.margin.year).toBeNull();
    expect(json.summary.margin.grossMarginDeltaPp).toBeNull();
    expect(json.years).toHaveLength(1);
    expect(json.years[0].months).toBe(3);
  });
});

describe("golden: tiered storage and egress crossing tiers", () => {
  it("charges each slice at its own tier (SI GB), plus a tiered support fee", () => {
    const { json } = calcJson("golden/tiers.yaml");
    // storage 600 TB = 600,000 GB: 50,000 × 0.023 + 450,000 × 0.022 + 100,000 × 0.021 = 1,150 + 9,900 + 2,100 = 13,150
    expect(item(json, 1, "Storage").cash).toBe("13150.00");
    // egress 60 TB = 60,000 GB: 10,000 × 0.09 + 40,000 × 0.085 + 10,000 × 0.05 = 900 + 3,400 + 500 = 4,800
    expect(item(json, 1, "Egress").cash).toBe("4800.00");
    // support on 17,950: 10% of 10,000 + 5% of 7,950 = 1,000 + 397.50 = 1,397.50 (above the 100 minimum)
    expect(item(json, 1, "Support (basic)").cash).toBe("1397.50");
    expect(json.summary.rent.tco).toBe("19347.50");
  });
  it("reproduces a month of AWS S3 Standard and data transfer at list prices (binary GB)", () => {
    const { json } = calcJson("golden/aws-bill.yaml");
    // AWS meters GB as 2^30 bytes. 600 TB = 600e12 / 2^30 = 558,793.54 GiB:
    //   51,200 (50 TiB) × 0.023 + 460,800 (next 450 TiB) × 0.022 + 46,793.54 × 0.021
    //   = 1,177.60 + 10,137.60 + 982.66 = 12,297.86
    expect(item(json, 1, "Storage").cash).toBe("12297.86");
    // 200 TB = 186,264.51 GiB: 100 free, 10,140 × 0.09 + 40,960 × 0.085 + 102,400 × 0.07 + 32,664.51 × 0.05
    //   = 0 + 912.60 + 3,481.60 + 7,168.00 + 1,633.23 = 13,195.43
    expect(item(json, 1, "Egress").cash).toBe("13195.43");
  });
});

describe("golden: own side derived from the workload", () => {
  const { json } = calcJson("golden/derived-own.yaml");
  it("rounds servers and storage nodes up to whole units", () => {
    // servers: 1000 vCPU / (64 × 50%) = 31.25 → 32; nodes: 1.1 PB × 1.5 / (1 PB × 75%) = 2.2 → 3
    expect(json.months[0].drivers.servers).toBe(32);
    expect(json.months[0].drivers.storageNodes).toBe(3);
    // IT load 32 × 500 W + 3 × 1000 W = 19 kW
    expect(json.months[0].drivers.itKw).toBe("19.000");
  });
  it("prices capex, facility, transit and maintenance", () => {
    // capex: 32 × 10k = 320k; 3 × 20k = 60k; network 10% × 380k = 38k
    expect(item(json, 1, "Servers").cash).toBe("320000.00");
    expect(item(json, 1, "Storage nodes").cash).toBe("60000.00");
    expect(item(json, 1, "Network gear").cash).toBe("38000.00");
    expect(json.summary.own.capex).toBe("418000.00");
    // colocation 19 kW × 200 = 3,800; energy 19 kW × 1.5 × 730 h × 0.10 = 2,080.50
    expect(item(json, 1, "Colocation (per kW)").cash).toBe("3800.00");
    expect(item(json, 1, "Energy").cash).toBe("2080.50");
    // transit: 100e12 B × 8 / (730 × 3600 s) = 0.304414 Gbps average × 2 peak-to-average = 0.608828 Gbps × 1,000
    expect(item(json, 1, "Transit").cash).toBe("608.83");
    // maintenance: 12%/yr × 418k / 12 = 4,180 a month
    expect(item(json, 1, "Maintenance").cash).toBe("4180.00");
    // own TCO: 418,000 + 12 × (3,800 + 2,080.50 + 608.828… + 4,180) = 418,000 + 128,031.94 = 546,031.94
    expect(json.summary.own.tco).toBe("546031.94");
  });
  it("prices the same workload in the cloud", () => {
    // compute 1000 × 730 × 0.05 = 36,500; storage 1.1 PB: 1,150 + 9,900 + 600,000 × 0.021 = 23,650;
    // egress 100 TB: 900 + 3,400 + 50,000 × 0.05 = 6,800; a month 66,950; a year 803,400
    expect(json.summary.rent.tco).toBe("803400.00");
    // savings 803,400 − 546,031.936… = 257,368.06
    expect(json.summary.savings.total).toBe("257368.06");
    // P&L own in month 1 is the sum of its item rows in cents (docs/model.md, "Cents"):
    // servers 320k / 12 = 26,666.67; nodes 5,000; network 38k / 12 = 3,166.67; colocation 3,800;
    // energy 2,080.50; maintenance 4,180; transit 608.83 → 45,502.67 (the exact sum, 45,502.6616…,
    // would round to .66: the rows shown add up to the total shown instead).
    expect(json.months[0].ownPnl).toBe("45502.67");
  });
});

describe("golden: an amount in another currency", () => {
  it("converts at the scenario's fx rate", () => {
    // 1M EUR × 1.2 = 1.2M USD: the shipped example again, so own TCO 2.64M
    const { json } = calcJson("golden/fx.yaml");
    expect(json.summary.own.capex).toBe("1200000.00");
    expect(json.summary.own.tco).toBe("2640000.00");
    expect(json.fx).toEqual([{ code: "EUR", rate: "1.2" }]);
  });
});

describe("golden: catalog prices overridden in the scenario", () => {
  it("uses the override and says which prices were replaced", () => {
    const { json } = calcJson("golden/override.yaml");
    // 1000 vCPU × 730 h × 0.04 (not the catalog's 0.05) × (1 − 20%) = 23,360
    expect(item(json, 1, "Compute").cash).toBe("23360.00");
    expect(json.catalogs[0].name).toBe("test-cloud");
    expect(json.catalogs[0].overridden).toEqual(["compute.vcpuHour"]);
    expect(json.catalogs[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("the shared example scenarios", () => {
  // CI clones the project with shared/ beside it; the example keys are part of the public format.
  const dir = fileURLToPath(new URL("../../shared/examples/", import.meta.url));
  const present = existsSync(dir);
  if (!present) console.warn(`NOTICE: ${dir} is missing; the shared example scenarios were not run.`);
  it.runIf(present)("run as written", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const out = runCalc(`${dir}${f}`, { format: "json" });
      expect([0, 1]).toContain(out.exitCode);
    }
    // explicit-items.yaml is the shipped known-bill scenario, byte for byte
    expect(readFileSync(`${dir}explicit-items.yaml`, "utf8")).toBe(
      readFileSync(here("../scenarios/known-bill.yaml"), "utf8"),
    );
  });
});

describe("net-profit change in %: positive means profit improves, also for a loss-making company", () => {
  // known-bill with a stated net profit of −1M/yr (a loss). P&L savings 320k/yr × (1 − 25%) = +240k:
  // the loss shrinks from 1M to 760k, +240k / |−1M| = +24.00%.
  const variant = (replace: [string, string][]) => {
    let text = readFileSync(here("../scenarios/known-bill.yaml"), "utf8");
    for (const [a, b] of replace) text = text.replace(a, b);
    const file = join(mkdtempSync(join(tmpdir(), "repatriate-np-")), "s.yaml");
    writeFileSync(file, text);
    return JSON.parse(runCalc(file, { format: "json" }).stdout) as Json;
  };
  it("a loss that shrinks is a positive change", () => {
    const json = variant([["netProfit: 1M/yr", "netProfit: -1M/yr"]]);
    expect(json.summary.margin.netProfitDelta).toBe("240000.00");
    expect(json.summary.margin.netProfitDeltaPct).toBe("24.00");
  });
  it("a loss that grows is a negative change", () => {
    // Rent 50k/mo = 600k/yr against own P&L 880k/yr: −280k × 0.75 = −210k; −210k / |−1M| = −21.00%.
    const json = variant([
      ["netProfit: 1M/yr", "netProfit: -1M/yr"],
      ["monthly: 100k", "monthly: 50k"],
    ]);
    expect(json.summary.margin.netProfitDelta).toBe("-210000.00");
    expect(json.summary.margin.netProfitDeltaPct).toBe("-21.00");
  });
  it("a profit that falls is a negative change", () => {
    // −210k / 1M = −21.00%.
    expect(variant([["monthly: 100k", "monthly: 50k"]]).summary.margin.netProfitDeltaPct).toBe("-21.00");
  });
});
