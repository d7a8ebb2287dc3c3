import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { DuckDBInstance } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import { runImport } from "../src/cli/import.js";
import { main } from "../src/cli/main.js";
import { apportion, trendPct } from "../src/import/bill.js";
import { InputError } from "../src/load/problems.js";
import { Decimal } from "../src/units/decimal.js";

/**
 * `repatriate import` (issue 16, MODEL.md §9) on a bill generated here, whose periods are known:
 *
 * period   Compute usage (billed / effective)   Purchase (billed / eff.)  Credit   Storage         Networking
 * 2026-06  1000.10 / 1000.10                                                       300.3333333333  50
 * 2026-07   800.20 / 1100.20                    3600 / 0                           300.3333333333  60
 * 2026-08   900.30 / 1200.30                                               −100    300.3333333333  70
 * 2026-09  1000.40 / 1300.40                                                       300.3333333333  80
 * 2026-10   500 / 500 (charges stop on the 15th: a partial period, left out)
 *
 * The last 3 full periods are 2026-07 to 2026-09. Effective: Compute (1100.20 + 1100.30 + 1300.40) / 3
 * = 1166.9666…; Storage 300.3333333333; Networking (60 + 70 + 80) / 3 = 70: 1537.2999999999667 →
 * 1537.30 a month. Billed: Compute (4400.20 + 800.30 + 1000.40) / 3 = 2066.9666…: 2437.30 a month.
 */
const HEADER = [
  "BillingAccountId",
  "BillingCurrency",
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargePeriodStart",
  "ChargePeriodEnd",
  "ChargeCategory",
  "ChargeDescription",
  "ServiceCategory",
  "ServiceName",
  "ProviderName",
  "BilledCost",
  "EffectiveCost",
  "ListCost",
  "ContractedCost",
  "ConsumedQuantity",
  "ConsumedUnit",
  "Tags",
];
type Row = {
  p: number;
  cat: string;
  svc: string;
  billed: string;
  eff: string;
  kind?: string;
  desc?: string;
  end?: string;
  tags?: string;
  qty?: string;
  unit?: string;
};
const months = ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"];
const rows: Row[] = [
  {
    p: 0,
    cat: "Compute",
    svc: "Amazon Elastic Compute Cloud",
    billed: "1000.10",
    eff: "1000.10",
    desc: "$0.096 per On Demand Linux m5.large Instance Hour",
    qty: "10417.7083",
    unit: "Hrs",
  },
  {
    p: 1,
    cat: "Compute",
    svc: "Amazon Elastic Compute Cloud",
    billed: "800.20",
    eff: "1100.20",
    tags: '{"team": "web"}',
  },
  {
    p: 1,
    cat: "Compute",
    svc: "Savings Plans",
    billed: "3600",
    eff: "0",
    kind: "Purchase",
    desc: "1-year, all upfront",
  },
  {
    p: 2,
    cat: "Compute",
    svc: "Amazon Elastic Compute Cloud",
    billed: "900.30",
    eff: "1200.30",
    tags: '{"team": "web"}',
  },
  {
    p: 2,
    cat: "Compute",
    svc: "Amazon Elastic Compute Cloud",
    billed: "-100",
    eff: "-100",
    kind: "Credit",
    desc: 'Promotional credit, "launch", applied',
  },
  {
    p: 3,
    cat: "Compute",
    svc: "Amazon Elastic Compute Cloud",
    billed: "1000.40",
    eff: "1300.40",
    tags: '{"team": "data"}',
    desc: "$0.192 per On Demand Linux m5.xlarge Instance Hour",
    qty: "720",
    unit: "Hrs",
  },
  {
    p: 4,
    cat: "Compute",
    svc: "Amazon Elastic Compute Cloud",
    billed: "500",
    eff: "500",
    end: "2026-10-15 00:00:00",
  },
  ...[0, 1, 2, 3].map((p) => ({
    p,
    cat: "Storage",
    svc: "Amazon Simple Storage Service",
    billed: "300.3333333333",
    eff: "300.3333333333",
    desc: "$0.023 per GB-Month of storage",
    qty: "13058",
    unit: "GB-Mo",
  })),
  // A row with no cost at all (NULL): counts as nothing.
  { p: 2, cat: "Storage", svc: "Amazon Simple Storage Service", billed: "NULL", eff: "NULL" },
  ...[50, 60, 70, 80].map((n, p) => ({
    p,
    cat: "Networking",
    svc: "AWS Data Transfer",
    billed: String(n),
    eff: String(n),
    desc: "$0.09 per GB - first 10 TB / month data transfer out, to internet",
    qty: String(n / 0.09),
    unit: "GB",
  })),
];

function csvOf(list: Row[]): string {
  const q = (s: string) => (s === "NULL" ? "NULL" : `"${s.replaceAll('"', '""')}"`);
  const lines = list.map((r) => {
    const start = `${months[r.p]}-01 00:00:00`;
    const end = `${months[r.p + 1]}-01 00:00:00`;
    return [
      "123",
      "USD",
      start,
      end,
      start,
      r.end ?? end,
      r.kind ?? "Usage",
      r.desc ?? "NULL",
      r.cat,
      r.svc,
      "AWS",
      r.billed,
      r.eff,
      r.billed,
      r.billed,
      r.qty ?? "NULL",
      r.unit ?? "NULL",
      r.tags ?? "NULL",
    ]
      .map(q)
      .join(",");
  });
  return `${HEADER.join(",")}\n${lines.join("\n")}\n`;
}

let dir = "";
// Unsorted: the rows in a shuffled order, and split over two files in a folder.
const shuffled = rows
  .map((r, i) => ({ r, k: (i * 7) % rows.length }))
  .sort((a, b) => a.k - b.k)
  .map((x) => x.r);
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "repatriate-import-"));
  writeFileSync(join(dir, "bill.csv"), csvOf(rows));
  writeFileSync(join(dir, "bill.csv.gz"), gzipSync(csvOf(rows)));
  mkdirSync(join(dir, "parts"));
  writeFileSync(join(dir, "parts", "part-1.csv"), csvOf(shuffled.slice(0, 9)));
  writeFileSync(join(dir, "parts", "part-2.csv"), csvOf(shuffled.slice(9)));
  // Parquet with typed columns, as exports write them: timestamps and decimals, not text.
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  await c.run(`COPY (SELECT * REPLACE (
      CAST(BillingPeriodStart AS TIMESTAMPTZ) AS BillingPeriodStart, CAST(BillingPeriodEnd AS TIMESTAMPTZ) AS BillingPeriodEnd,
      CAST(ChargePeriodEnd AS TIMESTAMPTZ) AS ChargePeriodEnd,
      CAST(BilledCost AS DECIMAL(38,10)) AS BilledCost, CAST(EffectiveCost AS DECIMAL(38,10)) AS EffectiveCost)
    FROM read_csv('${join(dir, "bill.csv")}', all_varchar=true, nullstr='NULL'))
    TO '${join(dir, "bill.parquet")}' (FORMAT parquet)`);
  c.closeSync();
  writeFileSync(join(dir, "not-focus.csv"), "date,amount\n2026-06-01,12\n");
  writeFileSync(join(dir, "bad-cost.csv"), csvOf(rows).replace('"1200.30"', '"12O0.30"'));
  const two = csvOf(rows).split("\n");
  two[3] = (two[3] ?? "").replace('"USD"', '"EUR"');
  writeFileSync(join(dir, "two-currencies.csv"), two.join("\n"));
});

const yamlOf = async (paths: string[], extra: Record<string, unknown> = {}) =>
  (
    await runImport(paths, {
      by: "category",
      months: "3",
      cost: "effective",
      format: "yaml",
      horizon: "36mo",
      ...extra,
    })
  ).stdout;
/** The scenario without its header's file list (which names the files read). */
const body = (text: string) =>
  text
    .split("\n")
    .filter((l) => !/^# {2,}\S.*\((csv|parquet), /.test(l) && !l.startsWith("# Files:"))
    .join("\n");

describe("repatriate import: a bill whose periods are known", () => {
  it("writes month-1 rent equal to the mean of the last three full periods, on the effective basis", async () => {
    const text = await yamlOf([join(dir, "bill.csv")]);
    expect(text).toContain("# Run-rate: the mean of the last 3 full periods (2026-07, 2026-08, 2026-09)");
    expect(text).toContain("2026-10");
    expect(text).toMatch(
      /2026-10 .* partial: charges end 2026-10-15 00:00:00, the period 2026-11-01 00:00:00; left out/,
    );
    // Compute 1166.9666… gets the cent the apportionment lacks: 1166.97 + 300.33 + 70.00 = 1537.30.
    expect(text).toContain("monthly: 1166.97");
    expect(text).toContain("monthly: 300.33");
    expect(text).toContain("monthly: 70.00");
    const file = join(dir, "effective.yaml");
    writeFileSync(file, text);
    const json = JSON.parse(runCalc(file, { format: "json" }).stdout);
    expect(json.months[0].rent).toBe("1537.30");
    // Networking 60, 70, 80: slope 10 a month on a mean of 70 = +14.29%/mo.
    expect(text).toContain("#   Networking: +14.29%/mo");
  });
  it("counts a commitment purchase when paid on the billed basis", async () => {
    const text = await yamlOf([join(dir, "bill.csv")], { cost: "billed" });
    // Compute (4400.20 + 800.30 + 1000.40) / 3 = 2066.9666… → 2066.97; total 2437.30.
    expect(text).toContain("monthly: 2066.97");
    const file = join(dir, "billed.yaml");
    writeFileSync(file, text);
    expect(JSON.parse(runCalc(file, { format: "json" }).stdout).months[0].rent).toBe("2437.30");
  });
  it("gives the same scenario from CSV, CSV.gz, Parquet and an unsorted folder of parts", async () => {
    const csv = body(await yamlOf([join(dir, "bill.csv")]));
    expect(body(await yamlOf([join(dir, "bill.csv.gz")]))).toBe(csv);
    expect(body(await yamlOf([join(dir, "bill.parquet")]))).toBe(csv);
    expect(body(await yamlOf([join(dir, "parts")]))).toBe(csv);
  });
  it("groups by service or by a tag", async () => {
    const svc = await yamlOf([join(dir, "bill.csv")], { by: "service" });
    // Savings Plans: 0 effective in every period used → no item; EC2 = 1166.9666….
    expect(svc).toContain("name: Amazon Elastic Compute Cloud");
    const tag = await yamlOf([join(dir, "bill.csv")], { by: "tag:team" });
    // web: (1100.20 + 1200.30) / 3 = 766.8333…; data 1300.40 / 3 = 433.4666…; untagged
    // (−100 + 3 × 300.3333333333 + 210) / 3 = 336.99999999997. Floors 766.83 + 433.46 + 336.99 = 1537.28:
    // the two missing cents go to the largest remainders, untagged (.99999…) and data (.00666…).
    expect(tag).toContain("name: web\n      monthly: 766.83");
    expect(tag).toContain("name: data\n      monthly: 433.47");
    expect(tag).toContain("name: (untagged)");
  });
  it("summarises for pipelines with --format json", async () => {
    const out = JSON.parse(
      (
        await runImport([join(dir, "bill.csv")], {
          by: "category",
          months: "3",
          cost: "effective",
          format: "json",
          horizon: "36mo",
        })
      ).stdout,
    );
    expect(out.runRate).toBe("1537.30");
    expect(out.month1Rent).toBe("1537.30");
    expect(out.rows).toBe(rows.length);
    // 2026-08: 1200.30 − 100 + 300.3333333333 + 70 = 1470.6333333333 → 1470.63.
    expect(out.periods.find((p: { period: string }) => p.period === "2026-08").total).toBe("1470.63");
    expect(out.periods.map((p: { full: boolean }) => p.full)).toEqual([true, true, true, true, false]);
  });
  it("derives the workload and checks the bill against the AWS catalog", async () => {
    const text = await yamlOf([join(dir, "bill.csv")], { workload: true });
    // Storage: 13,058 GB-months a period, GiB for AWS: 13,058 × 2^30 = 14,020,920,737,792 bytes = 14.020921 TB.
    expect(text).toContain("stored: 14.020921 TB");
    // vCPU: 720 m5.xlarge hours (4 vCPU) in September's 720 hours = 4 vCPU, 0 in July and August: 4 / 3 = 1.33.
    expect(text).toContain("vcpu: 1.33");
    // Egress: (60 + 70 + 80) / 0.09 / 3 = 777.78 GiB a month = 835,136,601,429 bytes ≈ 835.136601 GB.
    expect(text).toMatch(/volume: 835\.13\d+ GB\/mo/);
    expect(text).toMatch(/# The catalog aws-us-east-1 prices this workload at [\d,.]+ USD a month/);
  });
});

describe("repatriate import: bad input exits 2 and writes nothing", () => {
  const fails = async (paths: string[], pattern: RegExp) => {
    const err = await yamlOf(paths).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(pattern);
  };
  it("names the file and the missing columns of a non-FOCUS file", async () => {
    await fails([join(dir, "not-focus.csv")], /not-focus\.csv.*BillingCurrency, BillingPeriodStart/);
  });
  it("names the file and row of an unreadable cost", async () => {
    // "12O0.30" is the 4th data row: line 5 of the file.
    await fails(
      [join(dir, "bad-cost.csv")],
      /bad-cost\.csv:5.*row 4: EffectiveCost "12O0\.30" is not a number/,
    );
  });
  it("names every currency of a bill in several", async () => {
    await fails([join(dir, "two-currencies.csv")], /2 currencies \(EUR, USD\)/);
  });
  it("refuses a bill with nothing to compare owning against (credits only)", async () => {
    const credits = join(dir, "credits.csv");
    writeFileSync(credits, csvOf(rows.map((r) => ({ ...r, billed: "-5", eff: "-5" }))));
    await fails(
      [credits],
      /credits\.csv: EffectiveCost: the bill's run-rate over 2026-07, 2026-08, 2026-09 is 0\.00 USD \(no cost, or credits only\)/,
    );
  });
  it("says a row does not fit the header, not that FOCUS columns are missing (plain and gzipped)", async () => {
    // A complete FOCUS header, then a row of 3 fields: DuckDB's reader cannot settle on a layout.
    const short = join(dir, "short-row.csv");
    const text = `${readFileSync("test/fixtures/focus-sample/focus_sample.csv", "utf8").split("\n").slice(0, 3).join("\n")}\n1,2,3\n`;
    writeFileSync(short, text);
    writeFileSync(`${short}.gz`, gzipSync(text));
    for (const f of [short, `${short}.gz`])
      await fails([f], /has the FOCUS columns in its header, but its rows do not fit that header/);
  });
  it("refuses a missing path", async () => {
    await fails([join(dir, "nope.csv")], /no such file or folder/);
  });
  it("exits 2 from the command line and writes no --out file", async () => {
    const err: string[] = [];
    const out = join(dir, "never-written.yaml");
    const code = await main(["import", join(dir, "not-focus.csv"), "-o", out], {
      stdout: () => undefined,
      stderr: (t) => err.push(t),
    });
    expect(code).toBe(2);
    expect(err.join("")).toContain("is not a FOCUS export");
    expect(readdirSync(dir)).not.toContain("never-written.yaml");
  });
  it("keeps control characters and line breaks from the bill inert", async () => {
    const evil = join(dir, "evil.csv");
    writeFileSync(evil, csvOf(rows).replaceAll('"Networking"', '"Net\u001b[31m\nworking: {x}"'));
    const text = await yamlOf([evil]);
    // The header shows them as escapes; the item's name is a quoted YAML string; the category one plain line.
    expect(text).toContain("#   Net\\x1b[31m\\u{a}working: {x}: +14.29%/mo");
    expect(text).toContain('- name: "Net\\e[31m\\nworking: {x}"');
    expect(text).toContain('category: "net [31m working: {x}"');
  });
});

describe("the arithmetic of the run-rate", () => {
  it("apportions cents so the items add up to the total's cents", () => {
    // 1/3 + 1/3 + 1/3 = 1.00: floors 0.33 × 3 = 0.99, the missing cent to the first of the tie.
    const third = new Decimal(1).dividedBy(3);
    expect(apportion([third, third, third]).map(String)).toEqual(["0.34", "0.33", "0.33"]);
  });
  it("fits the trend by least squares", () => {
    // 100, 110, 121: slope 10.5 on a mean of 110.333… = 9.5166%/mo.
    expect(trendPct([100, 110, 121].map((x) => new Decimal(x)))?.toFixed(4)).toBe("9.5166");
    expect(trendPct([new Decimal(5)])).toBeUndefined();
  });
  it("reads the FOCUS sample (FinOps Foundation, CC BY 4.0): docs/import.md's worked example", async () => {
    const text = await yamlOf(["test/fixtures/focus-sample/focus_sample.csv"]);
    // 999 rows in 2024-09, full; one Oracle row in 2024-10 whose charges end in September: partial.
    expect(text).toMatch(/2024-10 .* partial: charges end 2024-09-30 23:00:00/);
    expect(text).toContain("Run-rate: the mean of the last 1 full period (2024-09)");
    // Compute 14.7566 + the AI/ML credits −0.1519 = 14.6047; Databases 0.3710; Storage 0.0009:
    // floors 14.60 + 0.37 + 0.00 = 14.97, the missing cent to Compute: 14.61.
    expect(text).toContain("name: Compute\n      monthly: 14.61");
    expect(text).toContain("name: Databases\n      monthly: 0.37");
    expect(text).toContain("14.98 USD a month");
  });
});
