import type { Origin, Provenance } from "../model/provenance.js";
import type { Side } from "../model/result.js";
import { HARDWARE, type HardwareEntry } from "./catalogSchema.js";
import { formatPath } from "./problems.js";
import { problemIn, type SourceFile } from "./yamlSource.js";

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every leaf (a scalar) of a plain YAML value, with its path. */
function leaves(value: unknown, path: PropertyKey[] = []): [PropertyKey[], string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (isMapping(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value === null ? "" : String(value)]];
}

function origin(src: SourceFile, path: PropertyKey[], written: string, catalog?: Origin["catalog"]): Origin {
  return { file: src.path, line: problemIn(src, path, "").line, field: formatPath(path), written, catalog };
}

export interface CatalogSource {
  side: Side;
  src: SourceFile;
  name: string;
  asOf: string;
  source: string;
  overrides: Record<string, unknown> | undefined;
  /** The hardware models used, by their place in a catalog's list (`storageNodes[1]`). */
  picked?: Partial<Record<HardwareEntry, number>>;
}

/** Origins of every value in the scenario and of every price in its catalogs (overrides win). */
export function buildProvenance(scenario: SourceFile, catalogs: readonly CatalogSource[]): Provenance {
  const out: Record<string, Origin> = Object.create(null);
  for (const [path, written] of leaves(scenario.value))
    out[formatPath(path)] = origin(scenario, path, written);
  for (const c of catalogs) {
    const raw = isMapping(c.src.value) ? c.src.value : {};
    const prices = isMapping(raw.prices) ? raw.prices : {};
    for (const [at, written] of leaves(prices, ["prices"])) {
      // A picked model in a list of models stands for its entry (`storageNodes[1].price` is the
      // scenario's `storageNode.price`); the models not picked are not used.
      const list = Object.entries(HARDWARE).find(([, l]) => l === at[1]);
      const one = list?.[0] as HardwareEntry | undefined;
      if (one !== undefined && c.picked?.[one] !== at[2]) continue;
      const path = one === undefined ? at : ["prices", one, ...at.slice(3)];
      const [, entry, key] = path;
      const overridden = typeof entry === "string" && c.overrides && Object.hasOwn(c.overrides, entry);
      const o = overridden ? (c.overrides as Record<string, unknown>)[entry as string] : undefined;
      if (overridden && (!isMapping(o) || (typeof key === "string" && Object.hasOwn(o, key)))) continue;
      const data =
        one === undefined ? prices[entry as string] : (prices[HARDWARE[one]] as unknown[])[at[2] as number];
      const entryData = isMapping(data) ? data : {};
      const meta = {
        name: c.name,
        asOf: typeof entryData.asOf === "string" ? entryData.asOf : c.asOf,
        source: typeof entryData.source === "string" ? entryData.source : c.source,
        estimate: entryData.estimate === true,
      };
      out[`${c.side}.${formatPath(path)}`] = origin(c.src, at, written, meta);
    }
  }
  return out;
}
