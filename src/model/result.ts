import type { Decimal } from "../units/decimal.js";
import type { Business, GateMetric } from "./scenario.js";

export type Side = "rent" | "own";

/** What the engine computes from a scenario: exact decimals, no rounding, no formatting. */
export interface Result {
  scenario: {
    name: string;
    currency: string;
    horizonMonths: number;
    start: string | undefined;
    discountRate: Decimal;
  };
  fx: { code: string; rate: Decimal }[];
  /** Set when amounts are reported in another currency than the scenario's (`--currency`). */
  reporting: { currency: string; from: string; rate: Decimal } | undefined;
  catalogs: CatalogInfo[];
  /** The scenario's business figures (revenue, net profit, tax), in the result's currency. */
  business: Business | undefined;
  summary: Summary;
  years: YearResult[];
  months: MonthResult[];
  gates: GateResult[];
  /** What looks like a mistake in the scenario: one-sided pricing, a side that costs nothing for a while. */
  warnings: string[];
}

/** Where a catalog came from, so every price can be traced to a file, a date and a source. */
export interface CatalogInfo {
  name: string;
  side: Side;
  currency: string;
  asOf: string;
  source: string;
  sha256: string;
  file: string;
  /** Price paths the scenario replaced inline, e.g. `compute.vcpuHour`. */
  overridden: string[];
}

export interface Summary {
  rent: { tco: Decimal; npv: Decimal; pnl: Decimal };
  own: {
    tco: Decimal;
    npv: Decimal;
    pnl: Decimal;
    capex: Decimal;
    residualBookValue: Decimal;
    /** Loan principal still owed after the horizon (netted off the residual value with residual: book). */
    loanBalance: Decimal;
    /** `book` when the residual book value is credited in the own TCO (own.residual: book). */
    residual: "none" | "book";
  };
  savings: { total: Decimal; pct: Decimal | undefined; npv: Decimal };
  breakEvenMonth: number | undefined;
  paybackMonths: Decimal | undefined;
  /** The uniform cut in cloud prices at which owning stops winning on NPV, in percent. */
  breakEvenDiscountPct: Decimal | undefined;
  /**
   * After tax (MODEL.md §8): each month's cash − tax rate × its P&L amount, discounted at the
   * discount rate; undefined without business figures (no tax rate).
   */
  afterTax: { rentNpv: Decimal; ownNpv: Decimal; savingsNpv: Decimal } | undefined;
  /** IRR of owning instead of renting, percent a year; `note` says why there is none. */
  irr: { pct: Decimal | undefined; note: string | undefined };
  margin: MarginSummary;
  burst: BurstSummary | undefined;
  migration: MigrationSummary | undefined;
}

/** Cloud capacity bought on demand under a hybrid strategy, over the horizon. */
export interface BurstSummary {
  vcpuHours: Decimal;
  cost: Decimal;
  /** Months with any burst. */
  months: number;
  peakVcpu: Decimal;
}

export interface MigrationSummary {
  start: number;
  dataBytes: Decimal;
  transferMonths: Decimal;
  rampMonths: number;
  /** The month from which nothing runs in the cloud any more (start + ramp). */
  exitMonth: number;
  egressCost: Decimal;
  egressWaived: boolean;
  dualRunningCost: Decimal;
  commitmentCost: Decimal;
  projectCost: Decimal;
}

export interface MarginSummary {
  /** The last full model year the figures are taken from; undefined when the horizon has none. */
  year: number | undefined;
  grossMarginDeltaPp: Decimal | undefined;
  netProfitDelta: Decimal | undefined;
  netProfitDeltaPct: Decimal | undefined;
  /** The last full year's EBITDA change, and that in percent of its revenue. */
  ebitdaDelta: Decimal | undefined;
  ebitdaDeltaPct: Decimal | undefined;
  valuationDelta: Decimal | undefined;
}

export interface YearResult {
  year: number;
  /** EBITDA change: rent P&L − (own P&L − depreciation − interest); undefined without business figures. */
  ebitdaDelta?: Decimal | undefined;
  /** The EBITDA change in percent of the year's revenue (the change in EBITDA margin, in points). */
  ebitdaDeltaPct?: Decimal | undefined;
  ownDepreciation: Decimal;
  ownInterest: Decimal;
  /** Months of the horizon in this model year: 12 except, maybe, the last. */
  months: number;
  revenue: Decimal | undefined;
  rent: Decimal;
  rentPnl: Decimal;
  ownCash: Decimal;
  ownPnl: Decimal;
  savingsCash: Decimal;
  savingsPnl: Decimal;
  grossMarginDeltaPp: Decimal | undefined;
  netProfitDelta: Decimal | undefined;
  netProfitDeltaPct: Decimal | undefined;
}

export interface ItemAmount {
  side: Side;
  name: string;
  category: string;
  cash: Decimal;
  pnl: Decimal;
  /** Set on capital items: their P&L is depreciation. */
  capital?: true;
  /** Set on loan-financed capital items: the part of the P&L that is interest. */
  interest?: Decimal;
}

/** The physical quantities behind the derived costs in one month. */
export interface Drivers {
  vcpu: Decimal | undefined;
  storedBytes: Decimal | undefined;
  egressBytes: Decimal | undefined;
  servers: Decimal | undefined;
  storageNodes: Decimal | undefined;
  /** GPUs busy on average, and GPU servers in service. */
  gpus: Decimal | undefined;
  gpuServers: Decimal | undefined;
  itKw: Decimal | undefined;
  transitGbps: Decimal | undefined;
  /** Extra demand share from surges this month. */
  surge: Decimal | undefined;
  /** vCPUs served from the cloud above the owned fleet (hybrid). */
  burstVcpu: Decimal | undefined;
  /** Share of the workload still running in the cloud (migration). */
  cloudShare: Decimal | undefined;
  /** Bytes moved out of the cloud this month (migration). */
  migratedBytes: Decimal | undefined;
}

export interface MonthResult {
  month: number;
  label: string;
  rent: Decimal;
  rentPnl: Decimal;
  ownCash: Decimal;
  ownPnl: Decimal;
  /** The own side's depreciation this month (the P&L of its capital items, less loan interest). */
  ownDepreciation: Decimal;
  /** The own side's loan interest this month (on the P&L, below EBITDA). */
  ownInterest: Decimal;

  savings: Decimal;
  cumulativeSavings: Decimal;
  items: ItemAmount[];
  drivers: Drivers;
}

export interface GateResult {
  metric: GateMetric;
  bound: "min" | "max";
  level: "fail" | "warn";
  /** The limit applied (for a relative gate: computed from the baseline). */
  limit: Decimal | undefined;
  /** undefined when the figure does not exist (no break-even, no business data). */
  actual: Decimal | undefined;
  /** For a relative gate: the baseline's figure and the allowed change in percent. */
  relative: { base: Decimal | undefined; pct: Decimal } | undefined;
  ok: boolean;
  /** A relative gate without a baseline, or a percentile gate outside `simulate`, is not checked. */
  skipped: boolean;
  percentile: 10 | 50 | 90 | undefined;
  from: string;
}
