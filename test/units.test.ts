import { describe, expect, it } from "vitest";
import { groupDigits } from "../src/report/format.js";
import { Decimal, fixed } from "../src/units/decimal.js";
import {
  parseBandwidth,
  parseBytes,
  parseMoneyText,
  parseMonths,
  parseNumber,
  parsePercent,
  parseYearlyRate,
} from "../src/units/quantity.js";

const value = <T>(r: { ok: true; value: T } | { ok: false; problem: string }): T => {
  if (!r.ok) throw new Error(r.problem);
  return r.value;
};
const problem = (r: { ok: boolean; problem?: string }) => (r.ok ? "(parsed)" : r.problem);

describe("money", () => {
  it.each([
    ["600k", "600000", undefined, undefined],
    ["3.2M", "3200000", undefined, undefined],
    ["1.5B", "1500000000", undefined, undefined],
    ["600k EUR", "600000", "EUR", undefined],
    ["120k/yr", "120000", undefined, "yr"],
    ["220k EUR/yr", "220000", "EUR", "yr"],
    ["150k/mo", "150000", undefined, "mo"],
    ["0.1", "0.1", undefined, undefined],
    ["195.94", "195.94", undefined, undefined],
  ])("%s", (text, amount, currency, period) => {
    const m = value(parseMoneyText(text));
    expect(m.amount.toString()).toBe(amount);
    expect(m.currency).toBe(currency);
    expect(m.period).toBe(period);
  });
  it("keeps amounts exact beyond binary floating point", () => {
    // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; the parsed decimals add to 0.3
    const sum = value(parseMoneyText("0.1")).amount.plus(value(parseMoneyText("0.2")).amount);
    expect(sum.toString()).toBe("0.3");
    expect(value(parseMoneyText("12345678901234567890.12")).amount.toFixed(2)).toBe(
      "12345678901234567890.12",
    );
  });
  it("explains what it expected", () => {
    expect(problem(parseMoneyText("1,200,000"))).toBe(
      'expected an amount of money such as 100k, 1.2M, 950 or 600k EUR, got "1,200,000"; write numbers without thousands separators (1200000 or 1.2M)',
    );
    expect(problem(parseMoneyText("3.2m"))).toContain("write millions with a capital M (3.2M)");
    expect(problem(parseMoneyText("$100k"))).toContain("drop the $ sign");
    expect(problem(parseMoneyText(".inf"))).toContain('got ".inf"');
  });
});

describe("bytes and bandwidth", () => {
  it("uses SI for kB…EB and powers of 1024 for KiB…EiB", () => {
    expect(value(parseBytes("1 PB")).toString()).toBe("1000000000000000"); // 10^15
    expect(value(parseBytes("500 PB")).equals(new Decimal("5e17"))).toBe(true);
    expect(value(parseBytes("1 GiB")).toString()).toBe("1073741824"); // 2^30
    expect(value(parseBytes("1.5 TiB")).toString()).toBe("1649267441664"); // 1.5 × 2^40
    expect(value(parseBytes("2 PB/mo", true)).toString()).toBe("2000000000000000");
  });
  it("refuses units of the wrong kind or ambiguous case", () => {
    expect(problem(parseBytes("5 Gbps"))).toBe(
      'expected a size such as 500 TB, 40 PB or 512 GiB, got "5 Gbps"; Gbps is a bandwidth (bits per second), not an amount of data',
    );
    expect(problem(parseBytes("10 KB"))).toContain("write kB for 1000 bytes or KiB for 1024 bytes");
    expect(problem(parseBytes("10 tb"))).toContain("units are case-sensitive");
    expect(problem(parseBytes("2 PB"))).toBe("(parsed)");
    expect(problem(parseBytes("2 PB", true))).toContain("add /mo");
    expect(problem(parseBandwidth("100 GB"))).toContain("GB is an amount of data, not a bandwidth");
    expect(value(parseBandwidth("100 Gbps")).toString()).toBe("100000000000");
  });
});

describe("durations, percentages, rates", () => {
  it.each([
    ["18mo", 18],
    ["5y", 60],
    ["3y", 36],
    ["1.5y", 18],
    ["0mo", 0],
  ])("%s is %i months", (text, months) => {
    expect(value(parseMonths(text))).toBe(months);
  });
  it("wants whole months and a unit", () => {
    expect(problem(parseMonths("1.3y"))).toBe('expected a whole number of months, got "1.3y" (15.6 months)');
    expect(problem(parseMonths("36"))).toContain("add the unit: 36mo or 36y");
  });
  it("reads percentages as fractions and insists on the % sign", () => {
    expect(value(parsePercent("20%")).toString()).toBe("0.2");
    expect(value(parsePercent("12.5%")).toString()).toBe("0.125");
    expect(problem(parsePercent("0.25"))).toContain("did you mean 25%?");
  });
  it("reads yearly growth rates", () => {
    expect(value(parseYearlyRate("15%/yr")).toString()).toBe("0.15");
    expect(value(parseYearlyRate("-10%/yr")).toString()).toBe("-0.1");
    expect(problem(parseYearlyRate("15%"))).toContain("say the period: 15%/yr");
    expect(problem(parseYearlyRate("-100%/yr"))).toContain("above -100%/yr");
  });
  it("refuses non-finite numbers", () => {
    expect(problem(parseNumber(".nan"))).toBe('expected a number, got ".nan"');
    expect(problem(parseNumber("1e999999999999"))).toBe(
      'expected a number, got "1e999999999999"; the number is out of range (keep it below 1e21)',
    );
    expect(problem(parseMoneyText("1e30"))).toContain("out of range");
  });
});

describe("rounding and formatting", () => {
  it("rounds half to even, only when formatting", () => {
    expect(fixed(new Decimal("0.125"))).toBe("0.12");
    expect(fixed(new Decimal("0.135"))).toBe("0.14");
    expect(fixed(new Decimal("-0.001"))).toBe("0.00");
  });
  it("groups digits without asking the locale", () => {
    expect(groupDigits("1234567.50")).toBe("1,234,567.50");
    expect(groupDigits("-1000")).toBe("-1,000");
    expect(groupDigits("999.99")).toBe("999.99");
  });
});
