import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { calculate } from "../src/engine/calculate.js";
import { fromSource } from "../src/load/loadScenario.js";
import { InputError } from "../src/load/problems.js";
import { parseYamlText } from "../src/load/yamlSource.js";
import { renderChart } from "../src/report/chart.js";
import { renderCsv } from "../src/report/csv.js";
import { renderHtml } from "../src/report/html.js";
import { renderJson } from "../src/report/json.js";
import { renderMarkdown } from "../src/report/markdown.js";
import { renderTable } from "../src/report/table.js";

// Counts of generated cases, reported in the closing note of the hardening issue.
const FUZZ_STRUCTURED = 600;
const FUZZ_MUTATED = 400;
const _PROPERTY_RUNS = 120;

/** Loads a scenario text as if it were a file in test/golden/; the outcome must be a result or an InputError. */
function outcome(text: string): "result" | "input-error" {
  try {
    const src = parseYamlText("test/golden/fuzz.yaml", text);
    const { scenario, catalogs, provenance } = fromSource(src, "test/golden/fuzz.yaml");
    const r = calculate(scenario, catalogs);
    const calc = JSON.parse(renderJson(r));
    for (const out of [
      renderHtml({ calc, provenance }),
      renderChart(r, { width: 60, height: 15, unicode: true }),
      renderJson(r),
      renderCsv(r, "ledger"),
      renderCsv(r, "years"),
      renderTable(r),
      renderMarkdown(r),
    ])
      expect(out).not.toMatch(/NaN|Infinity/);
    return "result";
  } catch (e) {
    if (e instanceof InputError) return "input-error";
    throw e; // anything else would be exit 3: a bug
  }
}

const nasty = fc.constantFrom(
  "",
  "0",
  "-1",
  "-5k",
  ".nan",
  ".inf",
  "1e400",
  "1e20",
  "0.0000001",
  "100k",
  "3.2M EUR",
  "120k/yr",
  "2 PB",
  "2 PB/mo",
  "5 Gbps",
  "18mo",
  "5y",
  "0mo",
  "65%",
  "150%",
  "15%/yr",
  "-100%/yr",
  "2027-01",
  "yes",
  "true",
  "null",
  "abc",
  "1,000",
  "KB",
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  nasty,
  fc.integer({ min: -5, max: 5000 }),
  fc.double({ noNaN: false }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
  fc.array(nasty, { maxLength: 2 }),
);
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 4 });
/** Usually a valid value, now and then a hostile one: deep enough to reach the engine, wide enough to break it. */
const mostly = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid as fc.Arbitrary<unknown>, weight: 60 }, { arbitrary: value, weight: 1 });
const amount = fc.oneof(
  fc.integer({ min: 0, max: 100000 }),
  fc.constantFrom("100k", "1.2M", "950", "120k EUR", "0"),
);
const item = fc.oneof(
  fc.record({
    name: mostly(fc.constantFrom("A", "B", "=cmd", 'Comma, "q"', "Line\nbreak")),
    monthly: mostly(amount),
    from: optional(mostly(fc.integer({ min: 1, max: 20 }))),
    to: optional(mostly(fc.integer({ min: 1, max: 40 }))),
  }),
  fc.record({ name: mostly(fc.constantFrom("C", "D")), yearly: mostly(amount) }),
  fc.record({
    name: mostly(fc.constantFrom("E", "F")),
    capex: mostly(amount),
    lifetime: mostly(fc.constantFrom("12mo", "3y", "7mo")),
    month: optional(mostly(fc.integer({ min: 1, max: 12 }))),
    refresh: optional(mostly(fc.boolean())),
  }),
);
/** A coherent scenario of one of the shapes the format allows (explicit items, derived, hybrid, migrating). */
const coherent = fc
  .record({
    shape: fc.constantFrom("items", "derived", "hybrid", "known-bill-and-derived"),
    horizon: fc.constantFrom("1mo", "12mo", "2y", "30mo"),
    start: fc.option(fc.constant("2027-01"), { nil: undefined }),
    business: fc.option(
      fc.record({
        revenue: fc.constantFrom("10M/yr", "500k/mo"),
        taxRate: fc.constantFrom("25%", "0%"),
        netProfit: fc.constantFrom("1M/yr", "-2M/yr"),
        peMultiple: fc.constantFrom(20, 0),
        discountRate: fc.constantFrom("8%", "0%"),
      }),
      { nil: undefined },
    ),
    rentItems: fc.array(item, { maxLength: 3 }),
    ownItems: fc.array(item, { minLength: 1, maxLength: 3 }),
    rentCatalog: fc.constantFrom("aws-us-east-1", "../fixtures/pricing/test-cloud.yaml"),
    ownCatalog: fc.constantFrom("colo-us", "../fixtures/pricing/test-colo.yaml"),
    vcpu: fc.integer({ min: 0, max: 5000 }),
    growth: fc.constantFrom("15%/yr", "0%/yr", "-20%/yr"),
    stored: fc.constantFrom("1 PB", "600 TB", "0 B", "3 PiB"),
    egress: fc.constantFrom("100 TB/mo", "0 B/mo", "2 PB/mo"),
    surge: fc.option(
      fc.record({
        name: fc.constant("S"),
        month: fc.integer({ min: 1, max: 30 }),
        duration: fc.constantFrom("1mo", "3mo"),
        extra: fc.constantFrom("50%", "5%"),
      }),
      { nil: undefined },
    ),
    share: fc.constantFrom("0%", "70%", "100%", "160%"),
    leadTime: fc.constantFrom("0mo", "3mo"),
    migration: fc.option(
      fc.record({
        link: fc.constantFrom("10 Gbps", "400 Gbps"),
        duration: fc.constantFrom("12mo", "30mo"),
        egressWaiver: fc.boolean(),
        start: fc.integer({ min: 1, max: 3 }),
        commitments: fc.array(
          fc.record({ name: fc.constant("C"), monthly: amount, until: fc.integer({ min: 1, max: 30 }) }),
          { maxLength: 1 },
        ),
      }),
      { nil: undefined },
    ),
    gates: fc.option(
      fc.constant({ breakEvenMonths: { max: 24, warn: { max: 12 } }, savingsPct: { min: "10%" } }),
      { nil: undefined },
    ),
  })
  .map((g) => {
    const s: Record<string, unknown> = {
      version: 1,
      name: "Fuzz | <b>x</b>",
      currency: "USD",
      horizon: g.horizon,
      start: g.start,
      business: g.business,
      fx: { EUR: 1.1 },
    };
    const derived = g.shape !== "items";
    // Names are unique on a side (a duplicate is an input error the poison step covers anyway).
    const unique = (items: Record<string, unknown>[]) =>
      items.map((it, i) => ({ ...it, name: `${String(it.name)} ${i}` }));
    g.rentItems = unique(g.rentItems) as typeof g.rentItems;
    g.ownItems = unique(g.ownItems) as typeof g.ownItems;
    s.rent = derived
      ? { catalog: g.rentCatalog, items: g.rentItems, discount: "25%" }
      : { items: g.rentItems.length ? g.rentItems : [{ name: "Bill", monthly: "100k" }] };
    s.own = derived
      ? {
          catalog: g.ownCatalog,
          items: g.ownItems,
          utilization: "60%",
          redundancy: 1.5,
          fillRatio: "80%",
          lifetime: "12mo",
          leadTime: g.leadTime,
          staff: { fte: 2, costPerFte: "100k/yr" },
          ...(g.shape === "hybrid" ? { strategy: "hybrid", baseline: { share: g.share } } : {}),
        }
      : { items: g.ownItems };
    if (derived)
      s.workload = {
        compute: { vcpu: g.vcpu, growth: g.growth },
        storage: { stored: g.stored },
        egress: { volume: g.egress, peakToAverage: 2 },
        surges: g.surge ? [g.surge] : [],
      };
    if (g.migration && derived) s.migration = g.migration;
    if (g.gates) s.gates = g.gates;
    return JSON.parse(JSON.stringify(s)) as Record<string, unknown>; // drops undefined keys
  });

/** Every leaf path of a plain value, to poison one of them. */
function leafPaths(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, [...path, i]));
  if (v && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...path, k]));
  return [path];
}

const scenarioArb = fc
  .tuple(coherent, fc.option(fc.tuple(fc.nat(), value), { nil: undefined, freq: 2 }))
  .map(([s, poison]) => {
    if (!poison) return s;
    const paths = leafPaths(s);
    const path = paths[poison[0] % paths.length] ?? [];
    let at: Record<string | number, unknown> = s;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (last !== undefined) at[last] = poison[1];
    return s;
  });

describe("fuzzing: every input is a result or an exit-2 error, never a crash", () => {
  it(`structured random scenarios (${FUZZ_STRUCTURED} cases)`, () => {
    const seen = { result: 0, "input-error": 0 };
    if (process.env.FUZZ_DEBUG) {
      const reasons = new Map<string, number>();
      for (const sample of fc.sample(coherent, { numRuns: 300, seed: 7 })) {
        if (!sample) continue;
        try {
          fromSource(parseYamlText("test/golden/fuzz.yaml", stringify(sample)), "test/golden/fuzz.yaml");
        } catch (e) {
          const key = (e as Error).message.replace(/^.*?: /, "").slice(0, 70);
          reasons.set(key, (reasons.get(key) ?? 0) + 1);
        }
      }
      console.log([...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8));
    }
    fc.assert(
      fc.property(scenarioArb, (s) => {
        seen[outcome(stringify(s))]++;
      }),
      { numRuns: FUZZ_STRUCTURED, seed: 20261124 },
    );
    console.log(`structured fuzz: ${seen.result} results, ${seen["input-error"]} input errors`);
    // Both outcomes must occur, or the generator tests nothing.
    expect(seen.result).toBeGreaterThan(10);
    expect(seen["input-error"]).toBeGreaterThan(10);
  });

  it(`mutated shipped and golden scenarios (${FUZZ_MUTATED} cases)`, () => {
    const bases = [
      "scenarios/known-bill.yaml",
      "test/golden/derived-own.yaml",
      "test/golden/migration.yaml",
      "test/golden/hybrid.yaml",
    ].map((f) => readFileSync(f, "utf8").replaceAll("../fixtures/", "../fixtures/"));
    const mutation = fc.record({
      base: fc.integer({ min: 0, max: bases.length - 1 }),
      at: fc.nat(),
      cut: fc.integer({ min: 0, max: 12 }),
      insert: fc.oneof(
        nasty,
        fc.constantFrom(": ", "\n", "- ", "{", "]", "&a ", "*a", "!!str ", "'", "  ", "\t", "#"),
      ),
    });
    fc.assert(
      fc.property(mutation, (m) => {
        const text = bases[m.base] ?? "";
        const at = m.at % (text.length + 1);
        outcome(text.slice(0, at) + m.insert + text.slice(at + m.cut));
      }),
      { numRuns: FUZZ_MUTATED, seed: 42 },
    );
  });
});

describe("fuzzing the command line with hostile names and ranges (issue 19)", () => {
  const FUZZ_COMMANDS = 80;
  // Names that try to drive a terminal or a Markdown renderer, and ranges that nest or collide.
  const hostile = fc.constantFrom(
    "Plain",
    "\u001b]0;pwned\u0007",
    "\u001b[2J\u001b[H",
    "Right\u202eto-left",
    "Bell\u0007NUL\u0000",
    "Title\r\r---\r1. list",
    "Bill\r| own | FAKE ROW |",
    "@octocat ping",
    "`code` \\_ span",
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("x")',
    "Zero\u200bwidth",
  );
  const rangeOrNumber = fc.constantFrom(
    "40k",
    "{ low: 30k, high: 50k }",
    "{ low: 30k, mode: 40k, high: 50k }",
    "{ mean: 40k, sd: 5k }",
    "{ low: { low: 1, high: 2 }, high: 50k }",
    "{ low: 50k, high: 30k }",
    "{ median: 40k, p90: 60k }",
  );
  const months = fc.constantFrom(
    "",
    ", from: { low: 1, high: 9 }, to: { low: 6, high: 20 }",
    ", from: 3, to: 30",
  );
  const quote = (s: string) => JSON.stringify(s);
  const scenario = fc.record({
    name: hostile,
    bill: hostile,
    colo: hostile,
    colocation: rangeOrNumber,
    window: months,
  });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u200b]/;

  it(`every command and format: a result or exit 2, and no raw control character on a terminal (${FUZZ_COMMANDS} scenarios)`, async () => {
    const { main } = await import("../src/cli/main.js");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "repatriate-fuzz-cli-"));
    const samples = fc.sample(scenario, { numRuns: FUZZ_COMMANDS, seed: 19 });
    for (const [n, s] of samples.entries()) {
      const file = join(dir, `s${n}.yaml`);
      writeFileSync(
        file,
        [
          "version: 1",
          `name: ${quote(s.name)}`,
          "currency: USD",
          "horizon: 36mo",
          "rent:",
          `  items: [{ name: ${quote(s.bill)}, monthly: 100k }]`,
          "own:",
          `  items: [{ name: Servers, capex: 1.2M, lifetime: 36mo }, { name: ${quote(`${s.colo} colo`)}, monthly: ${s.colocation}${s.window} }]`,
          "",
        ].join("\n"),
      );
      for (const args of [
        ["calc", file],
        ["calc", file, "--chart"],
        ["calc", file, "--format", "markdown"],
        ["calc", file, "--format", "json"],
        ["calc", file, "--format", "csv"],
        ["explain", file],
        ["explain", file, "Servers", "--month", "2"],
        ["diff", file, file, "--format", "markdown"],
        ["simulate", file, "--runs", "40"],
        ["sensitivity", file],
      ]) {
        let out = "";
        let err = "";
        const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
        const label = `${args.join(" ")} on ${JSON.stringify(s)}`;
        expect([0, 1, 2], label).toContain(code);
        expect(raw.test(err), label).toBe(false);
        const data = args.includes("json") || args.includes("csv");
        if (!data) expect(raw.test(out), label).toBe(false);
        // No mention and no HTML tag: @ is followed by a zero-width space, < is backslash-escaped.
        if (args.includes("markdown")) expect(out, label).not.toMatch(/@octocat|(^|[^\\])<img/);
      }
    }
  });
});
