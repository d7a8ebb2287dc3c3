import type { Provenance } from "../model/provenance.js";
import type { CatalogInfo } from "../model/result.js";
import type { LineItem, Migration, RentDerived, Scenario } from "../model/scenario.js";
import type { UncertainInput } from "../model/uncertainty.js";
import { Decimal, ZERO } from "../units/decimal.js";
import { inferCategory } from "./categories.js";
import { buildOwnDerived, buildRentDerived, financingOf, type Sides } from "./derivedSides.js";
import type { MoneyContext } from "./fields.js";
import { checkPricingDirs, type HardwarePicks, type LoadedCatalog, loadCatalog } from "./loadCatalog.js";
import { InputError, type Problem } from "./problems.js";
import { buildProvenance } from "./provenance.js";
import { gateSpecs } from "./scenarioGates.js";
import { type RuleProblem, rules } from "./scenarioRules.js";
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
  at: (settings: readonly (readonly [input: UncertainInput, value: number])[]) => Scenario;
}

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
    at: (settings) =>
      variant(settings.map(([input, n]) => ({ path: input.path, value: writeValue(n, input.dist.suffix) }))),
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
    picks?: HardwarePicks,
  ): LoadedCatalog<S> | undefined => {
    if (typeof ref !== "string") return undefined;
    const key = `${side}\u0000${ref}\u0000${currency}\u0000${JSON.stringify(overrides ?? null)}\u0000${JSON.stringify(picks ?? null)}`;
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
        picks,
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
  const ownCatalog = catalogFor("own", input.own.catalog, input.own.prices, problems, {
    server: input.own.server,
    storageNode: input.own.storageNode,
    gpuServer: input.own.gpuServer,
  });
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
          picked: c.picked,
        })),
    );
  return { scenario, catalogs, inputs, provenance };
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
