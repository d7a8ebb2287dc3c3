import * as z from "zod";
import { Decimal } from "../units/decimal.js";
import {
  describeValue,
  PATTERNS,
  type Parsed,
  parseBytes,
  parseMoneyText,
  parseMonths,
  parseNumber,
  parsePercent,
  parseYearlyRate,
} from "../units/quantity.js";

// A run parses a few small files with schemas built for them: compiling each object schema to a
// function (zod's JIT) would cost more than it saves, so zod interprets.
z.config({ jitless: true });

/**
 * zod building blocks whose messages speak the user's language. Every leaf takes `unknown` and
 * does its own checking, so a list where an amount belongs still reads "expected an amount…".
 */

/** A JSON Schema fragment describing what a leaf accepts as written (for `repatriate schema`). */
export type LeafJson = Record<string, unknown>;

export const json = {
  number: { type: ["number", "string"], pattern: PATTERNS.number, "x-rangeable": true },
  money: { type: ["number", "string"], pattern: PATTERNS.money, "x-rangeable": true },
  text: { type: "string", minLength: 1 },
  prose: { type: "string" },
  boolean: { type: "boolean" },
} satisfies Record<string, LeafJson>;

/** A leaf field parsed by one of the unit parsers; `schema` says what it accepts in JSON Schema terms. */
export function leaf<T>(parse: (value: unknown) => Parsed<T>, schema: LeafJson = {}) {
  return withJson(z.unknown(), schema).transform((value, ctx): T => {
    const r = parse(value);
    if (r.ok) return r.value;
    const message = value === undefined ? `missing; ${r.problem.replace(/, got nothing$/, "")}` : r.problem;
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  });
}

/** Attaches the JSON Schema fragment a schema export uses for this input. */
export function withJson<S extends z.ZodType>(schema: S, fragment: LeafJson): S {
  return Object.keys(fragment).length === 0 ? schema : schema.meta({ jsonSchema: fragment });
}

/** Chains a check onto a parser: `check` returns a problem or undefined. */
export function checked<T>(
  parse: (v: unknown) => Parsed<T>,
  check: (v: T, raw: unknown) => string | undefined,
) {
  return (value: unknown): Parsed<T> => {
    const r = parse(value);
    if (!r.ok) return r;
    const problem = check(r.value, value);
    return problem ? { ok: false, problem } : r;
  };
}

/** A mapping with exactly these keys; `what` names it in messages ("a scenario item"). */
export function mapping<S extends z.core.$ZodLooseShape>(shape: S, what: string) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "invalid_type")
        return issue.input === undefined
          ? `missing; expected ${what}`
          : `expected ${what} (keys such as ${allowed.slice(0, 3).join(", ")}), got ${describeValue(issue.input)}`;
      return undefined;
    },
  });
}

/** A list of `item`s. */
export function list<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, {
    error: (issue) =>
      issue.code === "invalid_type"
        ? `expected a list of ${what} (lines starting with "- "), got ${describeValue(issue.input)}`
        : undefined,
  });
}

/** A non-empty line of text. */
export const text = (what: string) =>
  leaf(
    (v): Parsed<string> =>
      typeof v === "string" && v.trim() !== "" && !v.includes("\n")
        ? { ok: true, value: v.trim() }
        : { ok: false, problem: `expected ${what} as one line of text, got ${describeValue(v)}` },
    json.text,
  );

/** A non-empty name that may hold any characters, line breaks included (item names reach CSV and reports escaped). */
export const name = (what: string) =>
  leaf(
    (v): Parsed<string> =>
      typeof v === "string" && v.trim() !== ""
        ? { ok: true, value: v.trim() }
        : { ok: false, problem: `expected ${what}, got ${describeValue(v)}` },
    json.text,
  );

/** Free text that may span lines (notes, descriptions). */
export const prose = leaf(
  (v): Parsed<string> =>
    typeof v === "string"
      ? { ok: true, value: v }
      : { ok: false, problem: `expected text, got ${describeValue(v)}` },
  json.prose,
);

export const bool = leaf(
  (v): Parsed<boolean> =>
    typeof v === "boolean"
      ? { ok: true, value: v }
      : { ok: false, problem: `expected true or false, got ${describeValue(v)}` },
  json.boolean,
);

/** An ISO 4217 currency code. */
export const currencyCode = leaf(
  (v): Parsed<string> =>
    typeof v === "string" && /^[A-Z]{3}$/.test(v.trim())
      ? { ok: true, value: v.trim() }
      : {
          ok: false,
          problem: `expected a three-letter ISO 4217 currency code such as USD, EUR or CNY, got ${describeValue(v)}`,
        },
  { type: "string", pattern: PATTERNS.currency },
);

const positive = (what: string) => (d: Decimal) =>
  d.greaterThan(0) ? undefined : `expected ${what} greater than zero, got ${d.toString()}`;
const nonNegative = (what: string) => (d: Decimal) =>
  d.isNegative() ? `expected ${what} of zero or more, got ${d.toString()}` : undefined;

/** A plain number greater than zero (a ratio, a count of vCPUs, watts …). */
export const positiveNumber = (what: string) =>
  leaf(
    checked((v) => parseNumber(v, what), positive(what)),
    json.number,
  );
export const nonNegativeNumber = (what: string) =>
  leaf(
    checked((v) => parseNumber(v, what), nonNegative(what)),
    json.number,
  );

/** A percentage within [min, max] (as fractions), e.g. utilisation in (0, 100%]. */
export function percent(
  min: Decimal,
  max: Decimal,
  opts: { minExclusive?: boolean; maxExclusive?: boolean } = {},
) {
  const fmt = (d: Decimal) => `${d.times(100).toString()}%`;
  return leaf(
    checked(parsePercent, (p) => {
      const low = opts.minExclusive ? p.lessThanOrEqualTo(min) : p.lessThan(min);
      const high = opts.maxExclusive ? p.greaterThanOrEqualTo(max) : p.greaterThan(max);
      if (!low && !high) return undefined;
      const range = `${opts.minExclusive ? "above" : "of at least"} ${fmt(min)} and ${opts.maxExclusive ? "below" : "at most"} ${fmt(max)}`;
      return `expected a percentage ${range}, got ${fmt(p)}`;
    }),
    { type: "string", pattern: PATTERNS.percent, "x-rangeable": true },
  );
}

export const yearlyRate = leaf(parseYearlyRate, {
  type: "string",
  pattern: PATTERNS.yearlyRate,
  "x-rangeable": true,
});
export const months = (what: string, min = 0) =>
  leaf(
    checked(parseMonths, (n) =>
      n < min ? `expected ${what} of at least ${min} month${min === 1 ? "" : "s"}, got ${n}` : undefined,
    ),
    { type: "string", pattern: PATTERNS.duration, "x-rangeable": true },
  );
export const bytes = (what: string) =>
  leaf(
    checked(
      (v) => parseBytes(v),
      (b) => positive(what)(b),
    ),
    { type: "string", pattern: PATTERNS.bytes, "x-rangeable": true },
  );
export const bytesPerMonth = leaf(
  checked((v) => parseBytes(v, true), nonNegative("a volume")),
  {
    type: "string",
    pattern: PATTERNS.bytesPerMonth,
    "x-rangeable": true,
  },
);
export const storedBytes = leaf(
  checked((v) => parseBytes(v), nonNegative("an amount of data")),
  {
    type: "string",
    pattern: PATTERNS.bytes,
    "x-rangeable": true,
  },
);

// ---------------------------------------------------------------- money

/** How amounts written in one file become amounts in the scenario's currency. */
export interface MoneyContext {
  /** The currency of amounts written without a code (the scenario's, or a catalog's). */
  defaultCurrency: string;
  /** Units of the scenario currency per unit of `code`; undefined when there is no rate. */
  rate(code: string): Decimal | undefined;
  scenarioCurrency: string;
}

/**
 * Money in the scenario's currency. `period` says what the field measures: `"once"` (capex,
 * prices), `"mo"`/`"yr"` (a monthly or yearly key: another period is an error), or `"any"`
 * (a period must be written; the result is per month).
 */
export function money(
  ctx: MoneyContext,
  period: "once" | "mo" | "yr" | "any",
  sign: "nonNegative" | "positive" | "any" = "nonNegative",
) {
  return leaf((value): Parsed<Decimal> => {
    const r = parseMoneyText(value);
    if (!r.ok) return r;
    const { amount, currency, period: written } = r.value;
    if (sign !== "any" && amount.isNegative())
      return {
        ok: false,
        problem: `expected an amount of zero or more, got ${describeValue(value)} (costs are positive numbers)`,
      };
    if (sign === "positive" && amount.isZero())
      return { ok: false, problem: `expected an amount greater than zero, got ${describeValue(value)}` };
    const code = currency ?? ctx.defaultCurrency;
    const rate = code === ctx.scenarioCurrency ? new Decimal(1) : ctx.rate(code);
    if (!rate)
      return {
        ok: false,
        problem: `${describeValue(value)} is in ${code} but the scenario reports in ${ctx.scenarioCurrency} and has no rate for it; add \`fx: { ${code}: <${ctx.scenarioCurrency} per ${code}> }\` to the scenario`,
      };
    const inScenario = amount.times(rate);
    if (period === "once") {
      if (written)
        return {
          ok: false,
          problem: `expected a one-off amount, got ${describeValue(value)}; drop the /${written}`,
        };
      return { ok: true, value: inScenario };
    }
    if (period === "any") {
      if (!written) {
        const t = String(value).trim();
        return {
          ok: false,
          problem: `expected an amount per period, got ${describeValue(value)}; say which: ${t}/yr or ${t}/mo`,
        };
      }
      return { ok: true, value: written === "yr" ? inScenario.dividedBy(12) : inScenario };
    }
    if (written && written !== period) {
      const other = period === "mo" ? "yearly" : "monthly";
      return {
        ok: false,
        problem: `this key takes an amount per ${period === "mo" ? "month" : "year"}; for ${describeValue(value)} use \`${other}:\``,
      };
    }
    return { ok: true, value: inScenario };
  }, json.money);
}

/** A gate's limit: a number, optionally with an SI suffix (2.5M) or a % sign (10%). */
export const gateLimit = leaf(
  (value): Parsed<Decimal> => {
    const textValue = typeof value === "string" ? value.trim().replace(/%$/, "") : value;
    const r = parseMoneyText(textValue);
    if (r.ok && !r.value.currency && !r.value.period) return { ok: true, value: r.value.amount };
    return { ok: false, problem: `expected a number such as 24, 10%, or 2.5M, got ${describeValue(value)}` };
  },
  { type: ["number", "string"], pattern: "^\\s*[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)\\s*[kKMBT]?\\s*%?\\s*$" },
);
