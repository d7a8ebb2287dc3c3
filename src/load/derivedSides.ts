import type {
  DatedPrice,
  Financing,
  OwnDerived,
  RentDerived,
  SupportPlan,
  TieredPrice,
} from "../model/scenario.js";
import { Decimal, ZERO } from "../units/decimal.js";
import type { OwnCatalogInput, RentCatalogInput } from "./catalogSchema.js";
import type { LoadedCatalog } from "./loadCatalog.js";
import { didYouMean } from "./problems.js";
import type { RuleProblem } from "./scenarioRules.js";
import type { ScenarioInput } from "./scenarioSchema.js";

export type Sides = "rent" | "own";

/** The dates of the price entries a scenario uses: each entry's own asOf, else its catalog's. */
function datedPrices(
  catalog: string,
  catalogAsOf: string,
  prices: object,
  used: readonly string[],
  overrides: unknown,
): DatedPrice[] {
  const entries = prices as Record<string, { asOf?: string } | undefined>;
  const own = (typeof overrides === "object" && overrides !== null ? overrides : {}) as Record<
    string,
    unknown
  >;
  return used
    .filter((entry) => entries[entry] !== undefined && own[entry] === undefined)
    .map((entry) => ({ catalog, entry, asOf: entries[entry]?.asOf ?? catalogAsOf }));
}

/** `{ loan: { rate, term } }` or `{ lease: … }` as the model's financing (the rules check there is one). */
export function financingOf(
  f:
    | {
        loan?: { rate: Decimal; term: number } | undefined;
        lease?: { rate: Decimal; term: number } | undefined;
      }
    | undefined,
): Financing | undefined {
  const kind = f?.loan ? "loan" : f?.lease ? "lease" : undefined;
  const terms = f?.loan ?? f?.lease;
  return kind && terms ? { kind, rate: terms.rate, termMonths: terms.term } : undefined;
}

// The sides derived from a workload and catalogs: rent and own prices, from the scenario and
// its catalogs. Split out of loadScenario.ts (issue 14).
function tiered(t: {
  unit: { name: string; bytes: Decimal };
  tiers: { upTo?: Decimal | undefined; price: Decimal }[];
}): TieredPrice {
  return {
    unitBytes: t.unit.bytes,
    unitName: t.unit.name,
    tiers: t.tiers.map((x) => ({ upTo: x.upTo, price: x.price })),
  };
}

export function buildRentDerived(
  input: ScenarioInput,
  catalog: LoadedCatalog<"rent">,
  out: RuleProblem[],
): RentDerived {
  const prices: RentCatalogInput = catalog.prices;
  const w = input.workload;
  const name = catalog.info.name;
  const needs = (present: unknown, what: string, entry: string) => {
    if (present)
      out.push({
        path: ["rent", "catalog"],
        message: `catalog ${name} has no ${entry} price, which workload.${what} needs${entry === "GPU" ? "; give one in rent.prices, such as gpu: { gpuHour: 3.93 } (per GPU-hour), from your quote" : ""}`,
      });
  };
  const billing = input.rent.egressBilling ?? "traffic";
  needs(w?.compute && !prices.compute, "compute", "compute");
  needs(w?.storage && !prices.storage, "storage", "storage");
  needs(w?.egress && billing === "traffic" && !prices.egress, "egress", "egress");
  needs(w?.egress && billing === "bandwidth" && !prices.bandwidth, "egress", "bandwidth");
  needs(w?.gpu && !prices.gpu, "gpu", "GPU");
  const peakToAverage = w?.egress?.peakToAverage;
  if (w?.egress && billing === "bandwidth" && peakToAverage === undefined)
    out.push({
      path: ["workload", "egress"],
      message: "peakToAverage is required to bill egress by bandwidth (p95 / average traffic, such as 2)",
      at: "key",
    });
  // `discount: 25%` is the compute discount; a mapping gives each component its own.
  const written = input.rent.discount;
  const discounts = written instanceof Decimal ? { compute: written } : (written ?? {});
  const level = input.rent.commitment;
  /** The discount `rent.commitment` sets from a price's levels, or the one written; not both. */
  const levelDiscount = (
    what: "compute" | "GPU",
    levels: Record<string, { discount: Decimal }>,
    written: Decimal | undefined,
  ): Decimal => {
    if (level === undefined) return written ?? ZERO;
    const found = Object.hasOwn(levels, level) ? levels[level] : undefined;
    if (written !== undefined)
      out.push({
        path: ["rent", "commitment"],
        message: `give a commitment level or a ${what} discount, not both: the level sets the ${what} discount`,
      });
    else if (!found) {
      const known = Object.keys(levels);
      const guess = didYouMean(level, known);
      out.push({
        path: ["rent", "commitment"],
        message: `catalog ${name} has no ${what === "GPU" ? "GPU " : ""}commitment level ${JSON.stringify(level)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : `; it has: ${known.join(", ") || "none"}`}`,
      });
    }
    return found?.discount ?? written ?? ZERO;
  };
  // A commitment level applies to compute, and to GPUs when there are any; a GPU-only workload
  // takes it from the GPU price alone.
  const computeDiscount =
    w?.compute || !w?.gpu
      ? levelDiscount("compute", prices.compute?.commitments ?? {}, discounts.compute)
      : (discounts.compute ?? ZERO);
  const gpuDiscount =
    w?.gpu && prices.gpu
      ? levelDiscount("GPU", prices.gpu.commitments ?? {}, discounts.gpu)
      : (discounts.gpu ?? ZERO);
  let support: SupportPlan | undefined;
  const planName = input.rent.support;
  if (planName !== undefined) {
    const plans = prices.support?.plans ?? {};
    const plan = Object.hasOwn(plans, planName) ? plans[planName] : undefined;
    if (!plan) {
      const known = Object.keys(plans);
      const guess = didYouMean(planName, known);
      out.push({
        path: ["rent", "support"],
        message: `catalog ${name} has no support plan ${JSON.stringify(planName)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : `; it has: ${known.join(", ") || "none"}`}`,
      });
    } else {
      support = {
        name: planName,
        minimumPerMonth: plan.minimum,
        tiers: plan.tiers.map((t) => ({ upTo: t.upTo, rate: t.rate })),
      };
    }
  }
  const billingEntry = billing === "bandwidth" ? "bandwidth" : "egress";
  const rentUsed = [
    ...(w?.compute ? ["compute"] : []),
    ...(w?.storage ? ["storage"] : []),
    ...(w?.egress ? [billingEntry] : []),
    ...(w?.gpu ? ["gpu"] : []),
    ...(input.rent.support ? ["support"] : []),
  ];
  return {
    catalog: name,
    // Entries the scenario overrides are its own figures: not the catalog's date.
    dated: datedPrices(name, catalog.info.asOf, prices, rentUsed, input.rent.prices),
    prices: {
      computePerVcpuHour: prices.compute?.vcpuHour,
      storage: prices.storage && tiered(prices.storage),
      egress: prices.egress && tiered(prices.egress),
      bandwidthPerMbpsMonth: prices.bandwidth?.perMbpsMonth,
      gpuPerHour: prices.gpu?.gpuHour,
    },
    computeDiscount,
    storageDiscount: discounts.storage ?? ZERO,
    egressDiscount: discounts.egress ?? ZERO,
    gpuDiscount,
    support,
    priceTrend: input.rent.priceTrend ?? prices.priceTrend?.cloud ?? ZERO,
    egressBilling: billing,
    peakToAverage: peakToAverage ?? new Decimal(1),
  };
}

/** What every kind of catalog hardware has: model, price, watts and salvage (default none). */
const hardware = (h: { model: string; price: Decimal; watts: Decimal; salvage?: Decimal | undefined }) => ({
  model: h.model,
  price: h.price,
  watts: h.watts,
  salvage: h.salvage ?? ZERO,
});

export function buildOwnDerived(
  input: ScenarioInput,
  catalog: LoadedCatalog<"own">,
  rent: RentDerived | undefined,
  out: RuleProblem[],
): OwnDerived {
  const prices: OwnCatalogInput = catalog.prices;
  const w = input.workload;
  const own = input.own;
  const name = catalog.info.name;
  const lacks = (message: string) =>
    out.push({ path: ["own", "catalog"], message: `catalog ${name} ${message}` });
  const required = (key: keyof typeof own, why: string, example: string) => {
    if (own[key] === undefined)
      out.push({
        path: ["own"],
        message: `own.${String(key)} is required ${why}, such as ${String(key)}: ${example}`,
        at: "key",
      });
  };
  if (w?.compute) {
    if (!prices.server) lacks("has no server, which workload.compute needs");
    required("utilization", "to size servers", "65%");
  }
  if (w?.storage) {
    if (!prices.storageNode) lacks("has no storageNode, which workload.storage needs");
    required("redundancy", "to size storage nodes", "1.5");
    required("fillRatio", "to size storage nodes", "80%");
  }
  if (w?.gpu && !prices.gpuServer) lacks("has no gpuServer, which workload.gpu needs");
  if (w?.compute || w?.storage || w?.gpu) {
    required("lifetime", "to depreciate the hardware", "5y");
    if (!prices.space && !prices.energy)
      lacks("has neither space nor energy prices, so the hardware would run for free");
  }
  const peakToAverage = w?.egress?.peakToAverage ?? prices.transit?.peakToAverage;
  if (w?.egress) {
    if (!prices.transit) lacks("has no transit price, which workload.egress needs");
    else if (peakToAverage === undefined)
      out.push({
        path: ["workload", "egress"],
        message: "peakToAverage is required to size transit (p95 / average traffic, such as 2)",
        at: "key",
      });
  }
  const ownsHardware = w?.compute || w?.storage || w?.gpu;
  const ownUsed = [
    ...(w?.compute ? ["server"] : []),
    ...(w?.storage ? ["storageNode"] : []),
    ...(w?.gpu ? ["gpuServer"] : []),
    ...(w?.egress ? ["transit"] : []),
    ...(ownsHardware ? ["space", "energy", "maintenance", "network"] : []),
  ];
  return {
    catalog: name,
    dated: datedPrices(name, catalog.info.asOf, prices, ownUsed, own.prices),
    prices: {
      server: prices.server && { ...hardware(prices.server), vcpu: prices.server.vcpu },
      storageNode: prices.storageNode && {
        ...hardware(prices.storageNode),
        rawBytes: prices.storageNode.rawCapacity,
      },
      gpuServer: prices.gpuServer && { ...hardware(prices.gpuServer), gpus: prices.gpuServer.gpus },
      networkShare: prices.network?.share ?? ZERO,
      spacePerKwMonth: prices.space?.perKwMonth,
      energy: prices.energy && { pue: prices.energy.pue, perKwh: prices.energy.perKwh },
      transitPerGbpsMonth: prices.transit?.perGbpsMonth,
      peakToAverage: peakToAverage ?? new Decimal(1),
      maintenanceYearly: prices.maintenance?.yearly ?? ZERO,
      hardwarePriceTrend: prices.priceTrend?.hardware ?? ZERO,
    },
    strategy: own.strategy ?? "full",
    baseline:
      own.baseline?.share !== undefined
        ? { kind: "share", share: own.baseline.share }
        : own.baseline?.percentile !== undefined
          ? { kind: "percentile", percentile: own.baseline.percentile }
          : undefined,
    burstPerVcpuHour: rent?.prices.computePerVcpuHour,
    utilization: own.utilization ?? new Decimal(1),
    gpuUtilization: own.gpuUtilization ?? new Decimal(1),
    redundancy: own.redundancy ?? new Decimal(1),
    fillRatio: own.fillRatio ?? new Decimal(1),
    lifetimeMonths: own.lifetime ?? 60,
    leadTimeMonths: own.leadTime ?? 0,
    refresh: own.refresh ?? true,
    financing: financingOf(own.financing),
  };
}
