import { Decimal, ONE, ZERO } from "../units/decimal.js";
import { trendFactor, WHOLE_UNIT_TOLERANCE } from "../units/growth.js";

/**
 * The arithmetic the one model (engine/model.ts) runs over: exact decimals for every figure a
 * person reads (calc, report, explain, diff), binary floats for the thousands of runs of a
 * simulation. The formulas are written once, against this interface.
 */
export interface Arith<V> {
  readonly zero: V;
  readonly one: V;
  /** A constant (8 bits a byte, 730 hours a month) or a count. */
  of(n: number): V;
  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  mul(a: V, b: V): V;
  div(a: V, b: V): V;
  max(a: V, b: V): V;
  min(a: V, b: V): V;
  cmp(a: V, b: V): number;
  isZero(a: V): boolean;
  isNegative(a: V): boolean;
  /** (1+t)^((m−1)/12): exact at whole years in both modes (docs/model.md, "Growth"). */
  trend(t: V, month: number): V;
  /** Units of `capacity` needed for `demand`: ceil(demand / capacity) by the whole-unit rule. */
  whole(demand: V, capacity: V): V;
  /** Rounded half-even to the cent (docs/model.md, "Cents"). */
  cents(a: V): V;
  floor(a: V): V;
  num(a: V): number;
}

export const exact: Arith<Decimal> = {
  zero: ZERO,
  one: ONE,
  of: (n) => new Decimal(n),
  add: (a, b) => a.plus(b),
  sub: (a, b) => a.minus(b),
  mul: (a, b) => a.times(b),
  div: (a, b) => a.dividedBy(b),
  max: (a, b) => (a.greaterThanOrEqualTo(b) ? a : b),
  min: (a, b) => (a.lessThanOrEqualTo(b) ? a : b),
  cmp: (a, b) => a.comparedTo(b),
  isZero: (a) => a.isZero(),
  isNegative: (a) => a.isNegative() && !a.isZero(),
  trend: trendFactor,
  whole(demand, capacity) {
    const q = demand.dividedBy(capacity);
    const nearest = q.toDecimalPlaces(0, Decimal.ROUND_HALF_EVEN);
    const near = q.minus(nearest).abs().lte(Decimal.max(ONE, q.abs()).times(WHOLE_UNIT_TOLERANCE));
    return near ? nearest : q.ceil();
  },
  // First to 20 decimal places: below them are only the traces of dividing by 12 or taking a
  // 12th root at 40 digits (six months of 3,498.55 / 12 add up to 1,749.27499…9, not 1,749.275).
  cents: (a) => a.toDecimalPlaces(20, Decimal.ROUND_HALF_EVEN).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN),
  floor: (a) => a.floor(),
  num: (a) => a.toNumber(),
};

/**
 * A float this close (relative) to a half cent stands for an exact half cent, and rounds half-even
 * like the decimal one: binary floats carry about 16 digits, so 10⁻¹³ leaves room for the error
 * a monthly model accumulates and is far below any price's own precision.
 */
const TIE = 1e-14;

/** Factor tables of the last few trends: a run asks each of its trends for every month in turn. */
const tables: { t: number; factors: number[] }[] = [];
let nextTable = 0;

/**
 * (1+t)^((m−1)/12) in floats, as the decimal one: whole years are whole powers (month 13 of 25%/yr
 * is exactly 1.25), the months between them take the monthly step (1+t)^(1/12).
 */
function floatTrend(t: number, month: number): number {
  if (t === 0) return 1;
  let table: { t: number; factors: number[] } | undefined;
  for (const x of tables) if (x.t === t) table = x;
  if (!table) {
    table = { t, factors: [1] };
    tables[nextTable] = table;
    nextTable = (nextTable + 1) % 8;
  }
  const f = table.factors;
  if (f.length <= month) {
    const step = (1 + t) ** (1 / 12);
    for (let m = f.length + 1; m <= month; m++)
      f.push((m - 1) % 12 === 0 ? (1 + t) ** ((m - 1) / 12) : (f[m - 2] as number) * step);
  }
  return f[month - 1] as number;
}

export const float: Arith<number> = {
  zero: 0,
  one: 1,
  of: (n) => n,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  max: (a, b) => (a >= b ? a : b),
  min: (a, b) => (a <= b ? a : b),
  cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  isZero: (a) => a === 0,
  isNegative: (a) => a < 0,
  trend: floatTrend,
  whole(demand, capacity) {
    const q = demand / capacity;
    const nearest = Math.round(q);
    return Math.abs(q - nearest) <= Math.max(1, Math.abs(q)) * WHOLE_UNIT_TOLERANCE ? nearest : Math.ceil(q);
  },
  cents(a) {
    const c = a * 100;
    const below = Math.floor(c);
    const tie = Math.abs(c - below - 0.5) <= Math.abs(c) * TIE;
    const n = tie ? (below % 2 === 0 ? below : below + 1) : Math.round(c);
    return n / 100;
  },
  floor: Math.floor,
  num: (a) => a,
};

/** A scenario type with every decimal replaced by V: the float scenario a simulation samples. */
export type Over<T, V> = T extends Decimal
  ? V
  : T extends readonly (infer U)[]
    ? Over<U, V>[]
    : T extends object
      ? { [K in keyof T]: Over<T[K], V> }
      : T;

/** A plain copy with every decimal as a float (JSON-safe: it crosses into worker threads). */
export function toFloat<T>(value: T): Over<T, number> {
  const walk = (v: unknown): unknown => {
    if (v instanceof Decimal) return v.toNumber();
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as Over<T, number>;
}

/** Sum (0 for none). */
export function total<V>(A: Arith<V>, values: readonly V[]): V {
  let s = A.zero;
  for (const v of values) s = A.add(s, v);
  return s;
}
