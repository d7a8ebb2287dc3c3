import type { Decimal } from "../units/decimal.js";

/**
 * The validated, normalised scenario the engine computes. Every amount is already in the
 * scenario's currency and every quantity in base units (bytes, bits per second, months).
 */
export interface Scenario {
  name: string;
  currency: string;
  start: YearMonth | undefined;
  horizonMonths: number;
  /** Foreign-exchange rates used while loading: 1 unit of `code` = `rate` units of the scenario currency. */
  fx: FxRate[];
  business: Business | undefined;
  workload: Workload;
  rent: RentSide;
  own: OwnSide;
  migration: Migration | undefined;
  gates: GateSpec[];
}

export interface YearMonth {
  year: number;
  month: number;
}

export interface FxRate {
  code: string;
  rate: Decimal;
}

export interface Business {
  revenuePerYear: Decimal;
  /** Yearly growth, compounding monthly. */
  revenueGrowth: Decimal;
  netProfitPerYear: Decimal | undefined;
  netProfitGrowth: Decimal;
  taxRate: Decimal;
  /**
   * What a change in yearly profit is worth: `multiple` × the last full year's change in gross
   * profit (pre-tax P&L savings) or net profit (after tax). `peMultiple: 20` is the net-profit form.
   */
  valuation: { multiple: Decimal; of: "grossProfit" | "netProfit" | "ebitda" } | undefined;
  /** Annual discount rate r; month m weighs (1+r)^(-m/12). */
  discountRate: Decimal;
}

/** A quantity at month 1 that grows by a yearly rate, compounding monthly. */
export interface Growing {
  atMonth1: Decimal;
  growth: Decimal;
}

export interface Workload {
  /** Average vCPUs in use. */
  vcpu: Growing | undefined;
  /** Bytes stored. */
  storedBytes: Growing | undefined;
  /** Bytes sent to the internet per month. */
  egressBytesPerMonth: Growing | undefined;
  /** GPUs busy on average. */
  gpu: Growing | undefined;
  /** Temporary extra demand for compute and egress (a wave of new users, a launch). */
  surges: Surge[];
}

/** `extra` more compute and egress demand in months `month` … `month + duration − 1`. */
export interface Surge {
  name: string;
  month: number;
  duration: number;
  extra: Decimal;
}

export type LineItem = RecurringItem | CapexItem;

interface ItemBase {
  name: string;
  category: string;
  /** True when the scenario wrote no `category:` and it was inferred from the name (load/categories.ts). */
  inferred?: boolean;
}

/**
 * Billed every month from `from` to `to` (inclusive, clipped to the horizon): `perMonth` in month
 * `from`, grown by `growth` a year after it, (1+g)^((m − from)/12).
 */
export interface RecurringItem extends ItemBase {
  kind: "recurring";
  perMonth: Decimal;
  from: number;
  to: number;
  growth: Decimal;
}

/**
 * How an asset is paid for instead of in cash: a loan (annuity payments; the asset is depreciated
 * and the interest is a cost) or an operating lease (the payments are the cost; nothing is
 * depreciated). `rate` is nominal yearly, as lenders quote it (i = rate / 12).
 */
export interface Financing {
  kind: "loan" | "lease";
  rate: Decimal;
  termMonths: number;
}

/**
 * Paid once in `month`; depreciated straight-line over `lifetimeMonths` from that month down to
 * its salvage value, a share of the price it is sold for when its life ends.
 */
export interface CapexItem extends ItemBase {
  kind: "capex";
  amount: Decimal;
  month: number;
  lifetimeMonths: number;
  refresh: boolean;
  salvage: Decimal;
  financing: Financing | undefined;
}

/** One band of a marginal tiered price. `upTo` is the cumulative upper bound in bytes; absent on the last. */
export interface Tier {
  upTo: Decimal | undefined;
  price: Decimal;
}

export interface TieredPrice {
  /** Bytes in the unit the tier prices are quoted per (GB = 1e9, GiB = 2^30). */
  unitBytes: Decimal;
  unitName: string;
  tiers: Tier[];
}

export interface SupportPlan {
  name: string;
  minimumPerMonth: Decimal;
  /** Marginal rates on the monthly spend; `upTo` is a cumulative amount of money. */
  tiers: { upTo: Decimal | undefined; rate: Decimal }[];
}

export interface RentPrices {
  computePerVcpuHour: Decimal | undefined;
  storage: TieredPrice | undefined;
  egress: TieredPrice | undefined;
  /** With egressBilling: bandwidth, egress is bought per Mbps-month at the 95th percentile. */
  bandwidthPerMbpsMonth: Decimal | undefined;
  gpuPerHour: Decimal | undefined;
}

/** A catalog price the scenario uses, and the date it is as of (for the staleness warning). */
export interface DatedPrice {
  catalog: string;
  /** The catalog's price entry: `transit`, `compute`, … */
  entry: string;
  asOf: string;
}

export interface RentDerived {
  catalog: string;
  /** The catalog's price entries this scenario uses, with their dates. */
  dated: DatedPrice[];
  prices: RentPrices;
  /** Negotiated or committed-use discount on compute. */
  computeDiscount: Decimal;
  /** Negotiated discounts on the storage and egress list costs (`rent.discount: { storage, egress }`). */
  storageDiscount: Decimal;
  egressDiscount: Decimal;
  /** Discount on GPU-hours: the commitment level's, or `rent.discount.gpu`. */
  gpuDiscount: Decimal;
  support: SupportPlan | undefined;
  /** Yearly change of the cloud's unit prices, applied month by month. */
  priceTrend: Decimal;
  /** How internet egress is billed: per GB (tiers) or per Mbps-month of p95 bandwidth. */
  egressBilling: "traffic" | "bandwidth";
  /** p95 / average traffic, for bandwidth billing. */
  peakToAverage: Decimal;
}

export interface RentSide {
  items: LineItem[];
  derived: RentDerived | undefined;
}

/** Hardware bought in whole units; `salvage` is the share of its price it is sold for at a refresh. */
interface Hardware {
  model: string;
  price: Decimal;
  watts: Decimal;
  salvage: Decimal;
}

export interface OwnPrices {
  server: (Hardware & { vcpu: Decimal }) | undefined;
  storageNode: (Hardware & { rawBytes: Decimal }) | undefined;
  gpuServer: (Hardware & { gpus: Decimal }) | undefined;
  /** Network and other gear, as a share of server + storage capex. */
  networkShare: Decimal;
  spacePerKwMonth: Decimal | undefined;
  energy: { pue: Decimal; perKwh: Decimal } | undefined;
  transitPerGbpsMonth: Decimal | undefined;
  peakToAverage: Decimal;
  /** Yearly maintenance as a share of installed hardware capex. */
  maintenanceYearly: Decimal;
  /** Yearly change of hardware prices, applied at each purchase month. */
  hardwarePriceTrend: Decimal;
}

/** How much compute the owned fleet is sized for under `strategy: hybrid`. */
export type Baseline = { kind: "share"; share: Decimal } | { kind: "percentile"; percentile: Decimal };

export interface OwnDerived {
  catalog: string;
  /** The catalog's price entries this scenario uses, with their dates. */
  dated: DatedPrice[];
  prices: OwnPrices;
  strategy: "full" | "hybrid";
  /** Present with strategy hybrid. */
  baseline: Baseline | undefined;
  /** On-demand cloud price per vCPU-hour for the burst, from the rent catalog (hybrid only). */
  burstPerVcpuHour: Decimal | undefined;
  utilization: Decimal;
  /** Average share of an owned GPU server's GPUs kept busy. */
  gpuUtilization: Decimal;
  redundancy: Decimal;
  fillRatio: Decimal;
  lifetimeMonths: number;
  leadTimeMonths: number;
  refresh: boolean;
  /** How the hardware (servers, nodes, GPU servers, network gear) is paid for; undefined = cash. */
  financing: Financing | undefined;
}

export interface Staff {
  fte: Decimal;
  costPerFtePerMonth: Decimal;
}

export interface OwnSide {
  items: LineItem[];
  derived: OwnDerived | undefined;
  staff: Staff | undefined;
  /** `book`: the book value still undepreciated at the end is credited as cash in the last month. */
  residual: "none" | "book";
}

/**
 * A commitment to the cloud (a savings plan, an enterprise agreement) that bills whatever is used:
 * `perMonth` in months `from` … `to` of each step (one step, or several as it rolls off).
 */
export interface Commitment {
  name: string;
  steps: { perMonth: Decimal; from: number; to: number }[];
}

/** Moving out of the cloud: data over a link, services over a ramp, the cloud billing meanwhile. */
export interface Migration {
  start: number;
  /** Bytes to move; undefined = everything stored in the start month. */
  dataBytes: Decimal | undefined;
  /** Undefined when no data moves. */
  linkBitsPerSecond: Decimal | undefined;
  /** Months over which services move; undefined = the data transfer time in whole months. */
  rampMonths: number | undefined;
  egressWaiver: boolean;
  /** With a waiver: the months from the start during which it holds (undefined: all of them). */
  waiverMonths: number | undefined;
  /** The cloud's egress prices for the data moved (from the rent catalog); undefined with a waiver. */
  egress: TieredPrice | undefined;
  /** Yearly trend of the cloud's prices, for the egress of a later move. */
  priceTrend: Decimal;
  items: LineItem[];
  commitments: Commitment[];
}

export const GATE_METRICS = [
  "breakEvenMonths",
  "paybackMonths",
  "savingsPct",
  "savingsTotal",
  "savingsNpv",
  "ownTco",
  "rentTco",
  "grossMarginDeltaPp",
  "netProfitDelta",
  "afterTaxSavingsNpv",
  "irr",
  "ebitdaDeltaPct",
] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

/** The gate figures that exist only with business figures (revenue, tax rate). */
export const BUSINESS_GATE_METRICS = [
  "grossMarginDeltaPp",
  "netProfitDelta",
  "afterTaxSavingsNpv",
  "ebitdaDeltaPct",
] as const satisfies readonly GateMetric[];

/** The gate figures `simulate` samples: the only ones a percentile gate can go on. */
export const SAMPLED_GATE_METRICS = [
  "savingsTotal",
  "savingsNpv",
  "savingsPct",
  "ownTco",
  "rentTco",
  "breakEvenMonths",
  "paybackMonths",
] as const satisfies readonly GateMetric[];

/**
 * A cost gate: a figure must stay within a bound. `level: fail` fails the run (exit 1), `warn` only
 * warns. A relative gate's limit is the baseline's figure moved by a percentage (`diff`, `--baseline`).
 */
export interface GateSpec {
  metric: GateMetric;
  bound: "min" | "max";
  level: "fail" | "warn";
  /** The limit itself, or for a relative gate the allowed change in percent of the baseline. */
  limit: Decimal;
  relative: boolean;
  /** A gate on a percentile of simulated outcomes (checked by `simulate` only). */
  percentile: 10 | 50 | 90 | undefined;
  /** Where the gate was written: `gates.breakEvenMonths.max`, or `--gate 'ownTco<=24'`. */
  from: string;
}
