import type { Provenance } from "../model/provenance.js";
import type { CatalogInfo } from "../model/result.js";
import {
  BUSINESS_GATE_METRICS,
  type Financing,
  type GateMetric,
  type GateSpec,
  type LineItem,
  type Migration,
  type OwnDerived,
  type RentDerived,
  SAMPLED_GATE_METRICS,
  type Scenario,
  type SupportPlan,
  type TieredPrice,
} from "../model/scenario.js";
import type { UncertainInput } from "../model/uncertainty.js";
import { Decimal, ZERO } from "../units/decimal.js";
import { grown } from "../units/growth.js";
import { SECONDS_PER_MONTH } from "../units/time.js";
import type { OwnCatalogInput, RentCatalogInput } from "./catalogSchema.js";
import { inferCategory } from "./categories.js";
import type { MoneyContext } from "./fields.js";
import { checkPricingDirs, type LoadedCatalog, loadCatalog } from "./loadCatalog.js";
import { didYouMean, InputError, type Problem } from "./problems.js";
import { buildProvenance } from "./provenance.js";
import { type ItemInput, moneyHeaderSchema, type ScenarioInput, scenarioSchema } from "./scenarioSchema.js";
import { extractRanges, withValue, writeValue } from "./uncertainty.js";
import { problemIn, readYamlFile, type SourceFile } from "./yamlSource.js";
import { sameFile, sortProblems, zodProblems } from "./zodProblems.js";

export interface LoadOptions {
  /** Folders searched for catalogs named by a bare name, before the shipped `pricing/`. */
  pricingDirs?: readonly string[];
}

export interface LoadedScenario {
  scenario: Scenario;
  catalogs: CatalogInfo[];
  /** Every file this scenario was read from (the scenario and its catalogs), as paths on disk. */
  inputs: string[];
  /** Where every input value came from, for `explain`. */
  provenance: Provenance;
  /** The ranges in the scenario (computed at their point values). */
  uncertain: UncertainInput[];
  /** The same scenario with some fields set to other written values (for sensitivity and sampling). */
  variant: (replacements: readonly { path: readonly (string | number)[]; value: unknown }[]) => Scenario;
  /** The scenario with one uncertain input set to a number in its written unit (sensitivity, sampling, range checks). */
  at: (input: UncertainInput, value: number) => Scenario;
}

/** A problem found by a cross-field rule: a path in the scenario and what is wrong there. */
interface RuleProblem {
  path: readonly PropertyKey[];
  message: string;
  at?: "key" | "value";
}

type Sides = "rent" | "own";

/** What one scenario's loads share: catalog files as read, and catalogs as validated. */
interface LoadCache {
  files: Map<string, SourceFile>;
  catalogs: Map<string, LoadedCatalog<Sides>>;
}

/** Reads a scenario file and every catalog it names; throws InputError listing every problem. */
export function loadScenario(path: string, options: LoadOptions = {}): LoadedScenario {
  return fromSource(readYamlFile(path), path, options);
}

/** The same from a parsed source (tests and `validate` use this). */
export function fromSource(src: SourceFile, file: string, options: LoadOptions = {}): LoadedScenario {
  checkPricingDirs(options.pricingDirs ?? []);
  // Ranges stand where numbers do: they are computed at their point values.
  const { value, inputs: uncertain } = extractRanges(src);
  // The catalogs are read and validated once: the scenario's variants (one per range end) reuse
  // them unless a variant changes the catalog's name or the prices the scenario overrides.
  const read: LoadCache = { files: new Map(), catalogs: new Map() };
  const { scenario, catalogs, inputs, provenance } = fromValue(src, value, file, options, read);
  const variant: LoadedScenario["variant"] = (replacements) => {
    let v = value;
    for (const r of replacements) v = withValue(v, r.path, r.value);
    return fromValue(src, v, file, options, read).scenario;
  };
  // Provenance walks the YAML tree once per input; only explain and report read it.
  let origins: Provenance | undefined;
  return {
    scenario,
    catalogs,
    inputs,
    get provenance() {
      origins ??= provenance();
      return origins;
    },
    uncertain,
    variant,
    at: (input, n) => variant([{ path: input.path, value: writeValue(n, input.dist.suffix) }]),
  };
}

/** Validates scenario data read from `src` (whose positions locate problems) and loads its catalogs. */
function fromValue(
  src: SourceFile,
  value: unknown,
  file: string,
  options: LoadOptions,
  read: LoadCache,
): Omit<LoadedScenario, "uncertain" | "variant" | "at" | "provenance"> & { provenance: () => Provenance } {
  const fail = (problems: Problem[]): never => {
    throw new InputError(sortProblems(problems));
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const what = value === null ? "the file is empty; expected" : "expected";
    fail([
      problemIn(src, [], `${what} a scenario: a mapping with version, name, currency, horizon, rent and own`),
    ]);
  }

  // Every problem in one pass: a bad currency or fx rate does not hide the rest of the file. The
  // money fields are then read in a stand-in currency (the one written, in capitals, or XXX, ISO
  // 4217's "no currency"), so they report their own problems and none that follow from the header's.
  const header = moneyHeaderSchema.safeParse(value);
  const headerProblems: Problem[] = header.success
    ? []
    : zodProblems(header.error.issues, sameFile(src), moneyHeaderSchema);
  const raw = value as { currency?: unknown; fx?: unknown };
  const written = typeof raw.currency === "string" ? raw.currency.trim().toUpperCase() : "";
  const { currency, fx = {} } = header.success
    ? (header.data as { currency: string; fx?: Record<string, Decimal> })
    : { currency: /^[A-Z]{3}$/.test(written) ? written : "XXX", fx: {} as Record<string, Decimal> };
  for (const code of Object.keys(fx)) {
    if (!/^[A-Z]{3}$/.test(code))
      headerProblems.push(
        problemIn(
          src,
          ["fx", code],
          `expected a three-letter currency code, got ${JSON.stringify(code)}`,
          "key",
        ),
      );
    if (code === currency)
      headerProblems.push(
        problemIn(src, ["fx", code], `${code} is the scenario's own currency; it needs no rate`, "key"),
      );
  }
  const rate = (code: string) => (Object.hasOwn(fx, code) ? fx[code] : undefined);
  // Without a valid header an fx rate may be missing for reasons the header already reports.
  const ctx: MoneyContext = {
    defaultCurrency: currency,
    scenarioCurrency: currency,
    rate: header.success ? rate : () => new Decimal(1),
  };

  const catalogFor = <S extends Sides>(
    side: S,
    ref: unknown,
    overrides: unknown,
    problems: Problem[],
  ): LoadedCatalog<S> | undefined => {
    if (typeof ref !== "string") return undefined;
    const key = `${side}\u0000${ref}\u0000${currency}\u0000${JSON.stringify(overrides ?? null)}`;
    const known = read.catalogs.get(key);
    if (known) return known as LoadedCatalog<S>;
    const found: Problem[] = [];
    const loaded = loadCatalog(
      {
        side,
        ref,
        scenario: src,
        scenarioFile: file,
        overrides,
        pricingDirs: options.pricingDirs ?? [],
        scenarioCurrency: currency,
        rate: ctx.rate,
        read: read.files,
      },
      found,
    );
    for (const p of found) problems.push(p);
    if (loaded && found.length === 0 && header.success) read.catalogs.set(key, loaded);
    return loaded;
  };

  const schema = scenarioSchema(ctx);
  // With a bad header the rest is read with the stand-in currency and no fx: its problems are
  // already listed, and the rest of the file is checked as far as it goes.
  const parsed = schema.safeParse(
    header.success ? value : Object.assign(Object.create(null), value, { currency, fx: undefined }),
  );
  if (!parsed.success) {
    // The catalogs named are checked too, so a misspelt catalog shows up with the rest.
    const problems = [...headerProblems, ...zodProblems(parsed.error.issues, sameFile(src), schema)];
    for (const side of ["rent", "own"] as const) {
      const part = (value as Record<string, unknown>)[side];
      if (typeof part === "object" && part !== null)
        catalogFor(
          side,
          (part as { catalog?: unknown }).catalog,
          (part as { prices?: unknown }).prices,
          problems,
        );
    }
    fail(problems);
  }
  const input = parsed.data as ScenarioInput;

  const problems: Problem[] = [
    ...headerProblems,
    ...rules(input).map((r) => problemIn(src, r.path, r.message, r.at)),
  ];
  const rentCatalog = catalogFor("rent", input.rent.catalog, input.rent.prices, problems);
  const ownCatalog = catalogFor("own", input.own.catalog, input.own.prices, problems);
  if (problems.length > 0) fail(problems);

  const derivedProblems: RuleProblem[] = [];
  const rentDerived = rentCatalog && buildRentDerived(input, rentCatalog, derivedProblems);
  const ownDerived = ownCatalog && buildOwnDerived(input, ownCatalog, rentDerived, derivedProblems);
  if (derivedProblems.length > 0) fail(derivedProblems.map((r) => problemIn(src, r.path, r.message, r.at)));

  const horizon = input.horizon;
  const business = input.business;
  const w = input.workload;
  const scenario: Scenario = {
    name: input.name,
    currency,
    start: input.start,
    horizonMonths: horizon,
    fx: Object.keys(fx)
      .sort()
      .map((code) => ({ code, rate: fx[code] as Decimal })),
    business: business && {
      revenuePerYear: business.revenue.times(12),
      revenueGrowth: business.revenueGrowth ?? ZERO,
      netProfitPerYear: business.netProfit?.times(12),
      netProfitGrowth: business.netProfitGrowth ?? ZERO,
      taxRate: business.taxRate,
      valuation:
        business.valuation ??
        (business.peMultiple === undefined ? undefined : { multiple: business.peMultiple, of: "netProfit" }),
      discountRate: business.discountRate ?? ZERO,
    },
    workload: {
      vcpu: w?.compute && { atMonth1: w.compute.vcpu, growth: w.compute.growth ?? ZERO },
      storedBytes: w?.storage && { atMonth1: w.storage.stored, growth: w.storage.growth ?? ZERO },
      egressBytesPerMonth: w?.egress && { atMonth1: w.egress.volume, growth: w.egress.growth ?? ZERO },
      gpu: w?.gpu && { atMonth1: w.gpu.count, growth: w.gpu.growth ?? ZERO },
      surges: (w?.surges ?? []).map((x) => ({
        name: x.name,
        month: x.month,
        duration: x.duration,
        extra: x.extra,
      })),
    },
    rent: { items: (input.rent.items ?? []).map((i) => toItem(i, horizon, "rent")), derived: rentDerived },
    own: {
      items: (input.own.items ?? []).map((i) => toItem(i, horizon, "own")),
      derived: ownDerived,
      staff: input.own.staff && { fte: input.own.staff.fte, costPerFtePerMonth: input.own.staff.costPerFte },
      residual: input.own.residual ?? "none",
    },
    migration: input.migration && buildMigration(input.migration, rentDerived, horizon),
    gates: gateSpecs(input),
  };
  const catalogs = [rentCatalog?.info, ownCatalog?.info].filter((c): c is CatalogInfo => c !== undefined);
  const inputs = [file, ...[rentCatalog?.path, ownCatalog?.path].filter((p): p is string => p !== undefined)];
  const provenance = () =>
    buildProvenance(
      { ...src, value }, // ranges appear as their point values
      [rentCatalog, ownCatalog]
        .filter((c): c is LoadedCatalog<"rent"> | LoadedCatalog<"own"> => c !== undefined)
        .map((c) => ({
          side: c.info.side,
          src: c.src,
          name: c.info.name,
          asOf: c.info.asOf,
          source: c.info.source,
          overrides: c.overrides,
        })),
    );
  return { scenario, catalogs, inputs, provenance };
}

/** `{ loan: { rate, term } }` or `{ lease: … }` as the model's financing (the rules check there is one). */
function financingOf(
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

function toItem(item: ItemInput, horizon: number, side: "rent" | "own" | "migration"): LineItem {
  const category =
    item.category ??
    (side === "migration" ? "migration" : inferCategory(item.name, side, item.capex !== undefined));
  const inferred = item.category === undefined ? { inferred: true } : {};
  if (item.capex !== undefined) {
    return {
      kind: "capex",
      name: item.name,
      category,
      ...inferred,
      amount: item.capex,
      month: item.month ?? 1,
      lifetimeMonths: item.lifetime ?? 1,
      refresh: item.refresh ?? false,
      salvage: item.salvage ?? ZERO,
      financing: financingOf(item.financing),
    };
  }
  const perMonth = item.monthly ?? (item.yearly ?? ZERO).dividedBy(12);
  return {
    kind: "recurring",
    name: item.name,
    category,
    ...inferred,
    perMonth,
    from: item.from ?? 1,
    to: item.to ?? horizon,
    growth: item.growth ?? ZERO,
  };
}

function buildMigration(
  m: NonNullable<ScenarioInput["migration"]>,
  rent: RentDerived | undefined,
  horizon: number,
): Migration {
  return {
    start: m.start ?? 1,
    dataBytes: m.data,
    linkBitsPerSecond: m.link,
    rampMonths: m.duration,
    egressWaiver: m.egressWaiver !== undefined && m.egressWaiver !== false,
    waiverMonths: typeof m.egressWaiver === "number" ? m.egressWaiver : undefined,
    egress: rent?.prices.egress,
    priceTrend: rent?.priceTrend ?? ZERO,
    items: (m.items ?? []).map((i) => toItem(i, horizon, "migration")),
    commitments: (m.commitments ?? []).map((c) => {
      const perMonth = (x: { monthly?: Decimal | undefined; yearly?: Decimal | undefined }) =>
        x.monthly ?? (x.yearly ?? ZERO).dividedBy(12);
      // A schedule rolls off step by step: each step runs from the month after the previous one.
      let from = c.from ?? 1;
      const steps = c.schedule
        ? c.schedule.map((x) => {
            const step = { perMonth: perMonth(x), from, to: x.until };
            from = x.until + 1;
            return step;
          })
        : [{ perMonth: perMonth(c), from, to: c.until ?? from }];
      return { name: c.name, steps };
    }),
  };
}

/** The bounds of one gate level, in the scenario's words. */
type Bounds = {
  min?: Decimal | undefined;
  max?: Decimal | undefined;
  maxIncreasePct?: Decimal | undefined;
  maxDecreasePct?: Decimal | undefined;
};
const BOUND_KEYS = ["min", "max", "maxIncreasePct", "maxDecreasePct"] as const;

function boundSpecs(metric: GateMetric, b: Bounds, level: "fail" | "warn", at: string): GateSpec[] {
  const out: GateSpec[] = [];
  const add = (key: keyof Bounds, bound: "min" | "max", relative: boolean) => {
    const value = b[key];
    // maxDecreasePct: 10 means at least the baseline - 10%: a signed change of -10.
    const limit = key === "maxDecreasePct" ? value?.negated() : value;
    if (limit !== undefined)
      out.push({ metric, bound, level, limit, relative, percentile: undefined, from: `${at}.${key}` });
  };
  add("min", "min", false);
  add("max", "max", false);
  add("maxIncreasePct", "max", true);
  add("maxDecreasePct", "min", true);
  return out;
}

function gateSpecs(input: ScenarioInput): GateSpec[] {
  const specs: GateSpec[] = [];
  for (const [metric, bounds] of Object.entries(input.gates ?? {})) {
    if (!bounds) continue;
    const m = metric as GateMetric;
    for (const x of boundSpecs(m, bounds, "fail", `gates.${metric}`)) specs.push(x);
    if (bounds.warn)
      for (const x of boundSpecs(m, bounds.warn, "warn", `gates.${metric}.warn`)) specs.push(x);
    for (const p of [10, 50, 90] as const) {
      const pb = bounds[`p${p}`];
      if (pb)
        specs.push(
          ...boundSpecs(m, pb, "fail", `gates.${metric}.p${p}`).map((g) => ({ ...g, percentile: p })),
        );
    }
  }
  return specs;
}

function rules(input: ScenarioInput): RuleProblem[] {
  const business: RuleProblem[] =
    input.business?.peMultiple !== undefined && input.business.valuation !== undefined
      ? [
          {
            path: ["business", "valuation"],
            message:
              "give peMultiple or valuation, not both: peMultiple: 20 is valuation: { multiple: 20, of: netProfit }",
            at: "key",
          },
        ]
      : [];
  return [...itemRules(input), ...sideRules(input), ...gateRules(input), ...business];
}

/** Items on one side at most: far beyond any real bill, small enough to compute a 50-year ledger fast. */
export const MAX_ITEMS = 1000;

function itemRules(input: ScenarioInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  const lists: [string, readonly PropertyKey[], readonly ItemInput[]][] = [
    ["rent", ["rent", "items"], input.rent.items ?? []],
    ["own", ["own", "items"], input.own.items ?? []],
    ["the migration", ["migration", "items"], input.migration?.items ?? []],
  ];
  for (const [side, prefix, items] of lists) {
    if (items.length > MAX_ITEMS)
      out.push({
        path: prefix,
        message: `${items.length} items; at most ${MAX_ITEMS} on a side (group small costs into one item)`,
      });
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const at = (key?: string): readonly PropertyKey[] => (key ? [...prefix, i, key] : [...prefix, i]);
      const kinds = (["monthly", "yearly", "capex"] as const).filter((k) => item[k] !== undefined);
      if (kinds.length === 0)
        out.push({ path: at(), message: "an item needs one of monthly, yearly or capex" });
      if (kinds.length > 1)
        out.push({
          path: at(kinds[1]),
          message: `an item is one kind: it has both ${kinds[0]} and ${kinds[1]}; split it into two items`,
          at: "key",
        });
      if (kinds.length > 1) {
        // One message is enough: what else is wrong depends on which kind was meant.
      } else if (item.capex !== undefined) {
        if (item.lifetime === undefined)
          out.push({
            path: at(),
            message: "a capex item needs a lifetime to depreciate over, such as lifetime: 5y",
          });
        for (const key of ["from", "to"] as const)
          if (item[key] !== undefined)
            out.push({
              path: at(key),
              message: `${key} applies to monthly and yearly items; a capex item is paid in its month`,
              at: "key",
            });
        if (item.financing && Boolean(item.financing.loan) === Boolean(item.financing.lease))
          out.push({
            path: at("financing"),
            message:
              "financing is a loan or a lease: give one, such as { loan: { rate: 6%/yr, term: 36mo } }",
          });
        if (item.growth !== undefined)
          out.push({
            path: at("growth"),
            message:
              "growth applies to monthly and yearly items; a capex item is one price, paid in its month",
            at: "key",
          });
        if (item.month !== undefined && item.month > input.horizon)
          out.push({
            path: at("month"),
            message: `month ${item.month} is after the horizon (${input.horizon} months)`,
          });
      } else {
        for (const key of ["lifetime", "month", "refresh", "salvage", "financing"] as const)
          if (item[key] !== undefined)
            out.push({ path: at(key), message: `${key} applies only to capex items`, at: "key" });
        if (item.from !== undefined && item.to !== undefined && item.from > item.to)
          out.push({
            path: at("to"),
            message: `the last month (${item.to}) is before the first (${item.from})`,
          });
      }
      const previous = seen.get(item.name);
      if (previous !== undefined)
        out.push({
          path: at("name"),
          message: `${side} already has an item named ${JSON.stringify(item.name)} (item ${previous + 1}); names must be unique on a side`,
        });
      else seen.set(item.name, i);
    });
  }
  return out;
}

function sideRules(input: ScenarioInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  const { rent, own, workload } = input;
  const onlyWithCatalog = (side: Sides, keys: readonly string[]) => {
    if (input[side].catalog !== undefined) return;
    for (const key of keys)
      if ((input[side] as Record<string, unknown>)[key] !== undefined)
        out.push({
          path: [side, key],
          message: `${key} applies only when ${side}.catalog prices the workload`,
          at: "key",
        });
  };
  onlyWithCatalog("rent", ["prices", "discount", "support", "commitment", "egressBilling", "priceTrend"]);
  onlyWithCatalog("own", [
    "prices",
    "utilization",
    "redundancy",
    "fillRatio",
    "lifetime",
    "leadTime",
    "refresh",
    "financing",
    "gpuUtilization",
  ]);
  if (own.financing && Boolean(own.financing.loan) === Boolean(own.financing.lease))
    out.push({
      path: ["own", "financing"],
      message: "financing is a loan or a lease: give one, such as { loan: { rate: 6%/yr, term: 36mo } }",
    });
  if (own.strategy === "hybrid") {
    if (own.baseline === undefined)
      out.push({
        path: ["own", "strategy"],
        message: "strategy: hybrid needs own.baseline, such as baseline: { share: 70% }",
      });
    if (own.catalog === undefined || !workload?.compute)
      out.push({
        path: ["own", "strategy"],
        message:
          "strategy: hybrid sizes owned servers for part of workload.compute; it needs own.catalog and workload.compute",
      });
    if (rent.catalog === undefined)
      out.push({
        path: ["own", "strategy"],
        message:
          "strategy: hybrid buys the burst at the cloud's on-demand compute price; it needs rent.catalog",
      });
  } else if (own.baseline !== undefined) {
    out.push({
      path: ["own", "baseline"],
      message: "baseline applies only with strategy: hybrid",
      at: "key",
    });
  }
  const b = own.baseline;
  if (b && (b.share === undefined) === (b.percentile === undefined))
    out.push({
      path: ["own", "baseline"],
      message: "a baseline is either a share or a percentile, such as { share: 70% } or { percentile: 50 }",
    });
  for (const x of migrationRules(input)) out.push(x);
  const hasWorkload = workload && (workload.compute || workload.storage || workload.egress || workload.gpu);
  if (hasWorkload && rent.catalog === undefined && own.catalog === undefined)
    out.push({
      path: ["workload"],
      message: "the workload is priced by a catalog, but neither rent.catalog nor own.catalog names one",
      at: "key",
    });
  for (const side of ["rent", "own"] as const)
    if (input[side].catalog !== undefined && !hasWorkload)
      out.push({
        path: [side, "catalog"],
        message: `a catalog prices the workload, but the scenario has no workload (compute, storage, egress or gpu)`,
      });
  const ownHasCosts = own.catalog !== undefined || (own.items ?? []).length > 0 || own.staff !== undefined;
  const rentHasCosts = rent.catalog !== undefined || (rent.items ?? []).length > 0;
  if (!rentHasCosts)
    out.push({
      path: ["rent"],
      message: "the rent side has no costs: give it items or a catalog",
      at: "key",
    });
  if (!ownHasCosts)
    out.push({
      path: ["own"],
      message: "the own side has no costs: give it items, staff or a catalog",
      at: "key",
    });
  return out;
}

function migrationRules(input: ScenarioInput): RuleProblem[] {
  const m = input.migration;
  if (!m) return [];
  const out: RuleProblem[] = [];
  const start = m.start ?? 1;
  if (start > input.horizon)
    out.push({
      path: ["migration", "start"],
      message: `month ${start} is after the horizon (${input.horizon} months)`,
    });
  const stored = input.workload?.storage;
  const data = m.data ?? (stored && grown({ atMonth1: stored.stored, growth: stored.growth ?? ZERO }, start));
  const moves = data !== undefined && !data.isZero();
  if (m.egressWaiver !== true && input.rent.catalog === undefined && moves)
    out.push({
      path: ["migration"],
      message:
        "the data moved out is priced at the cloud's egress tiers; add rent.catalog, or declare egressWaiver: true",
      at: "key",
    });
  if (moves && m.link === undefined)
    out.push({
      path: ["migration"],
      message: `migration.link is required to move ${m.data !== undefined ? "migration.data" : "the data stored"}: give the link's speed, such as link: 10 Gbps (or data: 0 when nothing moves)`,
      at: "key",
    });
  if (data && m.link !== undefined && m.duration !== undefined) {
    const transfer = data.times(8).dividedBy(m.link).dividedBy(SECONDS_PER_MONTH);
    if (transfer.greaterThan(m.duration))
      out.push({
        path: ["migration", "duration"],
        message: `services cannot finish moving in ${m.duration} months: the data takes ${transfer.toDecimalPlaces(2).toString()} months over the link; make the duration at least ${transfer.ceil().toString()} months or the link faster`,
      });
  }
  (m.commitments ?? []).forEach((c, i) => {
    const at = (key?: string): readonly PropertyKey[] =>
      key ? ["migration", "commitments", i, key] : ["migration", "commitments", i];
    if (c.schedule) {
      for (const key of ["monthly", "yearly", "until"] as const)
        if (c[key] !== undefined)
          out.push({
            path: at(key),
            message: `${key} goes in the schedule's steps when a commitment rolls off`,
            at: "key",
          });
      let previous = (c.from ?? 1) - 1;
      c.schedule.forEach((x, k) => {
        if ((x.monthly === undefined) === (x.yearly === undefined))
          out.push({ path: [...at("schedule"), k], message: "a step bills either monthly or yearly" });
        if (x.until <= previous)
          out.push({
            path: [...at("schedule"), k, "until"],
            message: `each step must end after the one before (month ${previous}), got ${x.until}`,
          });
        previous = x.until;
      });
    } else {
      if ((c.monthly === undefined) === (c.yearly === undefined))
        out.push({ path: at(), message: "a commitment bills either monthly or yearly" });
      if (c.until === undefined)
        out.push({ path: at(), message: "a commitment needs until: the last month billed", at: "key" });
      else if (c.from !== undefined && c.until < c.from)
        out.push({
          path: at("until"),
          message: `the last month (${c.until}) is before the first (${c.from})`,
        });
    }
  });
  return out;
}

function gateRules(input: ScenarioInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  for (const [metric, bounds] of Object.entries(input.gates ?? {})) {
    const none = (b: Bounds | undefined) => !b || BOUND_KEYS.every((k) => b[k] === undefined);
    if (bounds && none(bounds) && none(bounds.warn) && !bounds.p10 && !bounds.p50 && !bounds.p90)
      out.push({
        path: ["gates", metric],
        message:
          "a gate needs a bound: min, max, maxIncreasePct or maxDecreasePct (or under warn:), such as { max: 24 }",
      });
    for (const p of ["p10", "p50", "p90"] as const) {
      const pb = bounds?.[p];
      if (!pb) continue;
      if (!(SAMPLED_GATE_METRICS as readonly string[]).includes(metric))
        out.push({
          path: ["gates", metric, p],
          message: `the simulation does not sample ${metric}; percentile gates go on ${SAMPLED_GATE_METRICS.join(", ")}`,
          at: "key",
        });
    }
    if ((BUSINESS_GATE_METRICS as readonly string[]).includes(metric) && !input.business)
      out.push({
        path: ["gates", metric],
        message: `the ${metric} gate needs business figures (business: revenue, taxRate)`,
        at: "key",
      });
  }
  return out;
}

// ---------------------------------------------------------------- derived sides

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

function buildRentDerived(
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
        message: `catalog ${name} has no ${entry} price, which workload.${what} needs`,
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
  return {
    catalog: name,
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

function buildOwnDerived(
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
  return {
    catalog: name,
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
