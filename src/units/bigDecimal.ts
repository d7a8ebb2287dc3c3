import { Decimal as DecimalJs } from "decimal.js";

/**
 * The project's exact decimal: decimal.js's semantics at 40 significant digits, half-even — the
 * same results to the last digit — with the four operations, rounding, comparison and printing
 * done on native BigInts. decimal.js does them digit-word by digit-word in JavaScript, which is
 * what a one-off CLI run spends most of its time on while V8 is still interpreting (about 1 µs per
 * operation cold, against a few hundredths for a BigInt). Everything rarer — powers, roots,
 * exponential notation, NaN and ±Infinity (division by zero) — is handed to decimal.js configured
 * the same way, so it stays decimal.js's answer too. Only what the project calls is here.
 * test/bigDecimal.test.ts checks every operation against decimal.js on random operands.
 *
 * A finite value is s × c × 10^e with s = ±1 and c ≥ 0; c may end in zeros (they are looked through
 * when printing). Zero is c = 0, e = 0 and keeps its sign, as in decimal.js and IEEE 754.
 */

export const PRECISION = 40;
const TO_EXP_NEG = -30;
const TO_EXP_POS = 40;
const HALF_EVEN = 6;

/** decimal.js configured like this class: the reference for every operation done here, and the fallback. */
export const DecimalJsRef = DecimalJs.clone({
  precision: PRECISION,
  rounding: HALF_EVEN,
  toExpNeg: TO_EXP_NEG,
  toExpPos: TO_EXP_POS,
});
type Js = InstanceType<typeof DecimalJsRef>;
type Rounding = DecimalJs.Rounding;

export type DecimalValue = Decimal | string | number | bigint;

const P10: bigint[] = [1n];
function pow10(k: number): bigint {
  const known = P10[k];
  if (known !== undefined) return known;
  for (let i = P10.length; i <= k; i++) P10.push((P10[i - 1] as bigint) * 10n);
  return P10[k] as bigint;
}
pow10(100);
const LIMIT = pow10(PRECISION); // a coefficient below this has at most 40 digits
/** 5 × 10^i for i = 0 … 99: half of 10^(i+1), for rounding. */
const HALVES: bigint[] = P10.slice(0, 100).map((p) => 5n * p);

/** Exponent differences beyond this go to decimal.js (no real scenario comes near). */
const MAX_ALIGN = 400;

const RAW = Symbol("raw");
const NUMBER = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/** How many digits c (≥ 0) has: from its float value's logarithm, corrected against exact powers of ten. */
function digits(c: bigint): number {
  const n = Number(c);
  if (n === Number.POSITIVE_INFINITY) return c.toString().length;
  let d = n < 1 ? 1 : Math.floor(Math.log10(n)) + 1;
  // The table is read directly (no call) for the sizes this meets; pow10 extends it beyond.
  while (d > 1 && c < (P10[d - 1] ?? pow10(d - 1))) d--;
  while (c >= (P10[d] ?? pow10(d))) d++;
  return d;
}

/** Rounds (neg, c, e) so that its exponent is at least `target`, by mode `rm` (decimal.js's 0–8). */
function roundAt(neg: boolean, c: bigint, e: number, target: number, rm: number): Decimal {
  if (e >= target) return make(neg, c, e);
  const k = target - e;
  let q: bigint;
  let half: number; // -1 below half, 0 exactly half, 1 above half; with `exact` for no remainder
  let exact: boolean;
  if (k > 60 && k > 2 + digits(c)) {
    q = 0n;
    exact = c === 0n;
    half = -1;
  } else {
    const p = P10[k] ?? pow10(k);
    q = c / p;
    const r = c - q * p;
    exact = r === 0n;
    // Half of 10^k is 5 × 10^(k−1) (k ≥ 1 here).
    const h = HALVES[k - 1] ?? 5n * pow10(k - 1);
    half = r < h ? -1 : r === h ? 0 : 1;
  }
  let up = false;
  if (!exact)
    switch (rm) {
      case 0:
        up = true;
        break;
      case 1:
        break;
      case 2:
        up = !neg;
        break;
      case 3:
        up = neg;
        break;
      case 4:
        up = half >= 0;
        break;
      case 5:
        up = half > 0;
        break;
      case 6:
        up = half > 0 || (half === 0 && (q & 1n) === 1n);
        break;
      case 7:
        up = half > 0 || (half === 0 && !neg);
        break;
      case 8:
        up = half > 0 || (half === 0 && neg);
        break;
      default:
        throw new Error(`rounding mode ${rm}`);
    }
  return make(neg, up ? q + 1n : q, target);
}

/** Rounds to 40 significant digits, half-even (decimal.js's `finalise(x, precision, rounding)`). */
function toPrecision(neg: boolean, c: bigint, e: number): Decimal {
  if (c < LIMIT) return make(neg, c, e);
  return roundAt(neg, c, e, e + digits(c) - PRECISION, HALF_EVEN);
}

/**
 * A finite value from its parts. Trailing zeros stay in c (dropping them costs a division per
 * operation); printing and isInteger look through them.
 */
function make(neg: boolean, c: bigint, e: number): Decimal {
  const d = new Decimal(RAW);
  d.s = neg ? -1 : 1;
  if (c !== 0n) {
    d.c = c;
    d.e = e;
  }
  return d;
}

/** c and e with c's trailing zeros moved into e (the form decimal.js keeps). */
function stripped(c: bigint, e: number): [string, number] {
  const str = c.toString();
  let end = str.length;
  while (end > 1 && str.charCodeAt(end - 1) === 48) end--;
  return [str.slice(0, end), e + str.length - end];
}

function fromJs(j: Js): Decimal {
  if (!j.isFinite()) {
    const d = new Decimal(RAW);
    d.x = j;
    d.s = j.isNeg() ? -1 : 1;
    return d;
  }
  const d = new Decimal(j.toString());
  if (j.isNeg()) d.s = -1;
  return d;
}

/** ⌊N^(1/n)⌋ for N ≥ 0: Newton's method on integers, from above (it only goes down until it stops). */
function iroot(N: bigint, n: 2 | 3): bigint {
  if (N < 2n) return N;
  const nb = BigInt(n);
  let x = pow10(Math.ceil(digits(N) / n)); // 10^⌈d/n⌉ > N^(1/n)
  for (;;) {
    const y = ((nb - 1n) * x + N / x ** (nb - 1n)) / nb;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * The n-th root of c × 10^e (c > 0), rounded to 40 digits half-even. c is scaled by a power of
 * 10^n so that the whole root has at least 43 digits; an inexact root gets a sticky 1 appended,
 * so rounding it rounds the exact root (a tie needs an exact root), as in dividedBy.
 */
function root(neg: boolean, c: bigint, e: number, n: 2 | 3): Decimal {
  const k = Math.max(Math.ceil(PRECISION + 3 - (digits(c) + e) / n), Math.ceil(-e / n));
  const N = c * pow10(e + n * k);
  const r = iroot(N, n);
  if (r ** BigInt(n) === N) return toPrecision(neg, r, -k);
  return toPrecision(neg, r * 10n + 1n, -k - 1);
}

/** x + y or x − y by decimal.js: NaN, ±Infinity, exponents too far apart to line up. */
function addInJs(x: Decimal, y: Decimal, subtract: boolean): Decimal {
  const jx = x.toDecimalJs();
  return fromJs(subtract ? jx.minus(y.toDecimalJs()) : jx.plus(y.toDecimalJs()));
}

/**
 * x + y, or x − y when `subtract`. A zero operand gives the other one back as it is when it is
 * already within 40 digits (decimal.js returns an equal copy; these values never change).
 */
function add(x: Decimal, y: Decimal, subtract: boolean): Decimal {
  if (x.x !== undefined || y.x !== undefined) return addInJs(x, y, subtract);
  const ys = subtract ? -y.s : y.s;
  if (y.c === 0n) {
    if (x.c === 0n) return make(x.s < 0 && ys < 0, 0n, 0);
    return x.c < LIMIT ? x : toPrecision(x.s < 0, x.c, x.e);
  }
  if (x.c === 0n) return !subtract && y.c < LIMIT ? y : toPrecision(ys < 0, y.c, y.e);
  const shift = x.e - y.e;
  if (shift > MAX_ALIGN || shift < -MAX_ALIGN) return addInJs(x, y, subtract);
  // Line both up on the smaller exponent; the sum is then exact before it is rounded.
  let a = x.s < 0 ? -x.c : x.c;
  let b = ys < 0 ? -y.c : y.c;
  let e: number;
  if (shift >= 0) {
    a *= pow10(shift);
    e = y.e;
  } else {
    b *= pow10(-shift);
    e = x.e;
  }
  const sum = a + b;
  if (sum === 0n) return make(false, 0n, 0);
  return sum < 0n ? toPrecision(true, -sum, e) : toPrecision(false, sum, e);
}

function toDecimal(v: DecimalValue): Decimal {
  return v instanceof Decimal ? v : new Decimal(v);
}

export class Decimal {
  static readonly ROUND_UP = 0;
  static readonly ROUND_DOWN = 1;
  static readonly ROUND_CEIL = 2;
  static readonly ROUND_FLOOR = 3;
  static readonly ROUND_HALF_UP = 4;
  static readonly ROUND_HALF_DOWN = 5;
  static readonly ROUND_HALF_EVEN = 6;
  static readonly ROUND_HALF_CEIL = 7;
  static readonly ROUND_HALF_FLOOR = 8;
  static readonly precision = PRECISION;
  static readonly rounding = HALF_EVEN;

  /** 1 or -1 (zero keeps a sign, as in decimal.js). */
  s: number;
  /** The digits (possibly ending in zeros). */
  c: bigint;
  /** The power of ten c is multiplied by. */
  e: number;
  /** NaN or ±Infinity, kept as decimal.js's value. */
  x: Js | undefined;

  constructor(value: DecimalValue | typeof RAW) {
    this.s = 1;
    this.c = 0n;
    this.e = 0;
    this.x = undefined;
    if (value === RAW) return;
    if (value instanceof Decimal) {
      this.s = value.s;
      this.c = value.c;
      this.e = value.e;
      this.x = value.x;
      return;
    }
    if (typeof value === "bigint") {
      const d = make(value < 0n, value < 0n ? -value : value, 0);
      this.s = d.s;
      this.c = d.c;
      this.e = d.e;
      return;
    }
    let text: string;
    if (typeof value === "number" && Number.isSafeInteger(value) && !Object.is(value, -0)) {
      this.s = value < 0 ? -1 : 1;
      this.c = BigInt(value < 0 ? -value : value);
      return;
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) {
        this.x = new DecimalJsRef(value);
        this.s = value < 0 ? -1 : 1;
        return;
      }
      text = Object.is(value, -0) ? "-0" : String(value);
    } else text = value;
    const m = NUMBER.exec(text);
    if (m === null) {
      // Anything else decimal.js reads (Infinity, NaN, hex, binary, octal) — or refuses, the same way.
      const j = new DecimalJsRef(text);
      const d = fromJs(j);
      this.s = d.s;
      this.c = d.c;
      this.e = d.e;
      this.x = d.x;
      return;
    }
    const int = m[2] ?? "";
    const frac = m[3] ?? m[4] ?? "";
    const d = make(m[1] === "-", BigInt(int + frac || "0"), Number(m[5] ?? 0) - frac.length);
    this.s = d.s;
    this.c = d.c;
    this.e = d.e;
  }

  static max(...values: DecimalValue[]): Decimal {
    return maxOrMin(values, -1);
  }

  static min(...values: DecimalValue[]): Decimal {
    return maxOrMin(values, 1);
  }

  /** decimal.js's value of this decimal (for the operations done there). */
  toDecimalJs(): Js {
    if (this.x !== undefined) return this.x;
    return new DecimalJsRef(`${this.s < 0 ? "-" : ""}${this.c}e${this.e}`);
  }

  plus(value: DecimalValue): Decimal {
    return add(this, toDecimal(value), false);
  }

  minus(value: DecimalValue): Decimal {
    return add(this, toDecimal(value), true);
  }

  times(value: DecimalValue): Decimal {
    const y = toDecimal(value);
    if (this.x !== undefined || y.x !== undefined) return fromJs(this.toDecimalJs().times(y.toDecimalJs()));
    const neg = this.s !== y.s;
    if (this.c === 0n || y.c === 0n) return make(neg, 0n, 0);
    return toPrecision(neg, this.c * y.c, this.e + y.e);
  }

  dividedBy(value: DecimalValue): Decimal {
    const y = toDecimal(value);
    if (this.x !== undefined || y.x !== undefined || y.c === 0n)
      return fromJs(this.toDecimalJs().dividedBy(y.toDecimalJs()));
    const neg = this.s !== y.s;
    if (this.c === 0n) return make(neg, 0n, 0);
    // Scale the dividend so the quotient has at least 42 digits, then keep a sticky digit for a
    // remainder: rounding that to 40 digits is rounding the exact quotient.
    const shift = Math.max(0, PRECISION + 2 + digits(y.c) - digits(this.c) + 1);
    const n = this.c * pow10(shift);
    let q = n / y.c;
    let e = this.e - y.e - shift;
    if (n % y.c !== 0n) {
      q = q * 10n + 1n;
      e -= 1;
    }
    return toPrecision(neg, q, e);
  }

  toDecimalPlaces(dp?: number, rm: number = HALF_EVEN): Decimal {
    if (dp === undefined) return this;
    if (this.x !== undefined) return fromJs(this.x.toDecimalPlaces(dp, rm as Rounding));
    checkPlaces(dp, rm);
    return roundAt(this.s < 0, this.c, this.e, -dp, rm);
  }

  ceil(): Decimal {
    return this.x !== undefined ? this : roundAt(this.s < 0, this.c, this.e, 0, 2);
  }

  floor(): Decimal {
    return this.x !== undefined ? this : roundAt(this.s < 0, this.c, this.e, 0, 3);
  }

  round(): Decimal {
    return this.x !== undefined ? this : roundAt(this.s < 0, this.c, this.e, 0, HALF_EVEN);
  }

  abs(): Decimal {
    if (this.x !== undefined) return fromJs(this.x.abs());
    return this.s < 0 ? make(false, this.c, this.e) : this;
  }

  negated(): Decimal {
    if (this.x !== undefined) return fromJs(this.x.negated());
    return make(this.s > 0, this.c, this.e);
  }

  comparedTo(value: DecimalValue): number {
    const y = toDecimal(value);
    if (this.x !== undefined || y.x !== undefined) return this.toDecimalJs().comparedTo(y.toDecimalJs());
    if (this.c === 0n || y.c === 0n) {
      if (this.c !== 0n) return this.s;
      return y.c !== 0n ? -y.s : 0;
    }
    if (this.s !== y.s) return this.s;
    // Same sign, both non-zero: compare magnitudes lined up on the smaller exponent, or, when the
    // exponents are far apart, by the position of the leading digit first.
    const shift = this.e - y.e;
    let m: number;
    if (shift <= MAX_ALIGN && shift >= -MAX_ALIGN) {
      const a = shift > 0 ? this.c * pow10(shift) : this.c;
      const b = shift < 0 ? y.c * pow10(-shift) : y.c;
      m = a === b ? 0 : a > b ? 1 : -1;
    } else {
      const lx = digits(this.c) + this.e;
      const ly = digits(y.c) + y.e;
      if (lx === ly) return this.toDecimalJs().comparedTo(y.toDecimalJs());
      m = lx > ly ? 1 : -1;
    }
    return this.s < 0 && m !== 0 ? -m : m;
  }

  equals(value: DecimalValue): boolean {
    return this.comparedTo(value) === 0;
  }

  eq(value: DecimalValue): boolean {
    return this.comparedTo(value) === 0;
  }

  greaterThan(value: DecimalValue): boolean {
    return this.comparedTo(value) > 0;
  }

  gt(value: DecimalValue): boolean {
    return this.comparedTo(value) > 0;
  }

  greaterThanOrEqualTo(value: DecimalValue): boolean {
    const k = this.comparedTo(value);
    return k === 1 || k === 0;
  }

  gte(value: DecimalValue): boolean {
    return this.greaterThanOrEqualTo(value);
  }

  lessThan(value: DecimalValue): boolean {
    return this.comparedTo(value) < 0;
  }

  lt(value: DecimalValue): boolean {
    return this.comparedTo(value) < 0;
  }

  lessThanOrEqualTo(value: DecimalValue): boolean {
    return this.comparedTo(value) < 1;
  }

  lte(value: DecimalValue): boolean {
    return this.comparedTo(value) < 1;
  }

  isZero(): boolean {
    return this.x === undefined && this.c === 0n;
  }

  isNegative(): boolean {
    return this.x !== undefined ? this.x.isNegative() : this.s < 0;
  }

  isPositive(): boolean {
    return this.x !== undefined ? this.x.isPositive() : this.s > 0;
  }

  isInteger(): boolean {
    if (this.x !== undefined) return false;
    if (this.c === 0n || this.e >= 0) return true;
    // c × 10^e is whole when c ends in -e zeros, which needs c to have more than -e digits.
    return -this.e < digits(this.c) && this.c % pow10(-this.e) === 0n;
  }

  isFinite(): boolean {
    return this.x === undefined;
  }

  isNaN(): boolean {
    return this.x?.isNaN() === true;
  }

  /** decimal.js's power; a whole power of ten (exact) is made here, anything else is handed over. */
  pow(value: DecimalValue): Decimal {
    const y = toDecimal(value);
    if (this.x === undefined && this.s > 0 && y.x === undefined && y.isInteger()) {
      const n = y.toNumber();
      const ten = (this.c === 10n && this.e === 0) || (this.c === 1n && this.e === 1);
      if (ten && Math.abs(n) <= MAX_ALIGN) return make(false, 1n, n);
    }
    return fromJs(this.toDecimalJs().toPower(y.toDecimalJs()));
  }

  /** Square root, correctly rounded (as decimal.js's); zero, negatives, NaN and ±Infinity are handed over. */
  sqrt(): Decimal {
    if (this.x !== undefined || this.c === 0n || this.s < 0) return fromJs(this.toDecimalJs().squareRoot());
    return root(false, this.c, this.e, 2);
  }

  /** Cube root, correctly rounded (as decimal.js's); zero, NaN and ±Infinity are handed over. */
  cbrt(): Decimal {
    if (this.x !== undefined || this.c === 0n) return fromJs(this.toDecimalJs().cubeRoot());
    return root(this.s < 0, this.c, this.e, 3);
  }

  toExponential(dp?: number, rm?: number): string {
    const j = this.toDecimalJs();
    return dp === undefined ? j.toExponential() : j.toExponential(dp, rm as Rounding);
  }

  /** Normal notation; with `dp`, rounded (mode `rm`, half-even by default) and padded to dp places. */
  toFixed(dp?: number, rm: number = HALF_EVEN): string {
    if (this.x !== undefined) return dp === undefined ? this.x.toFixed() : this.x.toFixed(dp, rm as Rounding);
    const sign = this.s < 0 && this.c !== 0n ? "-" : "";
    if (dp === undefined) return sign + plain(this.c, this.e, 0);
    checkPlaces(dp, rm);
    const y = roundAt(this.s < 0, this.c, this.e, -dp, rm);
    return sign + plain(y.c, y.e, dp);
  }

  toString(): string {
    if (this.x !== undefined) return this.x.toString();
    return (this.s < 0 && this.c !== 0n ? "-" : "") + this.#text();
  }

  /** As toString, but a negative zero keeps its minus sign (decimal.js's valueOf and toJSON). */
  valueOf(): string {
    if (this.x !== undefined) return this.x.valueOf();
    return (this.s < 0 ? "-" : "") + this.#text();
  }

  toJSON(): string {
    return this.valueOf();
  }

  toNumber(): number {
    return Number(this.valueOf());
  }

  #text(): string {
    if (this.c === 0n) return "0";
    const [str, e] = stripped(this.c, this.e);
    const exp = str.length - 1 + e;
    if (exp <= TO_EXP_NEG || exp >= TO_EXP_POS)
      return `${str.length > 1 ? `${str[0]}.${str.slice(1)}` : str}${exp < 0 ? "e" : "e+"}${exp}`;
    return plain(this.c, this.e, 0);
  }
}

/** c × 10^e in normal notation: no trailing zeros after the point, but at least `places` decimals. */
function plain(c: bigint, e: number, places: number): string {
  if (c === 0n) return places > 0 ? `0.${"0".repeat(places)}` : "0";
  let str: string;
  [str, e] = stripped(c, e);
  if (e >= 0) {
    const int = str + "0".repeat(e);
    return places > 0 ? `${int}.${"0".repeat(places)}` : int;
  }
  const decimals = -e;
  if (str.length <= decimals) str = "0".repeat(decimals - str.length + 1) + str;
  const cut = str.length - decimals;
  const frac = str.slice(cut) + "0".repeat(Math.max(0, places - decimals));
  return `${str.slice(0, cut)}.${frac}`;
}

function checkPlaces(dp: number, rm: number): void {
  if (!Number.isInteger(dp) || dp < 0 || dp > 1e9) throw new Error(`[DecimalError] Invalid argument: ${dp}`);
  if (!Number.isInteger(rm) || rm < 0 || rm > 8) throw new Error(`[DecimalError] Invalid argument: ${rm}`);
}

function maxOrMin(values: readonly DecimalValue[], n: number): Decimal {
  if (values.length === 0) throw new Error("[DecimalError] max/min of nothing");
  let x = toDecimal(values[0] as DecimalValue);
  for (let i = 1; i < values.length; i++) {
    const y = toDecimal(values[i] as DecimalValue);
    if (y.isNaN()) return y;
    const k = x.comparedTo(y);
    if (k === n || (k === 0 && x.s === n)) x = y;
  }
  return x;
}
