import { Decimal as DecimalJs } from "decimal.js";

/**
 * The one Decimal constructor the project uses: decimal.js at 40 significant digits, half-even
 * rounding, printed in plain notation from 1e-30 to 1e40. 40 digits keep a 50-year monthly model of
 * exabytes priced per byte-hour exact to far below a cent.
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const HUNDRED = new Decimal(100);

/** Sum of decimals (0 for none). */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** Rounded half-even to the cent, still a decimal. */
export function cents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
}

/** Rounds half-even to `places` decimals and prints a plain decimal string ("1234.50"). */
export function fixed(value: Decimal, places = 2): string {
  const s = value.toFixed(places, Decimal.ROUND_HALF_EVEN);
  // "-0.00" is not a number anyone wants to read.
  return s.charCodeAt(0) === 45 && /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** Groups the integer digits of a plain decimal string: "1234567.50" → "1,234,567.50". Locale-independent. */
export function groupDigits(plain: string): string {
  const negative = plain.startsWith("-");
  const body = negative ? plain.slice(1) : plain;
  const [int = "", frac] = body.split(".");
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${frac === undefined ? "" : `.${frac}`}`;
}
