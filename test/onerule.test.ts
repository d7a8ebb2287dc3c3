import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import { runDiff } from "../src/cli/diff.js";
import { runExplain } from "../src/cli/explain.js";
import { Decimal, sum } from "../src/units/decimal.js";

// One rounding rule for every output (docs/model.md, "Cents"): each item is rounded to the cent
// along its months, and every total is the sum of the rows shown under it. So an item's horizon
// total is one figure in the JSON months, the CSV ledger, explain and diff, and every total foots,
// across items and across months, in the scenario's currency and with --currency.

type Row = Record<string, string>;
// biome-ignore lint/suspicious/noExplicitAny: the JSON contract is read field by field
type Json = any;
const d = (s: string) => new Decimal(s);
const scenarios = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));

describe.each(scenarios)("scenarios/%s", (file) => {
  const path = `scenarios/${file}`;
  // The same scenario with an fx rate (an awkward one), reported in that currency.
  const withFx = join(mkdtempSync(join(tmpdir(), "repatriate-onerule-")), file);
  writeFileSync(withFx, readFileSync(path, "utf8").replace(/^(currency: .*)$/m, "$1\nfx: { EUR: 1.0837 }"));
  for (const [scenario, options] of [
    [path, {}],
    [withFx, { currency: "EUR" }],
  ] as const) {
    it(`every total is the sum of the rows under it${"currency" in options ? " (--currency EUR)" : ""}`, () => {
      const json: Json = JSON.parse(runCalc(scenario, { format: "json", ...options }).stdout);
      const ledger: Row[] = parse(runCalc(scenario, { format: "csv", ...options }).stdout, { columns: true });
      for (const side of ["rent", "own"] as const) {
        const basis = {
          cash: side === "rent" ? "rent" : "ownCash",
          pnl: side === "rent" ? "rentPnl" : "ownPnl",
        };
        for (const m of json.months) {
          const items = m.items.filter((i: Json) => i.side === side);
          expect(sum(items.map((i: Json) => d(i.cash))).toFixed(2)).toBe(m[basis.cash]);
          expect(sum(items.map((i: Json) => d(i.pnl))).toFixed(2)).toBe(m[basis.pnl]);
        }
        for (const y of json.years) {
          const months = json.months.filter((m: Json) => Math.ceil(m.month / 12) === y.year);
          expect(sum(months.map((m: Json) => d(m[basis.cash]))).toFixed(2)).toBe(y[basis.cash]);
        }
        const tco = side === "rent" ? json.summary.rent.tco : json.summary.own.tco;
        expect(sum(json.years.map((y: Json) => d(y[basis.cash]))).toFixed(2)).toBe(tco);
        expect(sum(ledger.filter((r) => r.side === side).map((r) => d(r.cash as string))).toFixed(2)).toBe(
          tco,
        );
      }
      expect(d(json.summary.rent.tco).minus(d(json.summary.own.tco)).toFixed(2)).toBe(
        json.summary.savings.total,
      );
    });
  }
  it("an item's horizon total is one figure in JSON, CSV, explain and diff", () => {
    const json: Json = JSON.parse(runCalc(path, { format: "json" }).stdout);
    const ledger: Row[] = parse(runCalc(path, { format: "csv" }).stdout, { columns: true });
    const diff: Json = JSON.parse(runDiff(path, path, { format: "json" }).stdout);
    const names = json.months[0].items.map((i: Json) => ({ side: i.side, name: i.name }));
    for (const { side, name } of names) {
      const mine = (i: Json) => i.side === side && i.name === name;
      const fromJson = sum(
        json.months.flatMap((m: Json) => m.items.filter(mine).map((i: Json) => d(i.cash))),
      );
      const fromCsv = sum(
        ledger.filter((r) => r.side === side && r.item === name).map((r) => d(r.cash as string)),
      );
      const explained: Json = JSON.parse(runExplain(path, `${side}:${name}`, { format: "json" }).stdout);
      const horizon = explained.totals.find((t: Json) => t.label === "horizon");
      const inDiff = diff.items.find(mine);
      const label = `${side}:${name}`;
      expect(fromCsv.toFixed(2), label).toBe(fromJson.toFixed(2));
      expect(horizon.cash, label).toBe(fromJson.toFixed(2));
      expect(inDiff.head, label).toBe(fromJson.toFixed(2));
    }
  });
});
