import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal, DecimalJsRef } from "../src/units/bigDecimal.js";

// src/units/bigDecimal.ts promises decimal.js's results (40 significant digits, half-even) to the
// last digit and the sign of zero. These properties hold it to that on random operands: long and
// short coefficients, far-apart exponents, exact ties (…5 endings), zeros of both signs, and the
// money-sized numbers the engine mostly sees.

const digitsArb = fc.oneof(
  fc.stringMatching(/^[1-9][0-9]{0,59}$/),
  fc.stringMatching(/^[1-9][0-9]{0,6}5$/), // ties when rounded one digit shorter
  fc.stringMatching(/^[1-9][0-9]{0,3}$/),
  fc.constant("9".repeat(41)), // carries into a new digit
  fc.constant("0"),
);
const numberText = fc
  .tuple(fc.constantFrom("", "-"), digitsArb, fc.integer({ min: -45, max: 45 }))
  .map(([sign, digits, exp]) => `${sign}${digits}e${exp}`);
const valueArb = fc.oneof(
  numberText,
  fc.constantFrom("0", "-0", "1", "-1", "0.5", "2.5", "-2.5", "0.005", "1234.565", "100", "1e-31", "1e40"),
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => `${n}e-2`), // cents
);

const same = (ours: unknown, ref: unknown) => {
  const show = (v: unknown) => (v instanceof Decimal || v instanceof DecimalJsRef ? v.valueOf() : v);
  expect(show(ours)).toStrictEqual(show(ref));
};
const runs = { numRuns: 3000, seed: 20261124 };

/** The four operations and comparison of a and b, ours against decimal.js's. */
const sameArithmetic = (a: string, b: string) => {
  const [x, y, rx, ry] = [new Decimal(a), new Decimal(b), new DecimalJsRef(a), new DecimalJsRef(b)];
  same(x.plus(y), rx.plus(ry));
  same(x.minus(y), rx.minus(ry));
  same(x.times(y), rx.times(ry));
  same(x.dividedBy(y), rx.dividedBy(ry));
  same(x.comparedTo(y), rx.comparedTo(ry));
  return [x, y, rx, ry] as const;
};

describe("the BigInt decimal gives decimal.js's answers", () => {
  it("plus, minus, times, dividedBy (division by zero included)", () => {
    fc.assert(
      fc.property(valueArb, valueArb, (a, b) => {
        const [x, y, rx, ry] = sameArithmetic(a, b);
        same(Decimal.max(x, y), DecimalJsRef.max(rx, ry));
        same(Decimal.min(x, y), DecimalJsRef.min(rx, ry));
      }),
      runs,
    );
  });
  it("chains of operations (results fed back in, as the engine does) stay equal", () => {
    const op = fc.tuple(
      fc.constantFrom("plus", "minus", "times", "dividedBy", "toDP", "abs", "negated"),
      valueArb,
    );
    fc.assert(
      fc.property(valueArb, fc.array(op, { minLength: 1, maxLength: 12 }), (start, ops) => {
        let x = new Decimal(start);
        let rx = new DecimalJsRef(start);
        for (const [name, v] of ops) {
          if (!rx.isFinite()) break;
          if (name === "toDP") {
            x = x.toDecimalPlaces(2);
            rx = rx.toDecimalPlaces(2);
          } else if (name === "abs" || name === "negated") {
            x = x[name]();
            rx = rx[name]();
          } else {
            x = x[name](new Decimal(v));
            rx = rx[name](new DecimalJsRef(v));
          }
          same(x, rx);
          same(x.toFixed(2), rx.toFixed(2));
          same(x.isInteger(), rx.isInteger());
          same(x.comparedTo(start), rx.comparedTo(start));
        }
      }),
      runs,
    );
  });
  it("rounding to places in every mode, toFixed, ceil, floor, round", () => {
    fc.assert(
      fc.property(valueArb, fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), (a, dp, rm) => {
        const [x, rx] = [new Decimal(a), new DecimalJsRef(a)];
        same(x.toDecimalPlaces(dp, rm), rx.toDecimalPlaces(dp, rm as 0));
        same(x.toDecimalPlaces(dp), rx.toDecimalPlaces(dp));
        same(x.toFixed(dp, rm), rx.toFixed(dp, rm as 0));
        same(x.toFixed(dp), rx.toFixed(dp));
        same(x.toFixed(), rx.toFixed());
        same(x.ceil(), rx.ceil());
        same(x.floor(), rx.floor());
        same(x.round(), rx.round());
      }),
      runs,
    );
  });
  it("printing, tests and signs", () => {
    fc.assert(
      fc.property(valueArb, (a) => {
        const [x, rx] = [new Decimal(a), new DecimalJsRef(a)];
        same(x.toString(), rx.toString());
        same(x.valueOf(), rx.valueOf());
        same(JSON.stringify(x), JSON.stringify(rx));
        expect(Object.is(x.toNumber(), rx.toNumber())).toBe(true);
        same(x.isZero(), rx.isZero());
        same(x.isNegative(), rx.isNegative());
        same(x.isPositive(), rx.isPositive());
        same(x.isInteger(), rx.isInteger());
        same(x.abs(), rx.abs());
        same(x.negated(), rx.negated());
        same(new Decimal(x), rx);
      }),
      runs,
    );
  });
  it("numbers and bigints are read as decimal.js reads them", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: false }), fc.integer()), (n) => {
        same(new Decimal(n), new DecimalJsRef(n));
      }),
      runs,
    );
    for (const b of [0n, -5n, 123456789012345678901234567890123456789012345n])
      same(new Decimal(b), new DecimalJsRef(b));
  });
  it("square and cube roots are computed here and are decimal.js's, exact roots and ties included", () => {
    const rootArb = fc.oneof(
      valueArb,
      // Exact squares and cubes (roots that end, so rounding can meet a tie), and their neighbours.
      fc
        .tuple(
          fc.bigInt({ min: 1n, max: 10n ** 30n }),
          fc.integer({ min: -30, max: 30 }),
          fc.constantFrom(-1n, 0n, 1n),
        )
        .chain(([r, e, nudge]) =>
          fc.constantFrom(`${r * r + nudge}e${2 * e}`, `${r * r * r + nudge}e${3 * e}`),
        ),
    );
    fc.assert(
      fc.property(rootArb, (a) => {
        const [x, rx] = [new Decimal(a), new DecimalJsRef(a)];
        same(x.sqrt(), rx.sqrt());
        same(x.cbrt(), rx.cbrt());
      }),
      runs,
    );
    // 1.05^(1/12) as growth.ts takes it: cube root, then two square roots.
    const step = (d: Decimal | InstanceType<typeof DecimalJsRef>) => d.cbrt().sqrt().sqrt().toString();
    expect(step(new Decimal("1.05"))).toBe(step(new DecimalJsRef("1.05")));
    for (const k of [-40, -3, 0, 3, 6, 40]) same(new Decimal(10).pow(k), new DecimalJsRef(10).pow(k));
  });
  it("powers and roots are decimal.js's own", () => {
    fc.assert(
      fc.property(numberText, fc.integer({ min: -12, max: 12 }), (a, k) => {
        const [x, rx] = [new Decimal(a), new DecimalJsRef(a)];
        same(x.pow(k), rx.pow(k));
        same(x.abs().sqrt(), rx.abs().sqrt());
        same(x.cbrt(), rx.cbrt());
      }),
      { numRuns: 300, seed: 20261124 },
    );
  });
  it("agrees far from money too: huge exponents, long coefficients (handed over or computed)", () => {
    const values = [
      "1e500",
      "-1e500",
      "1e-500",
      "1",
      `1${"0".repeat(600)}e-500`, // 1e100 written with 600 trailing zeros
      `${"9".repeat(450)}`,
      `${"9".repeat(450)}e-449`,
      "123456789e-420",
      "1e100", // equal to the 600-zero value, 600 powers of ten apart
    ];
    for (const a of values)
      for (const b of values) {
        const [x, , rx] = sameArithmetic(a, b);
        same(x.isInteger(), rx.isInteger());
        same(x.toString(), rx.toString());
      }
  });
  it("reads odd spellings exactly as decimal.js does (or refuses them the same way)", () => {
    const read = (C: typeof Decimal | typeof DecimalJsRef, text: string) => {
      try {
        return new C(text).valueOf();
      } catch (e) {
        return `throws ${(e as Error).message}`;
      }
    };
    for (const text of ["5.", ".5", "+5", "-.5", "1E-3", "00012.3400", "-0.0", "0e10", "1e-10000", "0x1F"])
      expect(read(Decimal, text), text).toBe(read(DecimalJsRef, text));
    for (const text of ["0b101", "Infinity", "NaN", " 5", "", "1_000", "1e", "e5", "--1"])
      expect(read(Decimal, text), text).toBe(read(DecimalJsRef, text));
  });
  it("refuses what decimal.js refuses", () => {
    expect(() => new Decimal("1,5")).toThrow(/DecimalError/);
    expect(() => new Decimal("")).toThrow(/DecimalError/);
    same(new Decimal("Infinity").plus(1), new DecimalJsRef("Infinity").plus(1));
    same(new Decimal(1).dividedBy(0), new DecimalJsRef(1).dividedBy(0));
    same(new Decimal(0).dividedBy(0).isNaN(), true);
  });
});
