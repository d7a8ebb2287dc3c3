import { join } from "node:path";
import Table from "cli-table3";
import { HARDWARE } from "../load/catalogSchema.js";
import {
  catalogNames,
  checkPricingDirs,
  SHIPPED_PRICING_DIR,
  validateCatalogFile,
} from "../load/loadCatalog.js";
import { didYouMean } from "../load/problems.js";
import { readYamlFile } from "../load/yamlSource.js";
import { firstThatFits, fitProse } from "../report/fit.js";
import { STALE_YEARS, yearsBetween } from "../units/time.js";
import type { CommandOutput } from "./calc.js";
import { EXIT, UsageError } from "./errors.js";

export interface CatalogsOptions {
  format: string;
  pricing?: string[];
  /** The terminal's width, set by the command line (see calc). */
  width?: number | undefined;
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

/** One price entry of a catalog; a list of hardware models gives one entry per model. */
function entriesOf(file: string): PriceEntry[] {
  const value = readYamlFile(file).value as Record<string, unknown>;
  const prices = isMapping(value.prices) ? value.prices : {};
  const entry = (name: string, data: unknown): PriceEntry => {
    const d = isMapping(data) ? data : {};
    return {
      entry: name,
      values: Object.entries(d)
        .filter(([k]) => !META.has(k) && k !== "name" && k !== "default")
        .map(([k, v]) => [k, oneLine(v)] as [string, string]),
      source: typeof d.source === "string" ? d.source : undefined,
      asOf: typeof d.asOf === "string" ? d.asOf : undefined,
      estimate: d.estimate === true,
      notes: typeof d.notes === "string" ? d.notes.trim() : undefined,
    };
  };
  return Object.entries(prices).flatMap(([key, data]) => {
    const one = Object.entries(HARDWARE).find(([, list]) => list === key)?.[0];
    if (one === undefined || !Array.isArray(data)) return [entry(key, data)];
    const first = Math.max(
      0,
      data.findIndex((m) => isMapping(m) && m.default === true),
    );
    return data.map((m, i) =>
      entry(`${one} ${String(isMapping(m) ? m.name : i)}${i === first ? " (default)" : ""}`, m),
    );
  });
}

/** How old a price is against the newest price shown beside it, and whether that is stale. */
function age(asOf: string, newest: string): { years: string; stale: boolean } {
  const years = yearsBetween(asOf, newest);
  return { years: years.toFixed(1), stale: years > STALE_YEARS };
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
  const read = (c: (typeof catalogs)[number]) => ({
    ...c,
    info: validateCatalogFile(c.file),
    entries: entriesOf(c.file),
  });
  // `list` reads (and checks) every catalog; `show` reads the one named, and the others only for
  // their dates: one it cannot read does not stop it.
  const all =
    action === "show"
      ? catalogs.flatMap((c) => {
          try {
            return [read(c)];
          } catch {
            return [];
          }
        })
      : catalogs.map(read);
  // Ages are counted against the newest price in any catalog found: dates in the files, never
  // the clock, so the same files give the same output on any day.
  const newest = all
    .flatMap((r) => [r.info.asOf, ...r.entries.map((e) => e.asOf ?? "")])
    .reduce((a, b) => (b > a ? b : a), "");
  const staleOf = (entries: readonly PriceEntry[], asOf: string) =>
    entries.flatMap((e) => {
      const a = age(e.asOf ?? asOf, newest);
      return a.stale ? [{ entry: e.entry, asOf: e.asOf ?? asOf, ageYears: a.years }] : [];
    });
  if (action === undefined || action === "list") {
    const rows = all.map((r) => {
      const { info, entries } = r;
      const dates = entries.map((e) => e.asOf ?? info.asOf).sort();
      return {
        ...r,
        newest: dates[dates.length - 1] ?? info.asOf,
        estimates: entries.filter((e) => e.estimate).length,
        stale: staleOf(entries, info.asOf),
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
            stalePrices: r.stale,
            agesAgainst: newest,
            file: r.display,
          })),
          null,
          2,
        )}\n`,
        exitCode: EXIT.ok,
      };
    const staleText = (r: (typeof rows)[number]) =>
      r.stale.map((x) => `${x.entry.replace(" (default)", "")} ${x.ageYears} y`).join(", ") || "none";
    // In a narrow terminal the old prices are listed under the table instead of in a column.
    // Narrower terminals: the old prices move under the table, then currency and estimates go.
    const render = (column: boolean, full = true) => {
      const table = new Table({
        head: [
          "Name",
          "Side",
          ...(full ? ["Currency"] : []),
          "As of",
          "Prices",
          ...(full ? ["Estimates"] : []),
          ...(column ? [`Over ${STALE_YEARS} years old`] : []),
        ],
        style: { head: [], border: [], compact: true },
        ...(column ? { colWidths: [null, null, null, null, null, null, 34], wordWrap: true } : {}),
      });
      for (const r of rows)
        table.push([
          r.name,
          r.info.side,
          ...(full ? [r.info.currency] : []),
          r.info.asOf === r.newest ? r.info.asOf : `${r.info.asOf} … ${r.newest}`,
          String(r.entries.length),
          ...(full ? [String(r.estimates)] : []),
          ...(column ? [staleText(r)] : []),
        ]);
      const below = column
        ? []
        : rows
            .filter((r) => r.stale.length > 0)
            .map((r) => `${r.name}, over ${STALE_YEARS} years old: ${staleText(r)}`);
      const foot = `A catalog is as of its oldest price. Ages are counted against the newest price in these catalogs (${newest}); a price more than ${STALE_YEARS} years older is listed. \`repatriate catalogs show NAME\` lists each price with its source and age.`;
      return fitProse([table.toString(), ...below, foot, ""].join("\n"), options.width);
    };
    return {
      stdout: firstThatFits(options.width, [
        () => render(true),
        () => render(false),
        () => render(false, false),
      ]),
      exitCode: EXIT.ok,
    };
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
  // The named catalog is read again if `all` left it out, so its problems are reported (exit 2).
  const { info, entries } = all.find((r) => r.name === found.name) ?? read(found);
  if (options.format === "json")
    return {
      stdout: `${JSON.stringify(
        {
          ...info,
          file: found.display,
          agesAgainst: newest,
          prices: entries.map((e) => {
            const a = age(e.asOf ?? info.asOf, newest);
            return { ...e, ageYears: a.years, stale: a.stale };
          }),
        },
        null,
        2,
      )}\n`,
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
    const a = age(e.asOf ?? info.asOf, newest);
    out.push(
      `  as of ${e.asOf ?? info.asOf} (${a.years} years before ${newest}${a.stale ? `: more than ${STALE_YEARS} years old, check it against a current quote` : ""}); source: ${e.source ?? info.source}`,
    );
    if (e.notes) out.push(`  note: ${e.notes.replace(/\s+/g, " ")}`);
    out.push("");
  }
  return { stdout: fitProse(`${out.join("\n").trimEnd()}\n`, options.width), exitCode: EXIT.ok };
}
