import { createHash } from "node:crypto";
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { CatalogInfo, Side } from "../model/result.js";
import type { Decimal } from "../units/decimal.js";
import {
  catalogHeaderSchema,
  catalogSchema,
  HARDWARE,
  type HardwareEntry,
  type OwnCatalogInput,
  type RentCatalogInput,
} from "./catalogSchema.js";
import type { MoneyContext } from "./fields.js";
import { didYouMean, InputError, type Problem } from "./problems.js";
import { problemIn, readYamlFile, type SourceFile } from "./yamlSource.js";
import { type Locator, zodProblems } from "./zodProblems.js";

/** The catalogs shipped with the tool: `<package>/pricing/`. */
export const SHIPPED_PRICING_DIR = fileURLToPath(new URL("../../pricing/", import.meta.url));

const BARE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Where a catalog reference points, and how to show that path to the user. */
interface Resolved {
  file: string;
  display: string;
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** Every --pricing folder must exist: a typo must not fall back to the shipped catalogs silently. */
export function checkPricingDirs(dirs: readonly string[]): void {
  const problems: Problem[] = dirs
    .filter((d) => {
      try {
        return !statSync(d).isDirectory();
      } catch {
        return true;
      }
    })
    .map((d) => ({
      file: d,
      line: undefined,
      col: undefined,
      field: "",
      message: "no such folder (given with --pricing)",
      sourceLine: undefined,
    }));
  if (problems.length > 0) throw new InputError(problems);
}

/** The names of the catalogs in a folder (file names without `.yaml`). */
export function catalogNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => f.slice(0, -".yaml".length))
      .sort();
  } catch {
    return [];
  }
}

/**
 * A bare name (`aws-us-east-1`) is looked up in the `--pricing` folders, then in the shipped
 * `pricing/`; anything with a slash or a .yaml ending is a path relative to the scenario file.
 */
function resolveCatalog(
  ref: string,
  scenarioFile: string,
  pricingDirs: readonly string[],
): Resolved | string {
  if (ref.includes("/") || ref.includes("\\") || /\.ya?ml$/i.test(ref)) {
    if (!/\.ya?ml$/i.test(ref)) return `a catalog path must name a .yaml file, got ${JSON.stringify(ref)}`;
    const file = isAbsolute(ref) ? ref : resolve(dirname(scenarioFile), ref);
    // A scenario from a pull request must not read (or quote in errors) files elsewhere on the
    // machine, nor learn whether they exist: a catalog path must lie inside the project folder —
    // the working folder when it holds the scenario, else the scenario's own folder — or a
    // --pricing folder, and a file outside gets the same answer as a missing one.
    const cwd = realpathOr(process.cwd());
    const own = realpathOr(dirname(resolve(scenarioFile)));
    const within = (path: string, root: string) =>
      path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
    const roots = [within(own, cwd) ? cwd : own, ...pricingDirs.map(realpathOr)];
    const real = realpathOr(file);
    if (!existsSync(file) || !roots.some((root) => within(real, root)))
      return `no catalog file at ${ref} in the project folder (${relative(process.cwd(), roots[0] as string) || "."}) or a --pricing folder`;
    return { file, display: relative(process.cwd(), file) || file };
  }
  if (!BARE_NAME.test(ref))
    return `expected a catalog name such as aws-us-east-1 or a path such as ./my-prices.yaml, got ${JSON.stringify(ref)}`;
  for (const dir of pricingDirs) {
    const file = join(dir, `${ref}.yaml`);
    if (existsSync(file)) return { file, display: relative(process.cwd(), file) || file };
  }
  const shipped = join(SHIPPED_PRICING_DIR, `${ref}.yaml`);
  if (existsSync(shipped)) return { file: shipped, display: `pricing/${ref}.yaml` };
  const known = [...pricingDirs.flatMap(catalogNames), ...catalogNames(SHIPPED_PRICING_DIR)];
  const guess = didYouMean(ref, known);
  return `no catalog named ${JSON.stringify(ref)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : `; available: ${known.join(", ") || "none"}`}`;
}

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Scenario overrides replace catalog prices key by key within each price entry (a list such as
 * `tiers` is replaced whole). Returns the merged catalog data and the overridden paths.
 */
function mergeOverrides(catalog: unknown, overrides: unknown): { merged: unknown; overridden: string[] } {
  if (!isMapping(catalog) || !isMapping(overrides)) return { merged: catalog, overridden: [] };
  const prices: Record<string, unknown> = Object.assign(
    Object.create(null),
    isMapping(catalog.prices) ? catalog.prices : {},
  );
  const overridden: string[] = [];
  for (const [entry, value] of Object.entries(overrides)) {
    const base = prices[entry];
    if (isMapping(value) && isMapping(base)) {
      prices[entry] = Object.assign(Object.create(null), base, value);
      for (const key of Object.keys(value)) overridden.push(`${entry}.${key}`);
    } else {
      prices[entry] = value;
      overridden.push(entry);
    }
  }
  return { merged: Object.assign(Object.create(null), catalog, { prices }), overridden };
}

export type CatalogPrices<S extends Side> = S extends "rent" ? RentCatalogInput : OwnCatalogInput;

/** The hardware models a scenario picks by name: own.server, own.storageNode, own.gpuServer. */
export type HardwarePicks = Partial<Record<HardwareEntry, string | undefined>>;

/**
 * A catalog's lists of hardware models, checked as a whole: one model or a list, not both; names
 * unique; at most one default.
 */
function checkModels(value: unknown, locate: Locator, problems: Problem[]): void {
  const prices = isMapping(value) && isMapping(value.prices) ? value.prices : {};
  for (const [entry, listKey] of Object.entries(HARDWARE)) {
    const list = prices[listKey];
    if (!Array.isArray(list)) continue;
    const at = (path: PropertyKey[], message: string, where?: "key") => {
      const l = locate(["prices", listKey, ...path]);
      problems.push(problemIn(l.src, l.path, message, where));
    };
    if (prices[entry] !== undefined)
      at([], `give one ${entry}, or several models as ${listKey}, not both`, "key");
    if (list.length === 0) at([], `expected at least one model in ${listKey}`);
    const seen = new Set<unknown>();
    list.forEach((m, i) => {
      const name = isMapping(m) ? m.name : undefined;
      if (typeof name === "string" && seen.has(name))
        at([i, "name"], `${JSON.stringify(name)} is listed twice; each model needs its own name`);
      seen.add(name);
    });
    const defaults = list.flatMap((m, i) => (isMapping(m) && m.default === true ? [i] : []));
    for (const i of defaults.slice(1))
      at([i, "default"], `only one model in ${listKey} can be the default`, "key");
  }
}

/**
 * A catalog that lists several models of a kind of hardware (`storageNodes:`) is read as if it
 * listed only the one the scenario picks (own.storageNode: NAME), or else its default (the model
 * marked default: true, or the first), as `storageNode:`. Returns that reading of the catalog and
 * where each picked model sits in its list. A pick the catalog cannot satisfy is the scenario's
 * problem.
 */
function pickModels(
  value: unknown,
  picks: HardwarePicks,
  catalog: string,
  scenario: SourceFile,
  problems: Problem[],
): { value: unknown; picked: Partial<Record<HardwareEntry, number>> } {
  const picked: Partial<Record<HardwareEntry, number>> = {};
  if (!isMapping(value) || !isMapping(value.prices)) return { value, picked };
  const prices: Record<string, unknown> = Object.assign(Object.create(null), value.prices);
  for (const entry of Object.keys(HARDWARE) as HardwareEntry[]) {
    const listKey = HARDWARE[entry];
    const list = prices[listKey];
    const pick = picks[entry];
    const problem = (message: string) => problems.push(problemIn(scenario, ["own", entry], message));
    if (list === undefined) {
      if (pick === undefined) continue;
      const one = prices[entry];
      problem(
        isMapping(one)
          ? `catalog ${catalog} lists one ${entry} (${String(one.model)}), not models by name; remove own.${entry}, or list models as ${listKey} in the catalog`
          : `catalog ${catalog} lists no ${entry}`,
      );
      continue;
    }
    // A malformed list, or one beside a single model, is left for the catalog's checks to report.
    if (!Array.isArray(list) || !list.every(isMapping) || list.length === 0 || prices[entry] !== undefined)
      continue;
    const names = list.map((m) => String(m.name));
    const index =
      pick !== undefined
        ? names.indexOf(pick)
        : Math.max(
            0,
            list.findIndex((m) => m.default === true),
          );
    if (index < 0) {
      const guess = didYouMean(pick as string, names);
      problem(
        `catalog ${catalog} has no ${entry} named ${JSON.stringify(pick)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ""} It lists ${names.join(", ")}`,
      );
      continue;
    }
    const { name: _name, default: _default, ...model } = list[index] as Record<string, unknown>;
    prices[entry] = model;
    delete prices[listKey];
    picked[entry] = index;
  }
  return { value: Object.assign(Object.create(null), value, { prices }), picked };
}

export interface LoadedCatalog<S extends Side> {
  info: CatalogInfo;
  prices: CatalogPrices<S>;
  src: SourceFile;
  /** The catalog file on disk. */
  path: string;
  /** The scenario's overrides of this catalog's prices, as written (for provenance). */
  overrides: Record<string, unknown> | undefined;
  /** Where each hardware model the scenario uses sits in its catalog list (`storageNodes[1]`). */
  picked: Partial<Record<HardwareEntry, number>>;
}

export interface CatalogRequest<S extends Side> {
  side: S;
  ref: string;
  scenario: SourceFile;
  scenarioFile: string;
  /** The scenario's `prices:` overrides for this side, as written. */
  overrides: unknown;
  /** The hardware models the scenario picks by name (own side). */
  picks?: HardwarePicks | undefined;
  pricingDirs: readonly string[];
  scenarioCurrency: string;
  rate: (code: string) => Decimal | undefined;
  /** Catalog files already read for this scenario (its variants reuse them instead of reading again). */
  read: Map<string, SourceFile>;
}

/** Finds, reads and validates one catalog; problems go into `problems`, and undefined comes back. */
export function loadCatalog<S extends Side>(
  req: CatalogRequest<S>,
  problems: Problem[],
): LoadedCatalog<S> | undefined {
  const refPath = [req.side, "catalog"];
  const resolved = resolveCatalog(req.ref, req.scenarioFile, req.pricingDirs);
  if (typeof resolved === "string") {
    problems.push(problemIn(req.scenario, refPath, resolved));
    return undefined;
  }
  let src = req.read.get(resolved.file);
  if (!src) {
    src = readYamlFile(resolved.file, resolved.display);
    req.read.set(resolved.file, src);
  }
  const header = catalogHeaderSchema.safeParse(src.value);
  if (!header.success) {
    for (const x of zodProblems(header.error.issues, (path) => ({ src, path }), catalogHeaderSchema))
      problems.push(x);
    return undefined;
  }
  const h = header.data;
  if (h.side !== req.side) {
    problems.push(
      problemIn(
        req.scenario,
        refPath,
        `catalog ${h.name} prices the ${h.side} side; ${req.side}.catalog needs a ${req.side} catalog`,
      ),
    );
    return undefined;
  }
  const rate = h.currency === req.scenarioCurrency ? undefined : req.rate(h.currency);
  if (h.currency !== req.scenarioCurrency && !rate) {
    problems.push(
      problemIn(
        req.scenario,
        refPath,
        `catalog ${h.name} is priced in ${h.currency} but the scenario reports in ${req.scenarioCurrency}; add \`fx: { ${h.currency}: <${req.scenarioCurrency} per ${h.currency}> }\``,
      ),
    );
    return undefined;
  }
  if (req.overrides !== undefined && !isMapping(req.overrides)) {
    problems.push(
      problemIn(
        req.scenario,
        [req.side, "prices"],
        "expected price overrides as a mapping, such as { compute: { vcpuHour: 0.04 } }",
      ),
    );
    return undefined;
  }
  const inCatalog: Locator = (path) => ({ src, path });
  const before = problems.length;
  checkModels(src.value, inCatalog, problems);
  const { value: reading, picked } = pickModels(src.value, req.picks ?? {}, h.name, req.scenario, problems);
  if (problems.length > before) return undefined;
  const { merged, overridden } = mergeOverrides(reading, req.overrides);
  const overrides = isMapping(req.overrides) ? req.overrides : undefined;
  // A problem in an overridden price is the scenario's, not the catalog's; one in a picked model
  // is at its place in the catalog's list.
  const locate: Locator = (path) => {
    const [top, entry, key, ...rest] = path;
    if (top === "prices" && overrides && typeof entry === "string" && Object.hasOwn(overrides, entry)) {
      const o = overrides[entry];
      if (!isMapping(o) || (typeof key === "string" && Object.hasOwn(o, key)))
        return {
          src: req.scenario,
          path: [req.side, "prices", entry, ...(key === undefined ? [] : [key]), ...rest],
        };
    }
    const index = top === "prices" ? picked[entry as HardwareEntry] : undefined;
    if (index !== undefined)
      return { src, path: ["prices", HARDWARE[entry as HardwareEntry], index, ...path.slice(2)] };
    return { src, path };
  };
  const ctx: MoneyContext = {
    defaultCurrency: h.currency,
    scenarioCurrency: req.scenarioCurrency,
    rate: req.rate,
  };
  const schema = catalogSchema(req.side, ctx);
  const parsed = schema.safeParse(merged);
  if (!parsed.success) {
    for (const x of zodProblems(parsed.error.issues, locate, schema)) problems.push(x);
    return undefined;
  }
  const tiers = problems.length;
  checkTiers(parsed.data.prices as CatalogPrices<Side>, locate, problems);
  if (problems.length > tiers) return undefined;
  const info: CatalogInfo = {
    name: h.name,
    side: h.side,
    currency: h.currency,
    asOf: h.asOf,
    source: h.source,
    sha256: createHash("sha256").update(src.text, "utf8").digest("hex"),
    file: resolved.display,
    overridden,
  };
  return {
    info,
    prices: parsed.data.prices as CatalogPrices<S>,
    src,
    path: resolved.file,
    overrides,
    picked,
  };
}

/** Tier bounds must rise, and the last tier must be open-ended so no volume goes unpriced. */
function checkTiers(prices: CatalogPrices<Side>, locate: Locator, problems: Problem[]): void {
  const check = (tiers: readonly { upTo?: Decimal | undefined }[], path: readonly PropertyKey[]) => {
    tiers.forEach((t, i) => {
      const prev = i > 0 ? tiers[i - 1]?.upTo : undefined;
      const last = i === tiers.length - 1;
      const at = (p: readonly PropertyKey[], message: string) => {
        const l = locate(p);
        problems.push(problemIn(l.src, l.path, message));
      };
      if (last && t.upTo !== undefined)
        at(
          [...path, i, "upTo"],
          "the last tier must have no upTo, so that every volume above the previous bound is priced",
        );
      if (!last && t.upTo === undefined) at([...path, i], "only the last tier may leave out upTo");
      if (prev && t.upTo?.lessThanOrEqualTo(prev))
        at([...path, i, "upTo"], "tier bounds must rise from one tier to the next (upTo is cumulative)");
    });
    if (tiers.length === 0) {
      const l = locate(path);
      problems.push(problemIn(l.src, l.path, "expected at least one tier"));
    }
  };
  if ("storage" in prices && prices.storage) check(prices.storage.tiers, ["prices", "storage", "tiers"]);
  if ("egress" in prices && prices.egress) check(prices.egress.tiers, ["prices", "egress", "tiers"]);
  if ("support" in prices && prices.support)
    for (const [name, plan] of Object.entries(prices.support.plans))
      check(plan.tiers, ["prices", "support", "plans", name, "tiers"]);
}

/** Validates a catalog file on its own (`repatriate validate pricing/x.yaml`); throws InputError. */
export function validateCatalogFile(file: string): CatalogInfo {
  const src = readYamlFile(file);
  const problems: Problem[] = [];
  const header = catalogHeaderSchema.safeParse(src.value);
  if (!header.success)
    throw new InputError(zodProblems(header.error.issues, (path) => ({ src, path }), catalogHeaderSchema));
  const h = header.data;
  const ctx: MoneyContext = {
    defaultCurrency: h.currency,
    scenarioCurrency: h.currency,
    rate: () => undefined,
  };
  const schema = catalogSchema(h.side, ctx);
  const parsed = schema.safeParse(src.value);
  if (!parsed.success)
    throw new InputError(zodProblems(parsed.error.issues, (path) => ({ src, path }), schema));
  checkModels(src.value, (path) => ({ src, path }), problems);
  checkTiers(parsed.data.prices as CatalogPrices<Side>, (path) => ({ src, path }), problems);
  if (problems.length > 0) throw new InputError(problems);
  return {
    name: h.name,
    side: h.side,
    currency: h.currency,
    asOf: h.asOf,
    source: h.source,
    sha256: createHash("sha256").update(src.text, "utf8").digest("hex"),
    file,
    overridden: [],
  };
}
