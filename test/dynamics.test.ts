import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import type { ResultJson } from "../src/report/json.js";

// Time dynamics (issue 3), hand-worked. Fixture prices: test-cloud charges 0.05 per vCPU-hour,
// test-colo sells 64-thread servers at 10k (500 W) and 1 PB storage nodes at 20k; network 10%,
// maintenance 12%/yr. A month is 730 hours.

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
type Json = ResultJson;
const calc = (file: string): Json => JSON.parse(runCalc(here(file), { format: "json" }).stdout);
/** A line item's row in a month of the JSON; a test that names one that is not there fails here. */
const item = (json: Json, month: number, name: string) => {
  const row = json.months[month - 1].items.find((i) => i.name === name);
  if (!row) throw new Error(`no line item ${name} in month ${month}`);
  return row;
};

describe("growth crossing a server boundary", () => {
  const json = calc("golden/growth-boundary.yaml");
  it("buys the extra server, lead time ahead, for the month demand crosses", () => {
    // 32 vCPU per server (64 × 50%). D(m) = 90 · 1.5^((m−1)/12):
    // D1 = 90 → 2.81 → 3 servers; D2 = 93.09 → 2.91 → 3; D3 = 96.29 → 3.01 → 4.
    expect(json.months.map((m) => m.drivers.servers).slice(0, 3)).toEqual([3, 3, 4]);
    // 3 servers paid in month 1 (their purchase would fall in month 0: paid in month 1);
    // the 4th goes live in month 3 and, one month of lead time ahead, is paid in month 2.
    expect(item(json, 1, "Servers").cash).toBe("30000.00");
    expect(item(json, 2, "Servers").cash).toBe("10000.00");
    expect(item(json, 3, "Servers").cash).toBe("0.00");
    // Depreciation from go-live: 30k / 12 = 2,500 from month 1; + 10k / 12 = 833.33 from month 3.
    expect(item(json, 2, "Servers").pnl).toBe("2500.00");
    expect(item(json, 3, "Servers").pnl).toBe("3333.33");
  });
});

describe("refresh at end of life", () => {
  const json = calc("golden/refresh.yaml");
  it("buys the cohort again at the trend-adjusted price and retires the old one", () => {
    // 64 vCPU / 32 = 2 servers, 20k in month 1. Lifetime 12 months: bought again for month 13 at
    // 10k · 0.9^(12/12) = 9k each = 18k.
    expect(item(json, 1, "Servers").cash).toBe("20000.00");
    expect(item(json, 13, "Servers").cash).toBe("18000.00");
    expect(Number(item(json, 12, "Servers").pnl)).toBeCloseTo(1666.67, 1); // 20k / 12, cents allocated
    // Year 1 on the P&L: servers 20,000 + network 2,000 + colocation 1 kW × 200 × 12 = 2,400
    // + energy 1 kW × 1.5 × 730 × 0.10 × 12 = 1,314 + maintenance 220 × 12 = 2,640 → 28,354.00
    expect(json.years[0].ownPnl).toBe("28354.00");
    expect(item(json, 13, "Servers").pnl).toBe("1500.00"); // 18k / 12
    // Maintenance 1% a month of the capex in service: (20k + 2k network) → 220; after the
    // refresh only the new cohort counts: (18k + 1.8k) → 198.
    expect(item(json, 12, "Maintenance").cash).toBe("220.00");
    expect(item(json, 13, "Maintenance").cash).toBe("198.00");
    expect(json.summary.own.capex).toBe("41800.00"); // 22k + 19.8k
    expect(json.summary.own.residualBookValue).toBe("0.00");
  });
});

describe("hybrid: a month with burst", () => {
  const json = calc("golden/hybrid.yaml");
  it("serves demand above the owned fleet from the cloud at on-demand prices", () => {
    // Owned for 50% of 100 vCPU = 50 → ceil(50 / 32) = 2 servers = 64 vCPU.
    // Month 1: burst 100 − 64 = 36 vCPU × 730 h × 0.05 (no discount) = 1,314.
    // Month 2, surge +50%: 150 − 64 = 86 vCPU × 36.5 = 3,139.
    expect(json.months[1].drivers.servers).toBe(2);
    expect(json.months[0].drivers.burstVcpu).toBe("36.00");
    expect(json.months[1].drivers.burstVcpu).toBe("86.00");
    expect(item(json, 1, "Cloud burst (compute)").cash).toBe("1314.00");
    expect(item(json, 2, "Cloud burst (compute)").cash).toBe("3139.00");
    // (36 + 86 + 36) × 730 = 115,340 vCPU-hours; 1,314 + 3,139 + 1,314 = 5,767
    expect(json.summary.burst).toEqual({
      vcpuHours: "115340.00",
      cost: "5767.00",
      months: 3,
      peakVcpu: "86.00",
    });
  });
  it("prices the surge on-demand on the rent side too", () => {
    // Rent: 100 × 36.5 × (1 − 20%) = 2,920; month 2 adds the surge 50 × 36.5 = 1,825 → 4,745.
    expect(item(json, 1, "Compute").cash).toBe("2920.00");
    expect(item(json, 2, "Compute").cash).toBe("4745.00");
  });
  it("can size the fleet at a percentile of the last twelve months", () => {
    const p = calc("golden/hybrid-percentile.yaml");
    // P50 of [100] = 100 → 4 servers (128 vCPU); of [100, 150] = 125 → 4; of [100, 150, 100] = 100 → 4.
    // Month 2 bursts 150 − 128 = 22 vCPU; months 1 and 3 none.
    expect(p.months.map((m) => m.drivers.servers)).toEqual([4, 4, 4]);
    expect(p.months.map((m) => m.drivers.burstVcpu)).toEqual(["0.00", "22.00", "0.00"]);
  });
});

describe("migration", () => {
  const json = calc("golden/migration.yaml");
  it("bills the cloud for the share not yet moved (dual running)", () => {
    // Rent: 100 TB stored = 50,000 GB × 0.023 + 50,000 × 0.022 = 2,250 a month.
    // Services move over 4 months; the share still in the cloud at mid-month is
    // 1 − 0.5/4 = 0.875, 0.625, 0.375, 0.125, then 0: 1,968.75, 1,406.25, 843.75, 281.25.
    expect(json.months.slice(0, 5).map((m) => m.drivers.cloudShare)).toEqual([
      "0.8750",
      "0.6250",
      "0.3750",
      "0.1250",
      "0.0000",
    ]);
    expect([1, 2, 3, 4, 5].map((m) => item(json, m, "Dual running (cloud)").cash)).toEqual([
      "1968.75",
      "1406.25",
      "843.75",
      "281.25",
      "0.00",
    ]);
    expect(json.summary.migration?.dualRunningCost).toBe("4500.00"); // 2,250 × 2
  });
  it("pays egress for the data moved out, over the time the link takes", () => {
    // 100 TB × 8 bits / 1 Gbps = 800,000 s = 0.30 months: all of it leaves in month 1.
    // Egress tiers: 10,000 GB × 0.09 + 40,000 × 0.085 + 50,000 × 0.05 = 900 + 3,400 + 2,500 = 6,800.
    expect(item(json, 1, "Migration egress").cash).toBe("6800.00");
    expect(item(json, 2, "Migration egress").cash).toBe("0.00");
    expect(json.summary.migration).toMatchObject({
      start: 1,
      dataBytes: "100000000000000",
      transferMonths: "0.30",
      rampMonths: 4,
      exitMonth: 5,
      egressCost: "6800.00",
      egressWaived: false,
      projectCost: "2000.00", // 500 × 4 months
    });
  });
  it("pays no egress under an exit waiver", () => {
    const waived = calc("golden/migration-waiver.yaml");
    expect(waived.summary.migration?.egressCost).toBe("0.00");
    expect(waived.summary.migration?.egressWaived).toBe(true);
    expect(waived.months[0].items.some((i: { name: string }) => i.name === "Migration egress")).toBe(false);
    // Everything else is the same: own TCO lower by exactly the 6,800 of egress.
    const diff = Number(json.summary.own.tco) - Number(waived.summary.own.tco);
    expect(diff).toBe(6800);
  });
  it("keeps a commitment billing past the exit, with usage counted against it", () => {
    const c = calc("golden/commitment.yaml");
    // Commitment 1,000 a month through month 6. Cloud usage 1,968.75 / 1,406.25 / 843.75 / 281.25:
    // dual running is the usage above the commitment: 968.75, 406.25, 0, 0; months 5–6 bill the
    // commitment alone although nothing runs in the cloud any more.
    expect([1, 2, 3, 4, 5, 6].map((m) => item(c, m, "Dual running (cloud)").cash)).toEqual([
      "968.75",
      "406.25",
      "0.00",
      "0.00",
      "0.00",
      "0.00",
    ]);
    expect(item(c, 6, "Commitment: Savings plan").cash).toBe("1000.00");
    expect(c.summary.migration?.commitmentCost).toBe("6000.00");
  });
  it("owns nothing before the move starts", () => {
    const later = calc("golden/migration-later.yaml");
    // Rent compute 64 × 730 × 0.05 = 2,336. Servers go live in month 3 (paid then: no lead time);
    // until then the own side runs wholly in the cloud: dual running 2,336, 2,336, then
    // 2,336 × (1 − 0.5/2) = 1,752 and × 0.25 = 584.
    expect(later.months.map((m) => m.drivers.servers)).toEqual([0, 0, 2, 2, 2, 2]);
    expect(item(later, 3, "Servers").cash).toBe("20000.00");
    expect([1, 2, 3, 4, 5].map((m) => item(later, m, "Dual running (cloud)").cash)).toEqual([
      "2336.00",
      "2336.00",
      "1752.00",
      "584.00",
      "0.00",
    ]);
    expect(later.months[0].drivers.itKw).toBe("0.000");
    expect(later.summary.migration?.exitMonth).toBe(5);
  });
});

describe("whole units by one rule, in both numeric modes (docs/model.md, Whole units)", () => {
  // 64 vCPU × 60% = 38.4 vCPU per server. D(m) = 1720.32 · 1.25^((m−1)/12):
  // D12 = 1720.32 · 1.25^(11/12) = 2110.78 → 54.97 → 55 servers;
  // D13 = 1720.32 · 1.25 = 2150.4 exactly (a whole year of growth is an exact power) = 56 × 38.4.
  // In binary floats 2150.4 / 38.4 is 56.00000000000001, and a plain ceil buys 57.
  it("month 13 is x·(1+g) exactly, and a whole multiple of a server's capacity is not rounded up", () => {
    const json = calc("golden/whole-units.yaml");
    expect(json.months[12].drivers.vcpu).toBe("2150.40");
    expect(json.months.map((m) => m.drivers.servers).slice(11)).toEqual([55, 56]);
    // One server more in month 13: 10k, and network gear at 10% of it.
    expect(item(json, 13, "Servers").cash).toBe("10000.00");
    expect(item(json, 13, "Network gear").cash).toBe("1000.00");
  });
  it("a simulated run (binary floats) buys the same servers and ends on the same cents", async () => {
    const { loadScenario } = await import("../src/load/loadScenario.js");
    const { toFloat } = await import("../src/engine/arith.js");
    const { runFloat } = await import("../src/engine/simulate.js");
    const l = loadScenario(here("golden/whole-units.yaml"));
    const json = calc("golden/whole-units.yaml");
    const run = runFloat(toFloat(l.scenario));
    // The float run rounds each item by the same rule, so the TCOs are the same cents.
    expect(run.ownTco.toFixed(2)).toBe(json.summary.own.tco);
    expect(run.rentTco.toFixed(2)).toBe(json.summary.rent.tco);
  });
  it("counts by the rule at the edges of the tolerance, in both arithmetics", async () => {
    const { exact, float } = await import("../src/engine/arith.js");
    const { Decimal } = await import("../src/units/decimal.js");
    const d = (x: string) => new Decimal(x);
    const whole = (a: string, b: string) => exact.whole(d(a), d(b)).toString();
    expect(whole("2150.4", "38.4")).toBe("56");
    expect(whole("2150.400000000001", "38.4")).toBe("56"); // 56 + 2.6e-14: within 1e-9
    expect(whole("2150.41", "38.4")).toBe("57"); // 56.00026: a real excess
    expect(whole("0.0000000001", "1")).toBe("0"); // 1e-10 of a unit is none
    expect(whole("0.00001", "1")).toBe("1");
    // 99,999,999,999,999,999,999 vCPU / (256 × 60%) = 651,041,666,666,666,666.66… → …667, every digit
    expect(whole("99999999999999999999", "153.6")).toBe("651041666666666667");
    expect(float.whole(2150.4, 38.4)).toBe(56); // 2150.4 / 38.4 is 56.00000000000001 in floats
    expect(float.whole(2150.41, 38.4)).toBe(57);
    // (1+g)^((m−1)/12) at whole years is the exact power; in between, the monthly step.
    expect(exact.trend(d("0.25"), 13).toString()).toBe("1.25");
    expect(exact.trend(d("0.25"), 25).toString()).toBe("1.5625");
    expect(float.trend(0.25, 25)).toBe(1.5625);
    expect(Number(exact.trend(d("0.25"), 7))).toBeCloseTo(Math.sqrt(1.25), 12);
    // Half a cent rounds to the even cent in both: 0.125 → 0.12, 0.135 → 0.14, −2.5 cents → −0.02.
    expect(exact.cents(d("0.125")).toString()).toBe("0.12");
    expect(float.cents(0.125)).toBe(0.12);
    expect(float.cents(0.135)).toBe(0.14); // 0.135 is 0.13500000000000000888 as a float: a tie all the same
    expect(float.cents(1.005)).toBe(1); // 1.00499999999999989… as a float: the tie 1.005 → 1.00
    expect(float.cents(-0.025)).toBe(-0.02);
    expect(float.cents(0.1251)).toBe(0.13);
  });
});
