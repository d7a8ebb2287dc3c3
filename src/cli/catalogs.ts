import { join } from "node:path";
import Table from "cli-table3";
import {
  catalogNames,
  checkPricingDirs,
  SHIPPED_PRICING_DIR,
  validateCatalogFile,
} from "../load/loadCatalog.js";
import { didYouMean } from "../load/problems.js";
import { readYamlFile } from "../load/yamlSource.js";
import type { CommandOutput } from "./calc.js";
import { EXIT, UsageError } from "./errors.js";

export interface CatalogsOptions {
  format: string;
  pricing?: string[];
}

interface PriceEntry {
  entry: string;
  values: [string, string][];
  source: string | undefined;
  asOf: string | undefined;
  estimate: boolean;
  notes: string | undefined;
}

const META = new Set(["source", "asOf", "estimate", "notes"]);

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A value as one line for people: "0.023", "[50 TiB: 0.023, 500 TiB: 0.022, 0.021]". */
function oneLine(v: unknown): string {
  if (Array.isArray(v))
    return `[${v.map((t) => (isMapping(t) ? (t.upTo !== undefined ? `up to ${String(t.upTo)}: ${String(t.price ?? t.rate)}` : `above: ${String(t.price ?? t.rate)}`) : String(t))).join(", ")}]`;
  if (isMapping(v))
    return Object.entries(v)
      .filter(([k]) => !META.has(k))
      .map(([k, x]) => `${k} ${oneLine(x)}`)
      .join("; ");
  return String(v);
}

function entriesOf(file: string): PriceEntry[] {
  const value = readYamlFile(file).value as Record<string, unknown>;
  const prices = isMapping(value.prices) ? value.prices : {};
  return Object.entries(prices).map(([entry, data]) => {
    const d = isMapping(data) ? data : {};
    return {
      entry,
      values: Object.entries(d)
        .filter(([k]) => !META.has(k))
        .map(([k, v]) => [k, oneLine(v)] as [string, string]),
      source: typeof d.source === "string" ? d.source : undefined,
      asOf: typeof d.asOf === "string" ? d.asOf : undefined,
      estimate: d.estimate === true,
      notes: typeof d.notes === "string" ? d.notes.trim() : undefined,
    };
  });
}

/** Every catalog `calc` can find by name: the --pricing folders first, then the shipped ones. */
function allCatalogs(pricingDirs: readonly string[]) {
  checkPricingDirs(pricingDirs);
  const seen = new Set<string>();
  const out: { name: string; file: string; display: string }[] = [];
  for (const [dir, shipped] of [
    ...pricingDirs.map((d) => [d, false] as const),
    [SHIPPED_PRICING_DIR, true] as const,
  ])
    for (const name of catalogNames(dir)) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({
        name,
        file: join(dir, `${name}.yaml`),
        display: shipped ? `pricing/${name}.yaml` : join(dir, `${name}.yaml`),
      });
    }
  return out;
}

/** `repatriate catalogs [show NAME]`: the pricing catalogs, and one catalog's prices with their sources. */
export function runCatalogs(
  action: string | undefined,
  name: string | undefined,
  options: CatalogsOptions,
): CommandOutput {
  if (options.format !== "table" && options.format !== "json")
    throw new UsageError(`--format must be table or json, got ${JSON.stringify(options.format)}`);
  const catalogs = allCatalogs(options.pricing ?? []);
  if (action === undefined || action === "list") {
    const rows = catalogs.map((c) => {
      const info = validateCatalogFile(c.file);
      const entries = entriesOf(c.file);
      const dates = entries.map((e) => e.asOf ?? info.asOf).sort();
      return {
        ...c,
        info,
        entries,
        newest: dates[dates.length - 1] ?? info.asOf,
        estimates: entries.filter((e) => e.estimate).length,
      };
    });
    if (options.format === "json")
      return {
        data: true,
        stdout: `${JSON.stringify(
          rows.map((r) => ({
            name: r.name,
            side: r.info.side,
            currency: r.info.currency,
            asOf: r.info.asOf,
            newestPrice: r.newest,
            prices: r.entries.map((e) => e.entry),
            estimates: r.estimates,
            file: r.display,
          })),
          null,
          2,
        )}\n`,
        exitCode: EXIT.ok,
      };
    const table = new Table({
      head: ["Name", "Side", "Currency", "As of", "Prices", "Estimates"],
      style: { head: [], border: [], compact: true },
    });
    for (const r of rows)
      table.push([
        r.name,
        r.info.side,
        r.info.currency,
        r.info.asOf === r.newest ? r.info.asOf : `${r.info.asOf} … ${r.newest}`,
        r.entries.map((e) => e.entry).join(", "),
        `${r.estimates} of ${r.entries.length}`,
      ]);
    const foot =
      "A catalog is as of its oldest price. `repatriate catalogs show NAME` lists each price with its source.";
    return { stdout: `${table.toString()}\n${foot}\n`, exitCode: EXIT.ok };
  }
  if (action !== "show")
    throw new UsageError(`catalogs takes list or show NAME, got ${JSON.stringify(action)}`);
  if (!name)
    throw new UsageError("catalogs show needs a catalog name, e.g. repatriate catalogs show aws-us-east-1");
  const found = catalogs.find((c) => c.name === name);
  if (!found) {
    const guess = didYouMean(
      name,
      catalogs.map((c) => c.name),
    );
    throw new UsageError(
      `no catalog named ${JSON.stringify(name)}${guess ? `; did you mean ${JSON.stringify(guess)}?` : ""}`,
    );
  }
  const info = validateCatalogFile(found.file);
  const entries = entriesOf(found.file);
  if (options.format === "json")
    return {
      stdout: `${JSON.stringify({ ...info, file: found.display, prices: entries }, null, 2)}\n`,
      data: true,
      exitCode: EXIT.ok,
    };
  const out = [
    `${info.name}: ${info.side} prices in ${info.currency}, as of ${info.asOf} (${found.display})`,
    `source: ${info.source}`,
    "",
  ];
  for (const e of entries) {
    out.push(`${e.entry}${e.estimate ? "  (estimate)" : ""}`);
    for (const [k, v] of e.values) out.push(`  ${k}: ${v}`);
    out.push(`  as of ${e.asOf ?? info.asOf}; source: ${e.source ?? info.source}`);
    if (e.notes) out.push(`  note: ${e.notes.replace(/\s+/g, " ")}`);
    out.push("");
  }
  return { stdout: `${out.join("\n").trimEnd()}\n`, exitCode: EXIT.ok };
}
