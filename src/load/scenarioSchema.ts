import * as z from "zod";
import { GATE_METRICS } from "../model/scenario.js";
import { Decimal } from "../units/decimal.js";
import {
  PATTERNS,
  type Parsed,
  parseBandwidth,
  parseInteger,
  parseMonths,
  parseNumber,
  parseYearlyRate,
  parseYearMonth,
} from "../units/quantity.js";
import {
  bool,
  bytesPerMonth,
  checked,
  currencyCode,
  gateLimit,
  json,
  leaf,
  list,
  type MoneyContext,
  mapping,
  money,
  months,
  name,
  nonNegativeNumber,
  percent,
  prose,
  storedBytes,
  text,
  withJson,
  yearlyRate,
} from "./fields.js";

/** The longest horizon the model accepts: 50 years of months. */
export const MAX_HORIZON_MONTHS = 600;

const ZERO_PCT = new Decimal(0);
const FULL = new Decimal(1);

const monthNumber = (what: string) =>
  leaf((v) => parseInteger(v, 1, 100_000, what), {
    type: ["integer", "string"],
    pattern: "^\\s*\\d+\\s*$",
    minimum: 1,
  });

/** The first pass reads only what is needed to convert money: the currency and the fx rates. */
export const moneyHeaderSchema = z.looseObject({
  currency: currencyCode,
  fx: z
    .record(
      z.string(),
      leaf(
        checked(
          (v) => parseNumber(v, "an exchange rate"),
          (d) => (d.greaterThan(0) ? undefined : "expected a rate greater than zero"),
        ),
        json.number,
      ),
      {
        error: (i) =>
          i.code === "invalid_type"
            ? "expected a mapping of currency codes to rates, such as { EUR: 1.08 }"
            : undefined,
      },
    )
    .optional(),
});

const strategy = leaf(
  (v): Parsed<"full" | "hybrid"> =>
    v === "full" || v === "hybrid"
      ? { ok: true, value: v }
      : {
          ok: false,
          problem: `expected full or hybrid, got ${typeof v === "string" ? JSON.stringify(v) : String(v)}`,
        },
  { type: "string", enum: ["full", "hybrid"] },
);

const financingTerms = mapping(
  {
    rate: leaf(
      checked(parseYearlyRate, (r) =>
        r.isNegative() ? "expected an interest rate of 0%/yr or more" : undefined,
      ),
      { type: "string", pattern: PATTERNS.yearlyRate },
    ),
    term: months("a term", 1),
  },
  "terms such as { rate: 6%/yr, term: 36mo }",
);
/** A loan or an operating lease instead of paying cash (MODEL.md §8). */
const financing = mapping(
  { loan: financingTerms.optional(), lease: financingTerms.optional() },
  "financing such as { loan: { rate: 6%/yr, term: 36mo } } or { lease: { rate: 6%/yr, term: 36mo } }",
);

/** The scenario format, version 1. Money is converted to the scenario's currency as it is read. */
export function scenarioSchema(ctx: MoneyContext) {
  const item = mapping(
    {
      name: name("an item name"),
      category: text("a category").optional(),
      monthly: money(ctx, "mo").optional(),
      yearly: money(ctx, "yr").optional(),
      capex: money(ctx, "once").optional(),
      lifetime: months("a lifetime", 1).optional(),
      month: monthNumber("a purchase month").optional(),
      refresh: bool.optional(),
      from: monthNumber("a first month").optional(),
      to: monthNumber("a last month").optional(),
      growth: yearlyRate.optional(),
      salvage: percent(ZERO_PCT, FULL).optional(),
      financing: financing.optional(),
      source: prose.optional(),
      notes: prose.optional(),
    },
    "an item with a name and one of monthly, yearly or capex",
  );
  const items = list(item, "items").optional();

  const boundKeys = {
    min: gateLimit.optional(),
    max: gateLimit.optional(),
    maxIncreasePct: gateLimit.optional(),
    maxDecreasePct: gateLimit.optional(),
  };
  const percentileBounds = mapping(
    { min: gateLimit.optional(), max: gateLimit.optional() },
    "a bound on a simulated percentile, such as { max: 30 }",
  ).optional();
  const bounds = mapping(
    {
      ...boundKeys,
      warn: mapping(boundKeys, "warning bounds such as { max: 18 }").optional(),
      p10: percentileBounds,
      p50: percentileBounds,
      p90: percentileBounds,
    },
    "a gate such as { max: 24 }, { min: 10, warn: { min: 20 } } or { maxIncreasePct: 5 }",
  );
  const gates = mapping(
    Object.fromEntries(GATE_METRICS.map((m) => [m, bounds.optional()])) as Record<
      (typeof GATE_METRICS)[number],
      z.ZodOptional<typeof bounds>
    >,
    "gates such as breakEvenMonths: { max: 24 }",
  );

  return mapping(
    {
      version: leaf(
        (v): Parsed<1> =>
          v === "1"
            ? { ok: true, value: 1 }
            : {
                ok: false,
                problem: `expected version 1 (the only scenario format so far), got ${String(v)}`,
              },
        { type: ["integer", "string"], enum: [1, "1"] },
      ),
      name: text("a scenario name"),
      description: prose.optional(),
      currency: currencyCode,
      start: leaf(parseYearMonth, { type: "string", pattern: PATTERNS.yearMonth }).optional(),
      horizon: leaf(
        checked(parseMonths, (n) =>
          n < 1 || n > MAX_HORIZON_MONTHS
            ? `expected a horizon from 1 month to ${MAX_HORIZON_MONTHS / 12} years (${MAX_HORIZON_MONTHS}mo), got ${n} months`
            : undefined,
        ),
        { type: "string", pattern: PATTERNS.duration, "x-rangeable": true },
      ),
      fx: withJson(z.unknown(), {
        type: "object",
        propertyNames: { pattern: PATTERNS.currency },
        additionalProperties: json.number,
      }).optional(),
      business: mapping(
        {
          revenue: money(ctx, "any"),
          revenueGrowth: yearlyRate.optional(),
          netProfit: money(ctx, "any", "any").optional(),
          netProfitGrowth: yearlyRate.optional(),
          taxRate: percent(ZERO_PCT, FULL, { maxExclusive: true }),
          peMultiple: nonNegativeNumber("a P/E multiple").optional(),
          valuation: mapping(
            {
              multiple: nonNegativeNumber("a valuation multiple"),
              of: leaf(
                (v): Parsed<"grossProfit" | "netProfit" | "ebitda"> =>
                  v === "grossProfit" || v === "netProfit" || v === "ebitda"
                    ? { ok: true, value: v }
                    : {
                        ok: false,
                        problem: `expected grossProfit (pre-tax), netProfit (after tax) or ebitda, got ${JSON.stringify(v)}`,
                      },
                { type: "string", enum: ["grossProfit", "netProfit", "ebitda"] },
              ),
            },
            "a valuation such as { multiple: 10, of: grossProfit }",
          ).optional(),
          discountRate: percent(ZERO_PCT, FULL).optional(),
        },
        "business figures such as revenue: 10M/yr, taxRate: 25%",
      ).optional(),
      workload: mapping(
        {
          compute: mapping(
            { vcpu: nonNegativeNumber("a number of vCPUs"), growth: yearlyRate.optional() },
            "compute demand such as { vcpu: 2000, growth: 15%/yr }",
          ).optional(),
          storage: mapping(
            { stored: storedBytes, growth: yearlyRate.optional() },
            "stored data such as { stored: 40 PB, growth: 30%/yr }",
          ).optional(),
          egress: mapping(
            {
              volume: bytesPerMonth,
              growth: yearlyRate.optional(),
              peakToAverage: nonNegativeNumber("a peak-to-average ratio").optional(),
            },
            "internet egress such as { volume: 2 PB/mo, growth: 20%/yr }",
          ).optional(),
          gpu: mapping(
            { count: nonNegativeNumber("a number of GPUs"), growth: yearlyRate.optional() },
            "GPU demand such as { count: 256, growth: 30%/yr } (GPUs busy on average)",
          ).optional(),
          surges: list(
            mapping(
              {
                name: text("a surge name"),
                month: monthNumber("the first month of the surge"),
                duration: months("a duration", 1),
                extra: percent(ZERO_PCT, new Decimal(100), { minExclusive: true }),
              },
              "a surge such as { name: New users, month: 13, duration: 3mo, extra: 40% }",
            ),
            "surges",
          ).optional(),
        },
        "a workload with compute, storage, egress and/or gpu",
      ).optional(),
      rent: mapping(
        {
          catalog: text("a catalog name or path").optional(),
          prices: withJson(z.unknown(), { type: "object" }).optional(),
          discount: z
            .union([
              percent(ZERO_PCT, FULL, { maxExclusive: true }),
              mapping(
                {
                  compute: percent(ZERO_PCT, FULL, { maxExclusive: true }).optional(),
                  storage: percent(ZERO_PCT, FULL, { maxExclusive: true }).optional(),
                  egress: percent(ZERO_PCT, FULL, { maxExclusive: true }).optional(),
                  gpu: percent(ZERO_PCT, FULL, { maxExclusive: true }).optional(),
                },
                "discounts per component such as { compute: 25%, storage: 20%, egress: 50% }",
              ),
            ])
            .optional(),
          support: text("a support plan name").optional(),
          commitment: text("a commitment level named in the catalog").optional(),
          egressBilling: leaf(
            (v): Parsed<"traffic" | "bandwidth"> =>
              v === "traffic" || v === "bandwidth"
                ? { ok: true, value: v }
                : {
                    ok: false,
                    problem: `expected traffic (per GB) or bandwidth (per Mbps-month), got ${JSON.stringify(v)}`,
                  },
            { type: "string", enum: ["traffic", "bandwidth"] },
          ).optional(),
          priceTrend: yearlyRate.optional(),
          items,
          notes: prose.optional(),
        },
        "the rent side: a catalog and/or items",
      ),
      own: mapping(
        {
          catalog: text("a catalog name or path").optional(),
          prices: withJson(z.unknown(), { type: "object" }).optional(),
          strategy: strategy.optional(),
          baseline: mapping(
            {
              share: percent(ZERO_PCT, new Decimal(10)).optional(),
              percentile: leaf(
                checked(
                  (v) => parseNumber(v, "a percentile"),
                  (d) =>
                    d.lt(0) || d.gt(100)
                      ? `expected a percentile from 0 to 100, got ${d.toString()}`
                      : undefined,
                ),
                json.number,
              ).optional(),
            },
            "a baseline such as { share: 70% } or { percentile: 50 }",
          ).optional(),
          server: text("a server model named in own.catalog").optional(),
          storageNode: text("a storage node model named in own.catalog").optional(),
          gpuServer: text("a GPU server model named in own.catalog").optional(),
          utilization: percent(ZERO_PCT, FULL, { minExclusive: true }).optional(),
          gpuUtilization: percent(ZERO_PCT, FULL, { minExclusive: true }).optional(),
          residual: leaf(
            (v): Parsed<"none" | "book"> =>
              v === "none" || v === "book"
                ? { ok: true, value: v }
                : {
                    ok: false,
                    problem: `expected none or book (credit the undepreciated book value at the end), got ${JSON.stringify(v)}`,
                  },
            { type: "string", enum: ["none", "book"] },
          ).optional(),
          redundancy: leaf(
            checked(
              (v) => parseNumber(v, "a redundancy factor"),
              (d) =>
                d.greaterThanOrEqualTo(1)
                  ? undefined
                  : `expected raw bytes per stored byte of 1 or more (erasure coding 1.5, three replicas 3), got ${d.toString()}`,
            ),
            json.number,
          ).optional(),
          fillRatio: percent(ZERO_PCT, FULL, { minExclusive: true }).optional(),
          lifetime: months("a lifetime", 1).optional(),
          leadTime: months("a lead time", 0).optional(),
          refresh: bool.optional(),
          financing: financing.optional(),
          staff: mapping(
            { fte: nonNegativeNumber("a number of FTE"), costPerFte: money(ctx, "any") },
            "staff such as { fte: 4, costPerFte: 180k/yr }",
          ).optional(),
          items,
          notes: prose.optional(),
        },
        "the own side: a catalog and/or items",
      ),
      migration: mapping(
        {
          start: monthNumber("the month the move starts").optional(),
          data: storedBytes.optional(),
          link: leaf(
            checked(parseBandwidth, (b) =>
              b.greaterThan(0) ? undefined : "expected a link faster than 0 bps",
            ),
            { type: "string", pattern: PATTERNS.bandwidth, "x-rangeable": true },
          ).optional(),
          duration: months("a duration", 1).optional(),
          // true, false, or the months from the start during which egress is waived (6mo).
          egressWaiver: leaf(
            (v): Parsed<boolean | number> => {
              if (v === true || v === "true" || v === false || v === "false")
                return { ok: true, value: v === true || v === "true" };
              const window = parseMonths(v);
              return window.ok
                ? window
                : {
                    ok: false,
                    problem: `expected true, false or a waiver window such as 6mo, got ${JSON.stringify(v)}`,
                  };
            },
            { anyOf: [{ type: "boolean" }, { type: "string", pattern: PATTERNS.duration }] },
          ).optional(),
          items,
          commitments: list(
            mapping(
              {
                name: text("a commitment name"),
                monthly: money(ctx, "mo").optional(),
                yearly: money(ctx, "yr").optional(),
                from: monthNumber("a first month").optional(),
                until: monthNumber("the last month billed").optional(),
                schedule: list(
                  mapping(
                    {
                      monthly: money(ctx, "mo").optional(),
                      yearly: money(ctx, "yr").optional(),
                      until: monthNumber("the last month billed at this amount"),
                    },
                    "a step such as { monthly: 200k, until: 12 }",
                  ),
                  "steps",
                ).optional(),
                notes: prose.optional(),
              },
              "a commitment such as { name: Savings plan, monthly: 200k, until: 24 }, or one that rolls off: { name: Savings plan, schedule: [{ monthly: 200k, until: 12 }, { monthly: 100k, until: 24 }] }",
            ),
            "commitments",
          ).optional(),
          notes: prose.optional(),
        },
        "a migration such as { link: 100 Gbps, duration: 12mo }",
      ).optional(),
      gates: gates.optional(),
    },
    "a scenario",
  );
}

export type ScenarioInput = z.output<ReturnType<typeof scenarioSchema>>;
export type ItemInput = NonNullable<ScenarioInput["rent"]["items"]>[number];
