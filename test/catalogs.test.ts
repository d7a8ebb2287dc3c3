import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCalc } from "../src/cli/calc.js";
import { runCatalogs } from "../src/cli/catalogs.js";
import { exact } from "../src/engine/arith.js";
import { supportFee, tieredCost } from "../src/engine/model.js";
import { validateCatalogFile } from "../src/load/loadCatalog.js";
import { loadScenario } from "../src/load/loadScenario.js";
import { Decimal } from "../src/units/decimal.js";
import { parseBytes } from "../src/units/quantity.js";

const catalogs = readdirSync("pricing")
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => `pricing/${f}`);
const scenarios = readdirSync("scenarios").map((f) => `scenarios/${f}`);
const bytes = (text: string) => {
  const r = parseBytes(text);
  if (!r.ok) throw new Error(r.problem);
  return r.value;
};

describe("every shipped catalog", () => {
  it.each(catalogs)("%s loads, and every price says where and when it is from", (file) => {
    const info = validateCatalogFile(file);
    const raw = parse(readFileSync(file, "utf8"));
    // A list of hardware models (storageNodes) is checked model by model.
    const entries = Object.entries(raw.prices).flatMap(([entry, data]) =>
      Array.isArray(data)
        ? data.map((m, i) => [`${entry}[${i}]`, m] as [string, Record<string, unknown>])
        : [[entry, data] as [string, Record<string, unknown>]],
    );
    for (const [entry, data] of entries) {
      expect(typeof data.source, `${entry}.source`).toBe("string");
      expect(String(data.source).length, `${entry}.source`).toBeGreaterThan(10);
      // A catalog is as of its oldest price: no price may be older than the catalog says.
      expect(
        String(data.asOf) >= info.asOf,
        `${entry}.asOf ${data.asOf} is older than the catalog's ${info.asOf}`,
      ).toBe(true);
      for (const [level, c] of Object.entries(
        (data.commitments ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        expect(typeof c.source, `${entry}.commitments.${level}.source`).toBe("string");
        expect(String(c.asOf) >= info.asOf, `${entry}.commitments.${level}.asOf`).toBe(true);
      }
    }
  });
});

describe("every shipped scenario", () => {
  it.each(scenarios)("%s computes", (file) => {
    expect([0, 1]).toContain(runCalc(file, { format: "json" }).exitCode);
  });
  it("says plainly when owning does not pay", () => {
    const out = runCalc("scenarios/small-startup.yaml", { format: "table" });
    expect(out.stdout).toMatch(/Owning costs [\d,.]+ USD MORE than renting over 36 months/);
    expect(out.stdout).toContain("Break-even: never within the 36-month horizon");
    expect(out.exitCode).toBe(1); // its break-even gate fails
  });
});

describe("catalog prices reproduce the providers' published example bills", () => {
  it("AWS Business and Enterprise support, the examples on aws.amazon.com/premiumsupport/pricing", () => {
    const plans = (name: string) => {
      const tmp = join(mkdtempSync(join(tmpdir(), "repatriate-support-")), "s.yaml");
      writeFileSync(
        tmp,
        readFileSync("test/golden/aws-bill.yaml", "utf8").replace(
          "catalog: aws-us-east-1",
          `catalog: aws-us-east-1\n  support: ${name}`,
        ),
      );
      return loadScenario(tmp).scenario.rent.derived?.support;
    };
    const business = plans("business");
    const enterprise = plans("enterprise");
    if (!business || !enterprise) throw new Error("no support plans");
    // AWS's example: 85,000 of usage → 10,000 × 10% + 70,000 × 7% + 5,000 × 5% = 1,000 + 4,900 + 250 = 6,150
    expect(supportFee(exact, new Decimal(85000), business).toString()).toBe("6150");
    // AWS's example: 1,200,000 → 15,000 + 24,500 + 25,000 + 200,000 × 3% = 70,500
    expect(supportFee(exact, new Decimal(1200000), enterprise).toString()).toBe("70500");
    // Below the minimum the minimum applies: 15,000 for Enterprise on 50,000 of usage
    expect(supportFee(exact, new Decimal(50000), enterprise).toString()).toBe("15000");
  });

  it("Google Cloud Storage, the example on cloud.google.com/storage/pricing-examples", () => {
    const json = JSON.parse(runCalc("test/golden/gcp-example.yaml", { format: "json" }).stdout);
    const item = (n: string) => json.months[0].items.find((i: { name: string }) => i.name === n);
    // 50 GB Standard storage × $0.020 = $1.00; 1 GB egress × $0.12 = $0.12 (GB = 2^30 bytes)
    expect(item("Storage").cash).toBe("1.00");
    expect(item("Egress").cash).toBe("0.12");
  });

  it("Azure hot blob storage across tiers (worked by hand)", () => {
    const { scenario } = loadScenario("test/golden/azure-600tb.yaml");
    const storage = scenario.rent.derived?.prices.storage;
    if (!storage) throw new Error("no storage price");
    // 600 TB = 558,793.54 GiB: 51,200 × 0.0184 + 460,800 × 0.0177 + 46,793.54 × 0.0170
    //   = 942.08 + 8,156.16 + 795.49 = 9,893.73
    expect(tieredCost(exact, storage)(bytes("600 TB")).toFixed(2)).toBe("9893.73");
  });

  it("Alibaba Cloud egress bought as bandwidth, in CNY (worked by hand)", () => {
    const json = JSON.parse(runCalc("test/golden/alibaba-bandwidth.yaml", { format: "json" }).stdout);
    const item = (n: string) => json.months[0].items.find((i: { name: string }) => i.name === n);
    // 100 TB × 8 / 2,628,000 s / 10^6 = 304.414 Mbps average × 2 = 608.828 Mbps × 80 CNY = 48,706.24
    expect(item("Egress").cash).toBe("48706.24");
    // OSS: 100 GiB × 0.12 = 12.00 CNY
    expect(item("Storage").cash).toBe("12.00");
    // compute (ECS, 0.36 per vCPU-hour) at the 3-year prepay level:
    // 10 vCPU × 730 h × 0.36 × (1 − 65%) = 2,628 × 0.35 = 919.80
    expect(item("Compute").cash).toBe("919.80");
    expect(json.scenario.currency).toBe("CNY");
  });
});

describe("repatriate catalogs", () => {
  it("gives each price's age against the newest price in the catalogs, and lists those over 3 years", () => {
    const list = JSON.parse(runCatalogs(undefined, undefined, { format: "json" }).stdout);
    const colo = list.find((c: { name: string }) => c.name === "colo-us");
    // The newest shipped price: alibaba compute, 2026-12-02. The server (2023-02-21) is
    // 1,096 + 284 = 1,380 days = 3.78 years older; transit (2025-06-30) 1.4 years: not listed.
    expect(colo.agesAgainst).toBe("2026-12-02");
    expect(colo.stalePrices).toContainEqual({ entry: "server", asOf: "2023-02-21", ageYears: "3.8" });
    expect(colo.stalePrices.map((x: { entry: string }) => x.entry)).not.toContain("transit");
    const show = runCatalogs("show", "colo-us", { format: "table" }).stdout;
    expect(show).toContain(
      "as of 2023-02-21 (3.8 years before 2026-12-02: more than 3 years old, check it against a current quote)",
    );
    // A list of models shows each model as its own price, the default marked.
    expect(show).toContain("storageNode hdd-pod (default)");
    expect(show).toContain("storageNode all-flash");
  });
  it("lists every catalog with its side, currency and date", () => {
    const out = runCatalogs(undefined, undefined, { format: "json" });
    const list = JSON.parse(out.stdout);
    expect(list.map((c: { name: string }) => c.name).sort()).toEqual(
      catalogs.map((f) => f.slice("pricing/".length, -".yaml".length)).sort(),
    );
    expect(list.find((c: { name: string }) => c.name === "alibaba-cn-hangzhou")).toMatchObject({
      side: "rent",
      currency: "CNY",
    });
  });
  it("shows one catalog with every price's source", () => {
    const out = runCatalogs("show", "aws-us-east-1", { format: "table" }).stdout;
    expect(out).toContain("vcpuHour: 0.0504");
    expect(out).toContain("source: https://aws.amazon.com/s3/pricing/");
    expect(() => runCatalogs("show", "aws-us-east", { format: "table" })).toThrow(
      /did you mean "aws-us-east-1"/,
    );
  });
});
