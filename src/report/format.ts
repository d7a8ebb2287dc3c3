import { Decimal, fixed, groupDigits } from "../units/decimal.js";

export { groupDigits };

/** Money for people: two decimals, grouped digits. */
export function money(d: Decimal): string {
  return groupDigits(fixed(d, 2));
}

/** A change for people: explicit sign ("+1,200.00", "-35.10"). */
export function signedMoney(d: Decimal): string {
  const s = money(d);
  return s.startsWith("-") || /^0\.0+$/.test(s) ? s : `+${s}`;
}

/** A percentage or percentage-point figure with two decimals and a sign. */
export function signed(d: Decimal, places = 2): string {
  const s = fixed(d, places);
  return s.startsWith("-") || /^0\.0+$/.test(s) ? s : `+${s}`;
}

/** A plain count with grouped digits. */
export function count(n: number): string {
  return groupDigits(String(n));
}

/** A rate as a percentage: 0.09 → "9%". */
export function rate(d: Decimal): string {
  return `${d.times(100).toDecimalPlaces(4).toString()}%`;
}

const SI_BYTES: [string, number][] = [
  ["EB", 18],
  ["PB", 15],
  ["TB", 12],
  ["GB", 9],
  ["MB", 6],
  ["kB", 3],
];

/** Bytes for people, in the largest SI unit that keeps a number of at least 1: "40 PB", "1.5 TB". */
export function bytes(d: Decimal): string {
  for (const [unit, power] of SI_BYTES) {
    const scaled = d.dividedBy(new Decimal(10).pow(power));
    if (scaled.greaterThanOrEqualTo(1)) return `${groupDigits(scaled.toDecimalPlaces(2).toString())} ${unit}`;
  }
  return `${d.toDecimalPlaces(0).toString()} B`;
}

/** A bandwidth for people: "100 Gbps". */
export function bandwidth(bitsPerSecond: Decimal): string {
  return `${bitsPerSecond.dividedBy(1e9).toDecimalPlaces(3).toString()} Gbps`;
}
