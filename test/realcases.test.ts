import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import { runExplain } from "../src/cli/explain.js";
import { main } from "../src/cli/main.js";
import type { ResultJson } from "../src/report/json.js";

/** Additions for real cases (MODEL.md §7, issue 17), each worked by hand. */
type Json = ResultJson;
const calc = (file: string): Json => JSON.parse(runCalc(file, { format: "json" }).stdout);
/** A line item's row in a month of the JSON; a test that names one that is not there fails here. */
const item = (json: Json, month: number, name: string) => {
  const row = json.months[month - 1].items.find((i) => i.name === name);
  if (!row) throw new Error(`no line item ${name} in month ${month}`);
  return row;
};

describe("growing line items", () => {
  const json = calc("test/real/growing-items.yaml");
  it("grow from their first month: amount × (1+g)^((m − from)/12)", () => {
    // Month 13 of 100k growing 12%/yr from month 1 is 100k × 1.12 exactly.
    expect(item(json, 13, "Cloud bill").cash).toBe("112000.00");
    // Month 7: 100k × 1.12^(6/12) = 105,830.05
    expect(item(json, 7, "Cloud bill").cash).toBe("105830.05");
    // The colocation starts in month 7 at its written amount and is 1.12 times that in month 19.
    expect(item(json, 6, "Colocation").cash).toBe("0.00");
    expect(item(json, 7, "Colocation").cash).toBe("100000.00");
    expect(item(json, 19, "Colocation").cash).toBe("112000.00");
    // Year 1 is a geometric series: 100k × (1.12 − 1) / (1.12^(1/12) − 1) = 100k × 12.6464979… =
    // 1,264,649.79; year 2 is 1.12 times that, 1,416,407.77.
    expect(json.years.map((y) => y.rent)).toEqual(["1264649.79", "1416407.77"]);
  });
  it("are refused on capex items", async () => {
    const file = join(tmpdir(), "growth-capex.yaml");
    writeFileSync(
      file,
      readFileSync("test/real/salvage.yaml", "utf8").replace("salvage: 25%", "salvage: 25%, growth: 5%/yr"),
    );
    let err = "";
    const code = await main(["calc", file], { stdout: () => {}, stderr: (s) => (err += s) });
    expect(code).toBe(2);
    expect(err).toContain("growth applies to monthly and yearly items");
  });
});

describe("a discount per rent component", () => {
  it("takes each off its own list cost", () => {
    const json = calc("test/real/discounts.yaml");
    // Compute: 100 vCPU × 730 h × 0.05 = 3,650 × (1 − 25%) = 2,737.50
    expect(item(json, 1, "Compute").cash).toBe("2737.50");
    // Storage: 100 TB = 50,000 GB × 0.023 + 50,000 GB × 0.022 = 2,250 × (1 − 20%) = 1,800.00
    expect(item(json, 1, "Storage").cash).toBe("1800.00");
    // Egress: 10,000 GB × 0.09 + 10,000 GB × 0.085 = 1,750 × (1 − 50%) = 875.00
    expect(item(json, 1, "Egress").cash).toBe("875.00");
  });
});

describe("salvage and residual value", () => {
  const json = calc("test/real/salvage.yaml");
  it("sells hardware for its salvage share when its life ends, and depreciates down to it", () => {
    // 120k bought in month 1, a 12-month life, sold for 25% = 30k in month 13, when the refresh
    // buys it again: month 13 pays 120k − 30k = 90k.
    expect(item(json, 1, "Servers")).toMatchObject({ cash: "120000.00", pnl: "7500.00" });
    expect(item(json, 13, "Servers")).toMatchObject({ cash: "90000.00", pnl: "7500.00" });
    // P&L: (120k − 30k) / 12 = 7,500 a month, 90k a year; the sale is neither gain nor loss.
    expect(json.years.map((y) => y.ownPnl)).toEqual(["90000.00", "90000.00"]);
  });
  it("credits the book value left at the end with own.residual: book", () => {
    // The second cohort is depreciated down to its 30k salvage value by month 24 and not yet sold:
    // its book value, 30k, comes back as cash in month 24.
    expect(json.summary.own.residualBookValue).toBe("30000.00");
    expect(json.summary.own.residual).toBe("book");
    expect(item(json, 24, "Residual value (book)")).toMatchObject({ cash: "-30000.00", pnl: "0.00" });
    // Own cash: 120k + 90k − 30k + 24 × 0 = 180k (the bill is on the rent side).
    expect(json.summary.own.tco).toBe("180000.00");
    expect(runCalc("test/real/salvage.yaml", { format: "table" }).stdout).toContain(
      "The own TCO credits the hardware's book value at the end, 30,000.00 USD, as cash in month 24 (own.residual: book).",
    );
  });
});

describe("GPUs", () => {
  const json = calc("test/real/gpu.yaml");
  it("rents GPU-hours at the commitment level's discount", () => {
    // 100 GPUs × 730 h × 4.00 = 292,000 × (1 − 25%) = 219,000.00 a month
    expect(item(json, 1, "GPU")).toMatchObject({ cash: "219000.00", category: "gpu" });
  });
  it("owns whole GPU servers, powered and maintained like servers", () => {
    // ceil(100 / (8 GPUs × 90%)) = ceil(13.89) = 14 servers × 200k = 2.8M in month 1
    expect(json.months[0].drivers.gpuServers).toBe(14);
    expect(item(json, 1, "GPU servers")).toMatchObject({ cash: "2800000.00", category: "gpu" });
    // Not refreshed, so never sold: 2.8M / 36 = 77,777.78 a month on the P&L
    expect(item(json, 2, "GPU servers").pnl).toBe("77777.78");
    // Network gear 10% = 280k; 14 × 10 kW = 140 kW × 200 = 28,000 of space and
    // 140 × 1.5 × 730 h × 0.10 = 15,330 of energy; maintenance 12%/yr × 3.08M / 12 = 30,800.
    expect(item(json, 1, "Network gear").cash).toBe("280000.00");
    expect(item(json, 1, "Colocation (per kW)").cash).toBe("28000.00");
    expect(item(json, 1, "Energy").cash).toBe("15330.00");
    expect(item(json, 1, "Maintenance").cash).toBe("30800.00");
  });
});

describe("GPUs on a catalog without a GPU price", () => {
  it("are refused with the fix, and priced from the scenario's own quote", () => {
    const dir = mkdtempSync(join(tmpdir(), "repatriate-gpu-"));
    const f = join(dir, "gcp.yaml");
    const text = (prices: string) =>
      `version: 1\nname: GPUs on GCP\ncurrency: USD\nhorizon: 12mo\nworkload:\n  gpu: { count: 64 }\nrent:\n  catalog: gcp-us-central1\n${prices}own:\n  catalog: colo-us\n  lifetime: 4y\n`;
    writeFileSync(f, text(""));
    let message = "";
    try {
      runCalc(f, { format: "json" });
    } catch (e) {
      message = ((e as Error & { problems?: { message: string }[] }).problems ?? [])
        .map((p) => p.message)
        .join();
    }
    expect(message).toBe(
      "catalog gcp-us-central1 has no GPU price, which workload.gpu needs; give one in rent.prices, such as gpu: { gpuHour: 3.93 } (per GPU-hour), from your quote",
    );
    writeFileSync(f, text("  prices: { gpu: { gpuHour: 3.93 } }\n"));
    // 64 GPUs × 730 h × 3.93 = 46,720 × 3.93 = 183,609.60 a month
    expect(item(calc(f), 1, "GPU").cash).toBe("183609.60");
  });
});

describe("scenarios/gpu-training-cluster.yaml", () => {
  it("prices month 1 by hand", () => {
    const json = calc("scenarios/gpu-training-cluster.yaml");
    // Rent: 384 GPUs × 730 h × 6.88 (p5.48xlarge 55.04 / 8) × (1 − 35% savings plan) = 1,253,591.04
    expect(item(json, 1, "GPU").cash).toBe("1253591.04");
    // Own: 384 / (8 × 85%) = 56.47 → 57 servers in month 1. With a 3-month lead time month 1 also
    // pays for month 4's need, 384 × 1.25^(3/12) = 406.03 GPUs / 6.8 = 59.71 → 60 servers:
    // 60 × 310k = 18.6M, and 10% network gear, 1.86M.
    expect(json.months[0].drivers.gpuServers).toBe(57);
    expect(item(json, 1, "GPU servers").cash).toBe("18600000.00");
    expect(item(json, 1, "Network gear").cash).toBe("1860000.00");
  });
  it("is explained line by line", async () => {
    const { runExplain } = await import("../src/cli/explain.js");
    const worked = (name: string) =>
      JSON.parse(runExplain("scenarios/gpu-training-cluster.yaml", name, { format: "json" }).stdout).worked;
    expect(worked("rent:GPU")[0]).toBe("month 1: 384.00 GPUs × 730 h × 6.88 × (1 − 35%) = 1,253,591.04 USD");
    // 384 / (8 × 0.85) = 384 / 6.8 = 56.47 → 57 in service; month 1 buys ahead for month 4 too
    // (3-month lead time): 60 × 310,000 = 18,600,000.
    expect(worked("GPU servers")).toEqual([
      "month 1: 384.00 GPUs / (8 × 85%) = 56.47 → 57 GPU servers in service",
      "paid in month 1: 60 × 310,000.00 = 18,600,000.00 USD (with a 3-month lead time, month 1 pays for what goes live up to month 4)",
    ]);
  });
});

describe("warnings", () => {
  it("say when the workload is priced on one side only, and when a side costs nothing for a while", async () => {
    // 1000 vCPU on the AWS catalog against one server and a lease that ends in month 12: the own
    // side prices none of the workload, and the rent side is billed every month.
    const json = calc("test/real/one-sided.yaml");
    expect(json.warnings).toEqual([
      "the workload is priced on the rent side only (rent.catalog): nothing on the own side serves it, so owning looks cheaper by its whole cloud bill; give own.catalog, or check that the own items cover it",
    ]);
    let err = "";
    await main(["calc", "test/real/one-sided.yaml", "--format", "json"], {
      stdout: () => {},
      stderr: (s) => (err += s),
    });
    expect(err).toContain("warning: the workload is priced on the rent side only");
    // A cloud bill that stops after month 24 of 36: the rent side costs nothing in months 25–36.
    const file = join(tmpdir(), "idle.yaml");
    writeFileSync(
      file,
      readFileSync("scenarios/known-bill.yaml", "utf8").replace(
        "monthly: 100k",
        "monthly: 100k\n      to: 24",
      ),
    );
    expect(JSON.parse(runCalc(file, { format: "json" }).stdout).warnings).toEqual([
      "the rent side costs nothing in months 25–36",
    ]);
    // A capex-only side pays nothing between purchases but depreciates: no warning.
    expect(calc("test/real/salvage.yaml").warnings).toEqual([]);
  });
});

describe("migration options", () => {
  it("waives egress for a window and rolls a commitment off in steps", () => {
    const json = calc("test/real/migration-options.yaml");
    // 100 TB over 100 Mbps: 8 × 10¹⁴ bits / 10⁸ bps / 2,628,000 s = 3.0441 months; 32.85 TB a
    // month for three months, then 1.45 TB. The waiver covers month 1 only; month 2's 32,850 GB:
    // 10,000 × 0.09 + 22,850 × 0.085 = 900 + 1,942.25 = 2,842.25; month 4's 1,450 GB × 0.09 = 130.50.
    expect([1, 2, 3, 4].map((m) => item(json, m, "Migration egress").cash)).toEqual([
      "0.00",
      "2842.25",
      "2842.25",
      "130.50",
    ]);
    expect(json.summary.migration?.egressCost).toBe("5815.00"); // 2 × 2,842.25 + 130.50
    // The commitment bills 2k in months 1–2, then 1k in months 3–4, then nothing.
    expect([1, 2, 3, 4, 5].map((m) => item(json, m, "Commitment: Savings plan").cash)).toEqual([
      "2000.00",
      "2000.00",
      "1000.00",
      "1000.00",
      "0.00",
    ]);
    expect(runCalc("test/real/migration-options.yaml", { format: "table" }).stdout).toContain(
      "egress 5,815.00 after the provider's waiver window",
    );
  });
  it("needs no link when no data moves", () => {
    // Services move over 6 months: the cloud still serves 1 − 0.5/6 = 91.67% of the 100k bill in month 1.
    const json = calc("test/real/migration-no-data.yaml");
    expect(item(json, 1, "Dual running (cloud)").cash).toBe("91666.67");
    expect(json.summary.migration?.transferMonths).toBe("0.00");
  });
});

describe("valuation basis and the negotiation figure", () => {
  const variant = (from: string, to: string) => {
    const file = join(tmpdir(), "valuation.yaml");
    writeFileSync(file, readFileSync("scenarios/known-bill.yaml", "utf8").replace(from, to));
    return runCalc(file, { format: "json" });
  };
  it("values gross profit before tax, or net profit after it", () => {
    // Year 3: P&L savings 320k; × 10 = 3.2M on gross profit. peMultiple 20 is the net-profit form:
    // 320k × (1 − 25%) × 20 = 4.8M.
    const gross = JSON.parse(
      variant("peMultiple: 20", "valuation: { multiple: 10, of: grossProfit }").stdout,
    );
    expect(gross.summary.margin.valuationDelta).toBe("3200000.00");
    expect(calc("scenarios/known-bill.yaml").summary.margin.valuationDelta).toBe("4800000.00");
  });
  it("refuses peMultiple and valuation together", () => {
    expect(() =>
      variant("peMultiple: 20", "peMultiple: 20\n  valuation: { multiple: 10, of: grossProfit }"),
    ).toThrow("give peMultiple or valuation, not both");
  });
  it("states the cut in cloud prices at which owning stops winning on NPV", () => {
    // known-bill at r = 0: savings NPV 960k / rent NPV 3.6M = 26.67%
    expect(calc("scenarios/known-bill.yaml").summary.breakEvenDiscountPct).toBe("26.67");
    expect(runCalc("scenarios/known-bill.yaml", { format: "markdown" }).stdout).toContain(
      "The cloud would have to cut its prices by 26.67% to match (on NPV).",
    );
  });
});

describe("categories inferred from item names (issue 18, docs/scenario.md)", async () => {
  const { inferCategory } = await import("../src/load/categories.js");
  it("names what a line item is when it does not say", () => {
    expect(inferCategory("Cloud bill", "rent", false)).toBe("cloud");
    expect(inferCategory("Servers", "own", true)).toBe("compute");
    expect(inferCategory("Hall fit-out and InfiniBand spine", "own", true)).toBe("hardware");
    expect(inferCategory("Colocation and power for ~60 kW", "own", false)).toBe("facility");
    expect(inferCategory("Platform team salaries", "own", false)).toBe("staff");
    expect(inferCategory("Support contract", "own", false)).toBe("support");
    expect(inferCategory("S3 bill", "rent", false)).toBe("storage");
    expect(inferCategory("Migration project", "own", false)).toBe("migration");
    expect(inferCategory("Misc", "own", false)).toBe("other");
  });
  it("keeps a written category, and does not let an inferred one hide a one-sided workload", () => {
    const j = JSON.parse(runCalc("test/real/one-sided.yaml", { format: "json" }).stdout);
    expect(j.warnings[0]).toContain("priced on the rent side only");
  });
});

describe("catalog freshness (issue 17)", () => {
  it("flags the prices a scenario uses that are over 3 years older than its newest, from the files' dates", () => {
    const j = JSON.parse(runCalc("scenarios/object-storage-exit.yaml", { format: "json" }).stdout);
    // colo-us: newest used price 2026-11-01 (maintenance); storageNode 2022-12-12 is
    // (2026-11-01 − 2022-12-12) = 1,420 days = 3.9 years older. Transit (2025-06-30, carried
    // forward from 2015 at the published decline) is 489 days = 1.3 years older: not flagged.
    expect(j.warnings).toContain(
      "colo-us prices more than 3 years older than the newest price this scenario uses (2026-11-01): storageNode (as of 2022-12-12, 3.9 years); check them against current quotes, or override them in the scenario's prices",
    );
    // rednote overrides its server price: the scenario's own figure, not flagged.
    const rn = JSON.parse(runCalc("scenarios/rednote.yaml", { format: "json", simulate: false }).stdout);
    expect(rn.warnings.join(" ")).not.toContain("server (as of");
  });
});

describe("hardware models by name (issue 17, docs/catalogs.md)", () => {
  const dir = mkdtempSync(join(tmpdir(), "repatriate-models-"));
  const variant = (name: string, edit: (text: string) => string) => {
    const f = join(dir, name);
    writeFileSync(f, edit(readFileSync("test/real/all-flash.yaml", "utf8")));
    return f;
  };
  it("own.storageNode picks a model; without it the catalog's default is used", () => {
    // all-flash: ceil(2 PB × 1.5 / (1.47456 PB × 80%)) = ceil(3 / 1.179648) = ceil(2.543) = 3 nodes,
    // 3 × 183,000 = 549,000 in month 1.
    const flash = calc("test/real/all-flash.yaml");
    expect(flash.months[0].drivers.storageNodes).toBe(3);
    expect(item(flash, 1, "Storage nodes").cash).toBe("549000.00");
    // the default hdd-pod: ceil(3 / (0.96 × 0.8)) = ceil(3.906) = 4 nodes, 4 × 19,390 = 77,560.
    const hdd = calc(variant("default.yaml", (t) => t.replace("  storageNode: all-flash\n", "")));
    expect(hdd.months[0].drivers.storageNodes).toBe(4);
    expect(item(hdd, 1, "Storage nodes").cash).toBe("77560.00");
  });
  it("an override applies to the picked model", () => {
    // 3 nodes × 150,000 = 450,000
    const f = variant("override.yaml", (t) =>
      t.replace(
        "  storageNode: all-flash\n",
        "  storageNode: all-flash\n  prices: { storageNode: { price: 150k } }\n",
      ),
    );
    expect(item(calc(f), 1, "Storage nodes").cash).toBe("450000.00");
  });
  it("explain cites the picked model's line in the catalog's list", () => {
    const inputs = JSON.parse(
      runExplain("test/real/all-flash.yaml", "Storage nodes", { format: "json" }).stdout,
    ).inputs as { label: string; field: string }[];
    expect(inputs.find((i) => i.label === "price per node")?.field).toBe("prices.storageNodes[1].price");
  });
  const problems = (f: string, pricing: string[] = []) => {
    try {
      runCalc(f, { format: "json", pricing });
    } catch (e) {
      return (e as Error & { problems?: { field: string; message: string }[] }).problems ?? [];
    }
    return [];
  };
  it("a name the catalog does not list, or a pick from a single model, is an error (exit 2)", async () => {
    const typo = variant("typo.yaml", (t) => t.replace("storageNode: all-flash", "storageNode: all-flsh"));
    expect(problems(typo)).toEqual([
      expect.objectContaining({
        field: "own.storageNode",
        message:
          'catalog colo-us has no storageNode named "all-flsh"; did you mean "all-flash"? It lists hdd-pod, all-flash',
      }),
    ]);
    const single = variant("single.yaml", (t) => t.replace("storageNode: all-flash", "server: big"));
    expect(problems(single).map((p) => p.message)).toContain(
      "catalog colo-us lists one server (Dell PowerEdge R7625, 2x AMD EPYC 9554 (128 cores, 256 threads)), not models by name; remove own.server, or list models as servers in the catalog",
    );
    expect(await main(["calc", typo], { stdout: () => {}, stderr: () => {} })).toBe(2);
  });
  it("a catalog that gives one model and a list, or a name twice, is refused where it says so", () => {
    const pricing = join(dir, "pricing");
    mkdirSync(pricing, { recursive: true });
    const colo = readFileSync("pricing/colo-us.yaml", "utf8").replace("name: colo-us", "name: twice");
    writeFileSync(
      join(pricing, "twice.yaml"),
      colo
        .replace("    - name: all-flash", "    - name: hdd-pod")
        .replace(
          "  storageNodes:",
          "  storageNode: { model: x, price: 1k, rawCapacity: 1 PB, watts: 1, source: a quote from a vendor, asOf: 2026-01-01 }\n  storageNodes:",
        ),
    );
    const f = variant("twice.yaml", (t) => t.replace("catalog: colo-us", "catalog: twice"));
    const message = problems(f, [pricing])
      .map((p) => p.message)
      .join("\n");
    expect(message).toContain("give one storageNode, or several models as storageNodes, not both");
    expect(message).toContain('"hdd-pod" is listed twice; each model needs its own name');
  });
});
