import { describe, expect, it } from "vitest";
import {
  parseBytes,
  parseMoneyText,
  parseMonths,
  parsePercent,
  parseYearlyRate,
} from "../src/units/quantity.js";

describe("units", () => {
  it("parses money with SI suffixes, currency and period", () => {
    const r = parseMoneyText("3.2M");
    expect(r.ok && r.value.amount.toString()).toBe("3200000");
  });
});
