import { Decimal } from "./decimal.js";

/** The outcome of parsing one written quantity: a value, or what was expected instead. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

/** A plain decimal literal: digits, optional fraction, optional exponent. No separators. */
const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;

/** What the YAML reader hands over for a scalar: its source text (numbers included), or a boolean/null. */
export type Scalar = string | boolean | null;

/** Renders the offending value for an error message, without echoing more than a line of it. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") {
    const oneLine = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(oneLine);
  }
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

/** Beyond this a written number is a typo, not a quantity (a zettabyte is 1e21 bytes). */
const LARGEST = new Decimal("1e21");

function decimalOf(text: string): Decimal | undefined {
  const d = new Decimal(text);
  return d.isFinite() && d.abs().lessThan(LARGEST) ? d : undefined;
}

/** The limit again after a unit or suffix scaled the number (1e20T is 1e32, not below 1e21). */
const SCALED_OUT = "; with its unit the number is out of range (keep it below 1e21)";
const inRange = (d: Decimal) => d.abs().lessThan(LARGEST);

function rangeHint(text: string | undefined): string {
  return text !== undefined &&
    new RegExp(`^${NUMBER}`).test(text) &&
    !decimalOf(text.match(new RegExp(`^${NUMBER}`))?.[0] ?? "0")
    ? "; the number is out of range (keep it below 1e21)"
    : "";
}

function textOf(value: unknown): string | undefined {
  return typeof value === "string" ? value.trim() : undefined;
}

function separatorHint(text: string): string {
  if (/\d,\d{3}/.test(text)) return "; write numbers without thousands separators (1200000 or 1.2M)";
  if (/^\$/.test(text)) return "; drop the $ sign and write the currency code after the amount (100k USD)";
  return "";
}

// ---------------------------------------------------------------- plain numbers

/** A finite decimal number, e.g. `1.5` or `25`. */
export function parseNumber(value: unknown, what = "a number"): Parsed<Decimal> {
  const text = textOf(value);
  if (text !== undefined && new RegExp(`^${NUMBER}$`).test(text)) {
    const d = decimalOf(text);
    if (d) return ok(d);
  }
  return fail(
    `expected ${what}, got ${describeValue(value)}${text ? separatorHint(text) : ""}${rangeHint(text)}`,
  );
}

/** A whole number within [min, max]. */
export function parseInteger(value: unknown, min: number, max: number, what: string): Parsed<number> {
  const text = textOf(value);
  if (text !== undefined && /^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    if (Number.isSafeInteger(n) && n >= min && n <= max) return ok(n);
  }
  return fail(`expected ${what} (a whole number from ${min} to ${max}), got ${describeValue(value)}`);
}

// ---------------------------------------------------------------- money

export type Period = "mo" | "yr";

/** An amount of money as written: `600k`, `3.2M`, `1.5B EUR`, `120k/yr`. */
export interface MoneyText {
  amount: Decimal;
  currency: string | undefined;
  period: Period | undefined;
}

const SI_MONEY: Record<string, string> = { k: "1e3", K: "1e3", M: "1e6", B: "1e9", T: "1e12" };
const MONEY_RE = new RegExp(
  String.raw`^(${NUMBER})\s*([kKMBT])?\s*([A-Z]{3})?\s*(?:/\s*(mo|month|yr|year|y))?$`,
);

export const MONEY_EXAMPLES = "an amount of money such as 100k, 1.2M, 950 or 600k EUR";

/** Parses money with an optional SI suffix (k, M, B, T), ISO 4217 code and period (/mo, /yr). */
export function parseMoneyText(value: unknown): Parsed<MoneyText> {
  const text = textOf(value);
  const m = text === undefined ? null : MONEY_RE.exec(text);
  if (!text || !m) {
    let hint = text ? separatorHint(text) : "";
    if (text && /^[+-]?[\d.]+\s*m\b/.test(text)) hint = "; write millions with a capital M (3.2M)";
    if (text && /^[+-]?[\d.]+\s*(bn|mn|mm)\b/i.test(text)) hint = "; write millions as M and billions as B";
    return fail(`expected ${MONEY_EXAMPLES}, got ${describeValue(value)}${hint}`);
  }
  const [, num = "", suffix, currency, period] = m;
  let amount = decimalOf(num);
  if (!amount) return fail(`expected ${MONEY_EXAMPLES}, got ${describeValue(value)}${rangeHint(num)}`);
  if (suffix) amount = amount.times(SI_MONEY[suffix] ?? "1");
  if (!inRange(amount)) return fail(`expected ${MONEY_EXAMPLES}, got ${describeValue(value)}${SCALED_OUT}`);
  const p: Period | undefined =
    period === undefined ? undefined : period === "mo" || period === "month" ? "mo" : "yr";
  return ok({ amount, currency, period: p });
}

// ---------------------------------------------------------------- bytes and bandwidth

const BYTE_UNITS: Record<string, Decimal> = {
  B: new Decimal(1),
  kB: new Decimal(10).pow(3),
  MB: new Decimal(10).pow(6),
  GB: new Decimal(10).pow(9),
  TB: new Decimal(10).pow(12),
  PB: new Decimal(10).pow(15),
  EB: new Decimal(10).pow(18),
  KiB: new Decimal(2).pow(10),
  MiB: new Decimal(2).pow(20),
  GiB: new Decimal(2).pow(30),
  TiB: new Decimal(2).pow(40),
  PiB: new Decimal(2).pow(50),
  EiB: new Decimal(2).pow(60),
};

/** Bytes in one of the byte units (`GB` = 10^9 bytes, `GiB` = 2^30 bytes). */
export function bytesPerUnit(unit: string): Decimal | undefined {
  return Object.hasOwn(BYTE_UNITS, unit) ? BYTE_UNITS[unit] : undefined;
}

const BYTES_RE = new RegExp(String.raw`^(${NUMBER})\s*([A-Za-z]+)\s*(?:/\s*(mo|month))?$`);
export const BYTES_EXAMPLES = "a size such as 500 TB, 40 PB or 512 GiB";

/** Bytes: SI (kB … EB, powers of 1000) or binary (KiB … EiB, powers of 1024); `perMonth` allows `/mo`. */
export function parseBytes(value: unknown, perMonth = false): Parsed<Decimal> {
  const text = textOf(value);
  const m = text === undefined ? null : BYTES_RE.exec(text);
  const expected = perMonth ? "a volume per month such as 2 PB/mo or 300 TB/mo" : BYTES_EXAMPLES;
  if (!text || !m) return fail(`expected ${expected}, got ${describeValue(value)}`);
  const [, num = "", unit = "", period] = m;
  const factor = bytesPerUnit(unit);
  if (!factor) {
    let hint = "";
    if (unit === "KB") hint = "; write kB for 1000 bytes or KiB for 1024 bytes";
    else if (/^(bps|kbps|Kbps|Mbps|Gbps|Tbps)$/.test(unit))
      hint = `; ${unit} is a bandwidth (bits per second), not an amount of data`;
    else if (/^[kmgtpe]i?b$/i.test(unit))
      hint = `; units are case-sensitive: kB, MB, GB, TB, PB, EB or KiB, MiB, GiB, TiB, PiB, EiB`;
    return fail(`expected ${expected}, got ${describeValue(value)}${hint}`);
  }
  if (period && !perMonth)
    return fail(`expected ${expected} (an amount, not a rate), got ${describeValue(value)}`);
  if (!period && perMonth) return fail(`expected ${expected}: add /mo, got ${describeValue(value)}`);
  const n = decimalOf(num);
  if (!n) return fail(`expected a finite size, got ${describeValue(value)}`);
  if (!inRange(n.times(factor)))
    return fail(`expected ${expected}, got ${describeValue(value)}${SCALED_OUT}`);
  return ok(n.times(factor));
}

const BANDWIDTH_UNITS: Record<string, string> = {
  bps: "1",
  kbps: "1e3",
  Mbps: "1e6",
  Gbps: "1e9",
  Tbps: "1e12",
};
const BANDWIDTH_RE = new RegExp(String.raw`^(${NUMBER})\s*([A-Za-z]+)$`);

/** Bandwidth in bits per second: `100 Gbps`, `400 Mbps`. */
export function parseBandwidth(value: unknown): Parsed<Decimal> {
  const text = textOf(value);
  const m = text === undefined ? null : BANDWIDTH_RE.exec(text);
  const expected = "a bandwidth such as 100 Gbps or 400 Mbps";
  if (!text || !m) return fail(`expected ${expected}, got ${describeValue(value)}`);
  const [, num = "", unit = ""] = m;
  const factor = Object.hasOwn(BANDWIDTH_UNITS, unit) ? BANDWIDTH_UNITS[unit] : undefined;
  const n = decimalOf(num);
  if (!factor || !n) {
    const hint = bytesPerUnit(unit) ? `; ${unit} is an amount of data, not a bandwidth` : "";
    return fail(`expected ${expected}, got ${describeValue(value)}${hint}`);
  }
  if (!inRange(n.times(factor)))
    return fail(`expected ${expected}, got ${describeValue(value)}${SCALED_OUT}`);
  return ok(n.times(factor));
}

// ---------------------------------------------------------------- durations, percentages, growth

const DURATION_RE = new RegExp(String.raw`^(${NUMBER})\s*(mo|month|months|y|yr|yrs|year|years)$`);
export const DURATION_EXAMPLES = "a duration such as 18mo or 5y";

/** A duration in whole months: `18mo`, `5y`, `1.5y` (= 18 months). */
export function parseMonths(value: unknown): Parsed<number> {
  const text = textOf(value);
  const m = text === undefined ? null : DURATION_RE.exec(text);
  if (!text || !m) {
    const hint = text && /^\d+$/.test(text) ? `; add the unit: ${text}mo or ${text}y` : "";
    return fail(`expected ${DURATION_EXAMPLES}, got ${describeValue(value)}${hint}`);
  }
  const [, num = "", unit = ""] = m;
  const n = decimalOf(num);
  if (!n) return fail(`expected ${DURATION_EXAMPLES}, got ${describeValue(value)}`);
  const months = unit.startsWith("m") ? n : n.times(12);
  if (!months.isInteger())
    return fail(
      `expected a whole number of months, got ${describeValue(value)} (${months.toString()} months)`,
    );
  if (months.isNegative()) return fail(`expected a duration of zero or more, got ${describeValue(value)}`);
  if (months.greaterThan(Number.MAX_SAFE_INTEGER))
    return fail(`expected a sensible duration, got ${describeValue(value)}`);
  return ok(months.toNumber());
}

const PERCENT_RE = new RegExp(String.raw`^(${NUMBER})\s*%$`);

/** A percentage as a fraction: `20%` → 0.2. */
export function parsePercent(value: unknown): Parsed<Decimal> {
  const text = textOf(value);
  const m = text === undefined ? null : PERCENT_RE.exec(text);
  const n = m?.[1] === undefined ? undefined : decimalOf(m[1]);
  if (!n) {
    let hint = "";
    if (text && new RegExp(`^${NUMBER}$`).test(text)) {
      const asPct = new Decimal(text).times(100).toString();
      hint = `; write percentages with a % sign (did you mean ${asPct}%?)`;
    }
    return fail(`expected a percentage such as 20%, got ${describeValue(value)}${hint}`);
  }
  return ok(n.dividedBy(100));
}

const GROWTH_RE = new RegExp(String.raw`^(${NUMBER})\s*%\s*/\s*(yr|year|y)$`);

/** A yearly rate that compounds monthly: `15%/yr` → 0.15. */
export function parseYearlyRate(value: unknown): Parsed<Decimal> {
  const text = textOf(value);
  const m = text === undefined ? null : GROWTH_RE.exec(text);
  const n = m?.[1] === undefined ? undefined : decimalOf(m[1]);
  if (!n) {
    const hint = text && PERCENT_RE.test(text) ? `; say the period: ${text}/yr` : "";
    return fail(`expected a yearly rate such as 15%/yr or -10%/yr, got ${describeValue(value)}${hint}`);
  }
  const rate = n.dividedBy(100);
  if (rate.lessThanOrEqualTo(-1))
    return fail(`expected a yearly rate above -100%/yr, got ${describeValue(value)}`);
  return ok(rate);
}

/** A calendar month `YYYY-MM`. */
export function parseYearMonth(value: unknown): Parsed<{ year: number; month: number }> {
  const text = textOf(value);
  const m = text === undefined ? null : /^(\d{4})-(\d{2})$/.exec(text);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12)
    return fail(`expected a month such as 2027-01, got ${describeValue(value)}`);
  return ok({ year, month });
}

/** A calendar date `YYYY-MM-DD` (kept as text: it only labels data). */
export function parseDate(value: unknown): Parsed<string> {
  const text = textOf(value);
  const m = text === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[3]) < 1 || Number(m[3]) > 31)
    return fail(`expected a date such as 2026-11-01, got ${describeValue(value)}`);
  return ok(m[0]);
}

// ---------------------------------------------------------------- JSON Schema patterns

const BYTE_UNIT = "(?:B|kB|MB|GB|TB|PB|EB|KiB|MiB|GiB|TiB|PiB|EiB)";

/**
 * The written forms above as JSON Schema `pattern`s (ECMA-262), for editors that check scenario
 * files (`repatriate schema`). The parsers stay the authority; these only catch typos early.
 */
export const PATTERNS = {
  number: `^\\s*${NUMBER}\\s*$`,
  money: MONEY_RE.source,
  bytes: `^\\s*${NUMBER}\\s*${BYTE_UNIT}\\s*$`,
  bytesPerMonth: `^\\s*${NUMBER}\\s*${BYTE_UNIT}\\s*/\\s*(?:mo|month)\\s*$`,
  bandwidth: `^\\s*${NUMBER}\\s*(?:bps|kbps|Mbps|Gbps|Tbps)\\s*$`,
  duration: DURATION_RE.source,
  percent: PERCENT_RE.source,
  yearlyRate: GROWTH_RE.source,
  yearMonth: "^\\d{4}-(?:0[1-9]|1[0-2])$",
  date: "^\\d{4}-\\d{2}-\\d{2}$",
  currency: "^[A-Z]{3}$",
} as const;
