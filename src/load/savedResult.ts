import { readFileSync, statSync } from "node:fs";
import * as z from "zod";
import type { GateResult } from "../model/result.js";
import { GATE_METRICS, type GateMetric } from "../model/scenario.js";
import type { DiffFigure, Snapshot } from "../model/snapshot.js";
import type { ResultJson } from "../report/json.js";
import { Decimal, ZERO } from "../units/decimal.js";
import { InputError, type Problem } from "./problems.js";
import { MAX_FILE_BYTES } from "./yamlSource.js";

const LARGEST_JSON = 64 * MAX_FILE_BYTES; // a saved 50-year ledger is large, but not this large

/** The parts of the JSON result (docs/json.md) that a baseline needs. */
function savedSchema() {
  // At most 30 digits before the point and 10 after: more is not a result this tool wrote, and
  // 100,000 nines would take seconds of arithmetic.
  const decimal = z
    .string()
    .regex(
      /^-?\d{1,30}(\.\d{1,10})?$/,
      'expected a decimal string such as "1234.50" (at most 30 digits before the point)',
    );
  const maybe = decimal.nullable();
  return z.object({
    schemaVersion: z.literal(1),
    scenario: z.object({
      name: z.string(),
      currency: z.string(),
      horizonMonths: z.number().int().positive(),
    }),
    summary: z.object({
      rent: z.object({ tco: decimal, npv: decimal }),
      own: z.object({ tco: decimal, npv: decimal, capex: decimal }),
      savings: z.object({ total: decimal, pct: maybe, npv: decimal }),
      breakEvenMonth: z.number().int().min(1).nullable(),
      paybackMonths: z
        .string()
        .regex(/^\d+(\.\d+)?$/, 'expected a decimal string of zero or more months such as "19.50"')
        .nullable(),
      margin: z.object({
        grossMarginDeltaPp: maybe,
        netProfitDelta: maybe,
        valuationDelta: maybe,
        // Results saved before these figures were written have none.
        ebitdaDeltaPct: maybe.optional(),
      }),
      afterTax: z.object({ savingsNpv: decimal }).nullable().optional(),
      irr: maybe.optional(),
    }),
    months: z.array(
      z.object({
        items: z.array(
          z.object({ side: z.enum(["rent", "own"]), name: z.string(), category: z.string(), cash: decimal }),
        ),
      }),
    ),
    gates: z
      .array(
        z.object({
          name: z.enum(GATE_METRICS),
          bound: z.enum(["min", "max"]),
          level: z.enum(["fail", "warn"]).default("fail"),
          // null: skipped on purpose (--no-simulate); results saved before that was written true.
          ok: z.boolean().nullable(),
          skipped: z.boolean().default(false),
          percentile: z
            .union([z.literal(10), z.literal(50), z.literal(90)])
            .nullable()
            .default(null),
          actual: z.union([decimal, z.number()]).nullable(),
          limit: z.union([decimal, z.number()]).nullable(),
          from: z.string().default("saved result"),
        }),
      )
      .default([]),
  });
}

function fail(file: string, message: string, line?: number, col?: number): never {
  const problem: Problem = { file, line, col, field: "", message, sourceLine: undefined };
  throw new InputError([problem]);
}

const d = (s: string | number | null | undefined) =>
  s === null || s === undefined ? undefined : new Decimal(s);

/** Reads a result saved with `calc --format json` as a baseline for `diff` and relative gates. */
export function readSavedResult(file: string): Snapshot {
  let text: string;
  try {
    if (statSync(file).size > LARGEST_JSON) fail(file, `is larger than ${LARGEST_JSON} bytes`);
    // A byte-order mark (some editors and tools write one) is not part of the JSON.
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    return fail(file, code === "ENOENT" ? "no such file" : `cannot be read (${code ?? "unknown error"})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    const offset = at ? Number(at[1]) : undefined;
    const before = offset === undefined ? "" : text.slice(0, offset);
    const line = offset === undefined ? undefined : before.split("\n").length;
    const col = offset === undefined ? undefined : offset - before.lastIndexOf("\n");
    return fail(
      file,
      "is not valid JSON; expected a result saved with `repatriate calc --format json`",
      line,
      col,
    );
  }
  const parsed = savedSchema().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map(String).join(".") : "";
    return fail(
      file,
      `is not a saved repatriate result (schemaVersion 1): ${where ? `${where}: ` : ""}${issue?.message ?? "invalid"}`,
    );
  }
  const r = parsed.data;
  const s = r.summary;
  if (s.breakEvenMonth !== null && s.breakEvenMonth > r.scenario.horizonMonths)
    fail(
      file,
      `is not a saved repatriate result: summary.breakEvenMonth ${s.breakEvenMonth} is after the horizon (${r.scenario.horizonMonths} months)`,
    );
  const figures: Record<DiffFigure, Decimal | undefined> = {
    rentTco: d(s.rent.tco),
    ownTco: d(s.own.tco),
    savingsTotal: d(s.savings.total),
    savingsPct: d(s.savings.pct),
    rentNpv: d(s.rent.npv),
    ownNpv: d(s.own.npv),
    savingsNpv: d(s.savings.npv),
    ownCapex: d(s.own.capex),
    breakEvenMonths: d(s.breakEvenMonth),
    paybackMonths: d(s.paybackMonths),
    grossMarginDeltaPp: d(s.margin.grossMarginDeltaPp),
    netProfitDelta: d(s.margin.netProfitDelta),
    valuationDelta: d(s.margin.valuationDelta),
    afterTaxSavingsNpv: d(s.afterTax?.savingsNpv),
    irr: d(s.irr),
    ebitdaDeltaPct: d(s.margin.ebitdaDeltaPct),
  };
  const items = new Map<string, Snapshot["items"][number]>();
  for (const m of r.months)
    for (const i of m.items) {
      const key = `${i.side}\u0000${i.name}`;
      const prev = items.get(key);
      items.set(key, {
        side: i.side,
        name: i.name,
        category: i.category,
        tco: (prev?.tco ?? ZERO).plus(i.cash),
      });
    }
  const gates: GateResult[] = r.gates.map((g) => ({
    metric: g.name as GateMetric,
    bound: g.bound,
    level: g.level,
    limit: d(g.limit),
    actual: d(g.actual),
    relative: undefined,
    ok: g.ok ?? true,
    skipped: g.skipped,
    percentile: g.percentile ?? undefined,
    from: g.from,
  }));
  return {
    name: r.scenario.name,
    currency: r.scenario.currency,
    horizonMonths: r.scenario.horizonMonths,
    file,
    kind: "json",
    figures,
    items: [...items.values()],
    gates,
  };
}

/**
 * What `calc --format json` writes (report/json.ts ResultJson) must be what this reads back: a
 * change of a field this needs fails the type check here, not a user's baseline later.
 */
type Saved = z.input<ReturnType<typeof savedSchema>>;
export const writesWhatItReads: ResultJson extends Saved ? true : never = true;
