import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculate } from "../src/engine/calculate.js";
import { loadScenario } from "../src/load/loadScenario.js";
import type { Result } from "../src/model/result.js";
import type { Scenario } from "../src/model/scenario.js";
import { renderCsv } from "../src/report/csv.js";
import { renderJson } from "../src/report/json.js";
import { cents, Decimal, sum, ZERO } from "../src/units/decimal.js";

// Counts of generated cases, reported in the closing note of the hardening issue.
const PROPERTY_RUNS = 120;
// ---------------------------------------------------------------- engine properties

const money = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((n) => new Decimal(n));
const rate = fc.integer({ min: 0, max: 30 }).map((n) => new Decimal(n).dividedBy(100));

/** Random model scenarios, valid by construction, exercising every mechanism. */
const modelScenario = (opts: { hybrid: boolean; migrationEgress: boolean }): fc.Arbitrary<Scenario> =>
  fc
    .record({
      horizon: fc.integer({ min: 1, max: 30 }),
      vcpu: money(0, 3000),
      stored: money(0, 2000).map((tb) => tb.times("1e12")),
      egress: money(0, 500).map((tb) => tb.times("1e12")),
      growth: rate,
      surge: fc.option(
        fc.record({
          month: fc.integer({ min: 1, max: 30 }),
          duration: fc.integer({ min: 1, max: 4 }),
          extra: rate,
        }),
        { nil: undefined },
      ),
      discount: rate,
      share: fc.integer({ min: 0, max: 150 }).map((n) => new Decimal(n).dividedBy(100)),
      lead: fc.integer({ min: 0, max: 3 }),
      lifetime: fc.integer({ min: 1, max: 24 }),
      refresh: fc.boolean(),
      migration: fc.option(
        fc.record({
          start: fc.integer({ min: 1, max: 6 }),
          duration: fc.integer({ min: 1, max: 12 }),
          commit: money(0, 5000),
        }),
        { nil: undefined },
      ),
      itemMonthly: money(0, 50000),
      itemCapex: money(0, 500000),
      capexMonth: fc.integer({ min: 1, max: 30 }),
    })
    .map((g): Scenario => {
      const tiers = (p: string[]) => ({
        unitBytes: new Decimal(1e9),
        unitName: "GB",
        tiers: [
          { upTo: new Decimal("5e13"), price: new Decimal(p[0] ?? "0") },
          { upTo: undefined, price: new Decimal(p[1] ?? "0") },
        ],
      });
      const horizon = g.horizon;
      return {
        name: "Property",
        currency: "USD",
        start: undefined,
        horizonMonths: horizon,
        fx: [],
        business: {
          revenuePerYear: new Decimal(1e8),
          revenueGrowth: g.growth,
          netProfitPerYear: new Decimal(1e7),
          netProfitGrowth: ZERO,
          taxRate: new Decimal("0.25"),
          valuation: { multiple: new Decimal(20), of: "netProfit" },
          discountRate: new Decimal("0.08"),
        },
        workload: {
          vcpu: { atMonth1: g.vcpu, growth: g.growth },
          storedBytes: { atMonth1: g.stored, growth: g.growth },
          egressBytesPerMonth: { atMonth1: g.egress, growth: g.growth },
          gpu: undefined,
          surges: g.surge ? [{ name: "S", ...g.surge, month: Math.min(g.surge.month, horizon) }] : [],
        },
        rent: {
          items: [
            {
              kind: "recurring",
              name: "Bill",
              category: "other",
              perMonth: g.itemMonthly,
              from: 1,
              to: horizon,
              growth: ZERO,
            },
          ],
          derived: {
            catalog: "gen",
            dated: [],
            prices: {
              computePerVcpuHour: new Decimal("0.05"),
              storage: tiers(["0.023", "0.021"]),
              egress: tiers(["0.09", "0.05"]),
              bandwidthPerMbpsMonth: undefined,
              gpuPerHour: undefined,
            },
            computeDiscount: g.discount,
            storageDiscount: g.discount,
            egressDiscount: g.discount,
            gpuDiscount: ZERO,
            support: {
              name: "p",
              minimumPerMonth: new Decimal(100),
              tiers: [
                { upTo: new Decimal(10000), rate: new Decimal("0.1") },
                { upTo: undefined, rate: new Decimal("0.03") },
              ],
            },
            priceTrend: ZERO,
            egressBilling: "traffic",
            peakToAverage: new Decimal(2),
          },
        },
        own: {
          items: [
            {
              kind: "capex",
              name: "Quote",
              category: "other",
              amount: g.itemCapex,
              month: Math.min(g.capexMonth, horizon),
              lifetimeMonths: g.lifetime,
              refresh: g.refresh,
              salvage: ZERO,
              financing: undefined,
            },
          ],
          derived: {
            catalog: "gen",
            dated: [],
            prices: {
              server: {
                model: "s",
                price: new Decimal(20000),
                vcpu: new Decimal(64),
                watts: new Decimal(600),
                salvage: ZERO,
              },
              storageNode: {
                model: "n",
                price: new Decimal(25000),
                rawBytes: new Decimal("1.44e15"),
                watts: new Decimal(700),
                salvage: ZERO,
              },
              gpuServer: undefined,
              networkShare: new Decimal("0.1"),
              spacePerKwMonth: new Decimal(190),
              energy: { pue: new Decimal("1.5"), perKwh: new Decimal("0.12") },
              transitPerGbpsMonth: new Decimal(800),
              peakToAverage: new Decimal(2),
              maintenanceYearly: new Decimal("0.05"),
              hardwarePriceTrend: ZERO,
            },
            strategy: opts.hybrid ? "hybrid" : "full",
            baseline: opts.hybrid ? { kind: "share", share: g.share } : undefined,
            burstPerVcpuHour: new Decimal("0.05"),
            utilization: new Decimal("0.6"),
            gpuUtilization: new Decimal(1),
            redundancy: new Decimal("1.5"),
            fillRatio: new Decimal("0.8"),
            lifetimeMonths: g.lifetime,
            leadTimeMonths: g.lead,
            refresh: g.refresh,
            financing: undefined,
          },
          staff: { fte: new Decimal(2), costPerFtePerMonth: new Decimal(15000) },
          residual: "none",
        },
        migration: g.migration
          ? {
              start: Math.min(g.migration.start, horizon),
              dataBytes: undefined,
              linkBitsPerSecond: new Decimal(1e10),
              rampMonths: Math.max(g.migration.duration, 12),
              egressWaiver: !opts.migrationEgress,
              waiverMonths: undefined,
              egress: tiers(["0.09", "0.05"]),
              priceTrend: ZERO,
              items: [],
              commitments: [{ name: "C", steps: [{ perMonth: g.migration.commit, from: 1, to: horizon }] }],
            }
          : undefined,
        gates: [],
      };
    });

const anyScenario = fc.oneof(
  modelScenario({ hybrid: false, migrationEgress: false }),
  modelScenario({ hybrid: true, migrationEgress: true }),
);

describe("engine properties", () => {
  it(`savings = rent − own each month; TCOs are the sums of months (${PROPERTY_RUNS} runs)`, () => {
    fc.assert(
      fc.property(anyScenario, (s) => {
        const r = calculate(s, []);
        let cumulative = ZERO;
        for (const m of r.months) {
          expect(m.savings.equals(m.rent.minus(m.ownCash))).toBe(true);
          cumulative = cumulative.plus(m.savings);
          expect(m.cumulativeSavings.equals(cumulative)).toBe(true);
          expect(m.rent.equals(sum(m.items.filter((i) => i.side === "rent").map((i) => i.cash)))).toBe(true);
        }
        expect(r.summary.rent.tco.equals(sum(r.months.map((m) => m.rent)))).toBe(true);
        expect(r.summary.own.tco.equals(sum(r.months.map((m) => m.ownCash)))).toBe(true);
        expect(r.summary.own.pnl.equals(sum(r.months.map((m) => m.ownPnl)))).toBe(true);
        // savings are the difference of the two TCOs as reported, each to the cent
        expect(
          r.summary.savings.total.equals(cents(r.summary.rent.tco).minus(cents(r.summary.own.tco))),
        ).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS, seed: 1 },
    );
  });

  it(`the CSV ledger and the yearly table add up to the summary to the cent (${PROPERTY_RUNS} runs)`, () => {
    fc.assert(
      fc.property(anyScenario, (s) => {
        const r = calculate(s, []);
        const rows: Record<string, string>[] = parseCsv(renderCsv(r, "ledger"), { columns: true });
        const years: Record<string, string>[] = parseCsv(renderCsv(r, "years"), { columns: true });
        const total = (
          list: Record<string, string>[],
          pick: (x: Record<string, string>) => string | undefined,
        ) => sum(list.map((x) => new Decimal(pick(x) ?? "0"))).toFixed(2);
        const json = JSON.parse(renderJson(r));
        expect(
          total(
            rows.filter((x) => x.side === "own"),
            (x) => x.cash,
          ),
        ).toBe(json.summary.own.tco);
        expect(
          total(
            rows.filter((x) => x.side === "rent"),
            (x) => x.cash,
          ),
        ).toBe(json.summary.rent.tco);
        expect(
          total(
            rows.filter((x) => x.side === "own"),
            (x) => x.pnl,
          ),
        ).toBe(json.summary.own.pnl);
        expect(total(years, (y) => y.ownCash)).toBe(json.summary.own.tco);
        expect(total(years, (y) => y.rent)).toBe(json.summary.rent.tco);
        expect(total(years, (y) => y.savingsCash)).toBe(json.summary.savings.total);
      }),
      { numRuns: PROPERTY_RUNS, seed: 2 },
    );
  });

  it(`break-even is consistent with the cumulative savings (${PROPERTY_RUNS} runs)`, () => {
    fc.assert(
      fc.property(anyScenario, (s) => {
        const r: Result = calculate(s, []);
        const S = r.months.map((m) => m.cumulativeSavings);
        const b = r.summary.breakEvenMonth;
        if (b === undefined) expect(S[S.length - 1]?.isNegative()).toBe(true);
        else {
          for (let k = b; k <= S.length; k++) expect(S[k - 1]?.isNegative()).toBe(false);
          if (b > 1) expect(S[b - 2]?.isNegative()).toBe(true);
          const payback = r.summary.paybackMonths as Decimal;
          expect(payback.greaterThanOrEqualTo(b - 1) && payback.lessThanOrEqualTo(b)).toBe(true);
        }
      }),
      { numRuns: PROPERTY_RUNS, seed: 3 },
    );
  });

  // Two cloud prices also price own-side costs: the hybrid burst (on-demand compute) and the exit
  // egress. Raising those can lower savings, rightly; the rent property holds without them.
  const scale = (d: Decimal, k: number) => d.times(k);
  it(`raising a rent price never lowers savings (${PROPERTY_RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        modelScenario({ hybrid: false, migrationEgress: false }),
        fc.constantFrom("compute", "storage", "egress", "support", "item"),
        fc.integer({ min: 101, max: 300 }).map((p) => p / 100),
        (s, which, k) => {
          const before = calculate(s, []).summary.savings.total;
          const d = s.rent.derived;
          if (!d) return;
          const p = d.prices;
          const up: Scenario = {
            ...s,
            rent: {
              items:
                which === "item"
                  ? s.rent.items.map((i) =>
                      i.kind === "recurring" ? { ...i, perMonth: scale(i.perMonth, k) } : i,
                    )
                  : s.rent.items,
              derived: {
                ...d,
                prices: {
                  ...p,
                  computePerVcpuHour:
                    which === "compute" ? p.computePerVcpuHour?.times(k) : p.computePerVcpuHour,
                  storage:
                    which === "storage" && p.storage
                      ? {
                          ...p.storage,
                          tiers: p.storage.tiers.map((t) => ({ ...t, price: scale(t.price, k) })),
                        }
                      : p.storage,
                  egress:
                    which === "egress" && p.egress
                      ? {
                          ...p.egress,
                          tiers: p.egress.tiers.map((t) => ({ ...t, price: scale(t.price, k) })),
                        }
                      : p.egress,
                },
                support:
                  which === "support" && d.support
                    ? { ...d.support, tiers: d.support.tiers.map((t) => ({ ...t, rate: scale(t.rate, k) })) }
                    : d.support,
              },
            },
          };
          expect(calculate(up, []).summary.savings.total.greaterThanOrEqualTo(before)).toBe(true);
        },
      ),
      { numRuns: PROPERTY_RUNS, seed: 4 },
    );
  });

  it(`raising an own price never raises savings (${PROPERTY_RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        anyScenario,
        fc.constantFrom(
          "server",
          "node",
          "network",
          "space",
          "energy",
          "transit",
          "maintenance",
          "staff",
          "item",
        ),
        fc.integer({ min: 101, max: 300 }).map((p) => p / 100),
        (s, which, k) => {
          const before = calculate(s, []).summary.savings.total;
          const d = s.own.derived;
          if (!d) return;
          const p = d.prices;
          const up: Scenario = {
            ...s,
            own: {
              residual: s.own.residual,
              items:
                which === "item"
                  ? s.own.items.map((i) => (i.kind === "capex" ? { ...i, amount: scale(i.amount, k) } : i))
                  : s.own.items,
              staff:
                which === "staff" && s.own.staff
                  ? { ...s.own.staff, costPerFtePerMonth: scale(s.own.staff.costPerFtePerMonth, k) }
                  : s.own.staff,
              derived: {
                ...d,
                prices: {
                  ...p,
                  server:
                    which === "server" && p.server
                      ? { ...p.server, price: scale(p.server.price, k) }
                      : p.server,
                  storageNode:
                    which === "node" && p.storageNode
                      ? { ...p.storageNode, price: scale(p.storageNode.price, k) }
                      : p.storageNode,
                  networkShare: which === "network" ? scale(p.networkShare, k) : p.networkShare,
                  spacePerKwMonth: which === "space" ? p.spacePerKwMonth?.times(k) : p.spacePerKwMonth,
                  energy:
                    which === "energy" && p.energy
                      ? { ...p.energy, perKwh: scale(p.energy.perKwh, k) }
                      : p.energy,
                  transitPerGbpsMonth:
                    which === "transit" ? p.transitPerGbpsMonth?.times(k) : p.transitPerGbpsMonth,
                  maintenanceYearly:
                    which === "maintenance" ? scale(p.maintenanceYearly, k) : p.maintenanceYearly,
                },
              },
            },
          };
          expect(calculate(up, []).summary.savings.total.lessThanOrEqualTo(before)).toBe(true);
        },
      ),
      { numRuns: PROPERTY_RUNS, seed: 5 },
    );
  });
});

// ---------------------------------------------------------------- determinism and hostile input

describe("determinism", () => {
  it("JSON, CSV and table are byte-identical across runs and under different TZ and LANG", () => {
    for (const format of ["json", "csv", "table"]) {
      const run = (env: Record<string, string>) =>
        execFileSync(
          process.execPath,
          ["bin/repatriate.js", "calc", "scenarios/rednote.yaml", "-f", format],
          {
            env: { ...process.env, ...env },
            encoding: "utf8",
          },
        );
      const a = run({ TZ: "UTC", LANG: "C", LC_ALL: "C" });
      expect(run({ TZ: "Pacific/Kiritimati", LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8" }), format).toBe(a);
    }
  });
});

describe("hostile input", () => {
  const dir = mkdtempSync(join(tmpdir(), "repatriate-hostile-"));
  const cli = (args: string[], cwd = process.cwd()) => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [join(process.cwd(), "bin/repatriate.js"), ...args], {
      cwd,
      encoding: "utf8",
      timeout: 20_000,
    });
    return { ...r, ms: Date.now() - started };
  };

  it("refuses a very large file quickly, without reading it as YAML", () => {
    const big = join(dir, "big.yaml");
    writeFileSync(big, `version: 1\n# ${"x".repeat(2 * 1024 * 1024)}\n`);
    const r = cli(["calc", big]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("the limit for a scenario or catalog is 1048576 bytes");
    expect(r.ms).toBeLessThan(5000);
  });

  it("refuses a catalog outside the project, and never quotes its content", () => {
    const outside = mkdtempSync(join(tmpdir(), "repatriate-secret-"));
    writeFileSync(join(outside, "secret.yaml"), "password: hunter2\nside: rent\n");
    const project = join(dir, "project", "scenarios");
    mkdirSync(project, { recursive: true });
    const scenario = (ref: string) =>
      `version: 1\nname: X\ncurrency: USD\nhorizon: 1mo\nworkload: { compute: { vcpu: 1 } }\nrent: { catalog: "${ref}" }\nown: { items: [{ name: A, monthly: 1 }] }\n`;
    writeFileSync(join(project, "abs.yaml"), scenario(join(outside, "secret.yaml")));
    writeFileSync(
      join(project, "rel.yaml"),
      scenario(`../../../../../../../../../../tmp/../${join(outside, "secret.yaml").slice(1)}`),
    );
    symlinkSync(join(outside, "secret.yaml"), join(project, "link.yaml"));
    writeFileSync(join(project, "via-link.yaml"), scenario("./link.yaml"));
    for (const f of ["abs.yaml", "rel.yaml", "via-link.yaml"]) {
      const r = cli(["calc", `scenarios/${f}`], join(dir, "project"));
      expect(r.status, f).toBe(2);
      // The same answer as for a file that does not exist: nothing to learn about the machine.
      expect(r.stderr, f).toContain("no catalog file at");
      expect(r.stderr, f).toContain("in the project folder (.) or a --pricing folder");
      expect(r.stderr, f).not.toContain("hunter2");
    }
  });

  it("takes the scenario's own folder as the project when the working folder does not hold it, never /", () => {
    // /tmp/x/s.yaml run from elsewhere: its project folder is /tmp/x, so ../other.yaml is outside
    // it (before, the project folder was dirname(dirname(file)) = /tmp, and any .yaml there was read).
    const root = mkdtempSync(join(tmpdir(), "repatriate-root-"));
    mkdirSync(join(root, "x"));
    writeFileSync(join(root, "other.yaml"), "name: other\nside: rent\n");
    const scenario = `version: 1\nname: X\ncurrency: USD\nhorizon: 1mo\nworkload: { compute: { vcpu: 1 } }\nrent: { catalog: "../other.yaml" }\nown: { items: [{ name: A, monthly: 1 }] }\n`;
    writeFileSync(join(root, "x", "s.yaml"), scenario);
    const missing = scenario.replace("../other.yaml", "../nothing-here.yaml");
    writeFileSync(join(root, "x", "m.yaml"), missing);
    const outside = cli(["calc", join(root, "x", "s.yaml")]);
    const absent = cli(["calc", join(root, "x", "m.yaml")]);
    expect(outside.status).toBe(2);
    expect(absent.status).toBe(2);
    for (const r of [outside, absent]) {
      expect(r.stderr).toContain("no catalog file at ../");
      expect(r.stderr).toContain(
        `in the project folder (${relative(process.cwd(), join(root, "x"))}) or a --pricing folder`,
      );
    }
  });

  it("an internal error says it is a bug, names the command, and not the scenario's content", async () => {
    const { main } = await import("../src/cli/main.js");
    const err: string[] = [];
    const code = await main(["calc", "scenarios/known-bill.yaml"], {
      stdout: () => {
        throw new TypeError("boom");
      },
      stderr: (s) => err.push(s),
    });
    expect(code).toBe(3);
    expect(err.join("")).toContain("while running: repatriate calc scenarios/known-bill.yaml");
    expect(err.join("")).not.toContain("Cloud bill");
  });

  it("loads every shipped scenario (a smoke test of the whole pipeline)", () => {
    for (const f of [
      "scenarios/known-bill.yaml",
      "scenarios/mid-size-platform.yaml",
      "scenarios/rednote.yaml",
    ]) {
      const { scenario, catalogs } = loadScenario(f);
      expect(calculate(scenario, catalogs).months.length).toBe(scenario.horizonMonths);
    }
  });
});

describe("the small gaps of issue 19", () => {
  const bin = join(process.cwd(), "bin/repatriate.js");
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", input, timeout: 20_000 });
  it("reads the scenario from stdin with `-`, and writes to stdout with --out -", () => {
    const text = execFileSync("cat", ["scenarios/known-bill.yaml"], { encoding: "utf8" });
    const fromStdin = run(["calc", "-", "--format", "json"], text);
    expect(fromStdin.status).toBe(0);
    expect(JSON.parse(fromStdin.stdout).summary.own.tco).toBe("2640000.00");
    const dir = mkdtempSync(join(tmpdir(), "repatriate-dash-"));
    const out = spawnSync(
      process.execPath,
      [bin, "calc", join(process.cwd(), "scenarios/known-bill.yaml"), "--out", "-"],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("Owning saves 960,000.00 USD");
    expect(execFileSync("ls", ["-A", dir], { encoding: "utf8" })).toBe(""); // no file named "-"
    // Errors in a scenario from stdin name <stdin>.
    const bad = run(["calc", "-"], "version: 1\nname: X\ncurrency: usd\n");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("<stdin>:3:");
  });
  it("refuses an option that does not apply to the format", () => {
    const r = run(["calc", "scenarios/known-bill.yaml", "--csv-table", "years"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--csv-table goes with --format csv");
  });
  it("lists what explain can explain as JSON with --format json", () => {
    const r = run(["explain", "scenarios/known-bill.yaml", "--format", "json"]);
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.items).toContainEqual({ side: "own", name: "Servers", category: "compute" });
    expect(json.figures).toContain("paybackMonths");
  });
  it("exits 2 for a --pricing folder that does not exist, instead of using the shipped catalogs", () => {
    for (const args of [
      ["calc", "scenarios/mid-size-platform.yaml", "--pricing", "./typo"],
      ["catalogs", "--pricing", "./typo"],
    ]) {
      const r = run(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toContain("./typo: no such folder (given with --pricing)");
    }
  });
  it("takes counts and seeds as decimal digits only", () => {
    for (const [flag, value] of [
      ["--runs", "0x10"],
      ["--runs", "1e3"],
      ["--runs", " 10"],
      ["--seed", ""],
      ["--seed", "-1"],
    ] as const) {
      const r = run(["simulate", "test/uncertainty/known-bill-ranges.yaml", flag, value]);
      expect(r.status, `${flag} ${JSON.stringify(value)}`).toBe(2);
      expect(r.stderr).toContain(`${flag} must be a whole number`);
    }
  });
  it("refuses a file that is not UTF-8, and accepts one with a byte-order mark", () => {
    const dir = mkdtempSync(join(tmpdir(), "repatriate-utf8-"));
    writeFileSync(join(dir, "latin1.yaml"), Buffer.from('version: 1\nname: "caf\xe9"\n', "latin1"));
    const bad = run(["calc", join(dir, "latin1.yaml")]);
    expect(bad.status).toBe(2);
    // "version: 1\n" is 11 bytes and `name: "caf` 10 more: the bad byte is at offset 21.
    expect(bad.stderr).toContain("is not valid UTF-8 (at byte 21)");
    const text = execFileSync("cat", ["scenarios/known-bill.yaml"]);
    writeFileSync(join(dir, "bom.yaml"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]));
    expect(run(["calc", join(dir, "bom.yaml")]).status).toBe(0);
  });
});

describe("reproducers of issue 19: results or exit 2, never a crash", () => {
  const bin = join(process.cwd(), "bin/repatriate.js");
  const dir = mkdtempSync(join(tmpdir(), "repatriate-repro-"));
  const run = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 60_000 });
  const knownBill = execFileSync("cat", ["scenarios/known-bill.yaml"], { encoding: "utf8" });
  it("a nested range exits 2", () => {
    const f = join(dir, "nested.yaml");
    writeFileSync(f, knownBill.replace("monthly: 100k", "monthly: { low: { low: 1, high: 2 }, high: 50k }"));
    const r = run(["calc", f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("ranges do not nest");
  });
  it("simulate --runs 150000 gives its result (no array spread onto the stack)", () => {
    const r = run([
      "simulate",
      "test/uncertainty/known-bill-ranges.yaml",
      "--runs",
      "150000",
      "--format",
      "json",
    ]);
    expect(r.status).toBe(1); // its P10 gate fails, as with fewer runs
    expect(JSON.parse(r.stdout).runs).toBe(150000);
  });
  it("diff against a saved result of 200,000 months", () => {
    const saved = JSON.parse(
      execFileSync(process.execPath, [bin, "calc", "scenarios/known-bill.yaml", "--format", "json"], {
        encoding: "utf8",
      }),
    );
    saved.scenario.horizonMonths = 200_000;
    const month = (i: number) => ({
      month: i + 1,
      items: [{ side: "rent", name: "Cloud bill", category: "other", cash: "1.00" }],
    });
    saved.months = Array.from({ length: 200_000 }, (_, i) => month(i));
    const f = join(dir, "long.json");
    writeFileSync(f, JSON.stringify(saved));
    const r = run(["diff", f, "scenarios/known-bill.yaml", "--format", "json"]);
    expect(r.status).toBe(0);
    // The base's Cloud bill: 200,000 months × 1.00.
    expect(JSON.parse(r.stdout).items.find((i: { name: string }) => i.name === "Cloud bill").base).toBe(
      "200000.00",
    );
  });
  it("checks numeric limits after scaling: 1e20T is 1e32, not below 1e21", () => {
    const f = join(dir, "huge.yaml");
    writeFileSync(f, knownBill.replace("monthly: 100k", "monthly: 1e20T"));
    const r = run(["calc", f]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("with its unit the number is out of range (keep it below 1e21)");
  });
  it("validates a saved baseline: a byte-order mark is accepted, a break-even month of -5.5 is not", () => {
    const text = execFileSync(
      process.execPath,
      [bin, "calc", "scenarios/known-bill.yaml", "--format", "json"],
      { encoding: "utf8" },
    );
    const bom = join(dir, "bom.json");
    writeFileSync(bom, `\uFEFF${text}`);
    expect(run(["diff", bom, "scenarios/known-bill.yaml"]).status).toBe(0);
    const negative = join(dir, "negative.json");
    writeFileSync(negative, text.replace('"breakEvenMonth": 20', '"breakEvenMonth": -5.5'));
    const r = run(["diff", negative, "scenarios/known-bill.yaml"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("summary.breakEvenMonth");
  });
});
