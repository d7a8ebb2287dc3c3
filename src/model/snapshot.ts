import type { Decimal } from "../units/decimal.js";
import type { GateResult } from "./result.js";
import type { GateMetric } from "./scenario.js";

/** The figures `diff` compares, in the order it shows them. */
export const DIFF_FIGURES = [
  { key: "rentTco", label: "Rent TCO", kind: "money" },
  { key: "ownTco", label: "Own TCO", kind: "money" },
  { key: "savingsTotal", label: "Savings", kind: "money" },
  { key: "savingsPct", label: "Savings %", kind: "pct" },
  { key: "rentNpv", label: "Rent NPV", kind: "money" },
  { key: "ownNpv", label: "Own NPV", kind: "money" },
  { key: "savingsNpv", label: "Savings NPV", kind: "money" },
  { key: "ownCapex", label: "Own capex", kind: "money" },
  { key: "breakEvenMonths", label: "Break-even month", kind: "months" },
  { key: "paybackMonths", label: "Payback months", kind: "months" },
  { key: "grossMarginDeltaPp", label: "Gross-margin change", kind: "pp" },
  { key: "netProfitDelta", label: "Net-profit change", kind: "money" },
  { key: "valuationDelta", label: "Valuation change", kind: "money" },
  { key: "afterTaxSavingsNpv", label: "After-tax savings NPV", kind: "money" },
  { key: "irr", label: "IRR", kind: "pct" },
  { key: "ebitdaDeltaPct", label: "EBITDA change", kind: "pp" },
] as const;
export type DiffFigure = (typeof DIFF_FIGURES)[number]["key"];

/** What `diff` needs of a result, whether computed from a scenario or read from saved JSON. */
export interface Snapshot {
  name: string;
  currency: string;
  horizonMonths: number;
  /** The file it came from, and whether that was a scenario or a saved result. */
  file: string;
  kind: "scenario" | "json";
  figures: Record<DiffFigure, Decimal | undefined>;
  /** Each line item's total cash over the horizon. */
  items: { side: "rent" | "own"; name: string; category: string; tco: Decimal }[];
  /** Gates as the result reported them (a saved result keeps its own). */
  gates: GateResult[];
}

/** The gate metrics a snapshot can answer (every gate metric is a diff figure). */
export function snapshotFigure(s: Snapshot, metric: GateMetric): Decimal | undefined {
  return s.figures[metric];
}
