import { basename, dirname, relative, resolve } from "node:path";
import { stringify } from "yaml";
import { calculate } from "../engine/calculate.js";
import { type ImportResult, instanceTable, summarizeBill } from "../import/bill.js";
import { COST_COLUMNS, type CostBasis, type Grouping, readBill } from "../import/focus.js";
import { fromSource } from "../load/loadScenario.js";
import { fileProblem, InputError } from "../load/problems.js";
import { parseYamlText } from "../load/yamlSource.js";
import { money } from "../report/format.js";
import { visible } from "../report/safeText.js";
import { type Decimal, fixed, ZERO } from "../units/decimal.js";
import type { CommandOutput } from "./calc.js";
import { EXIT, UsageError } from "./errors.js";

export interface ImportOptions {
  out?: string;
  by: string;
  months: string;
  cost: string;
  format: string;
  workload?: boolean;
  name?: string;
  horizon: string;
}

/**
 * The own side written with --workload: colo-us prices it, with the starting assumptions of
 * scenarios/mid-size-platform.yaml (the header says they are assumptions to replace).
 */
const OWN_FROM_CATALOG = {
  catalog: "colo-us",
  strategy: "full",
  utilization: "65%",
  redundancy: 1.5,
  fillRatio: "80%",
  lifetime: "5y",
};

/** The shipped rent catalog for each provider, for `--workload`'s check of the bill against it. */
const CATALOG_OF: Record<string, string> = {
  AWS: "aws-us-east-1",
  "Amazon Web Services": "aws-us-east-1",
  Microsoft: "azure-eastus",
  Azure: "azure-eastus",
  Google: "gcp-us-central1",
  "Google Cloud": "gcp-us-central1",
};

function grouping(by: string): Grouping {
  if (by === "category" || by === "service") return { by };
  const tag = /^tag:(.+)$/.exec(by);
  if (tag?.[1]) return { by: "tag", key: tag[1] };
  throw new UsageError(`--by must be category, service or tag:KEY, got ${JSON.stringify(by)}`);
}

/** A header comment line: control characters and line breaks from the bill shown as escapes, never run. */
const line = (s: string) =>
  `# ${visible(s).replace(/[\n\r\v\f\u0085\u2028\u2029]/g, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`)}`.trimEnd();

/** Bytes in the largest decimal unit that keeps the number at 1 or more, to 6 decimals. */
function size(bytes: Decimal): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  let k = 0;
  let v = bytes;
  while (k < units.length - 1 && v.gte(1000)) {
    v = v.dividedBy(1000);
    k++;
  }
  return `${v.toDecimalPlaces(6).toString()} ${units[k]}`;
}

/** `repatriate import FILES…`: a scenario whose rent side is the bill's run-rate. */
export async function runImport(paths: string[], options: ImportOptions): Promise<CommandOutput> {
  if (options.format !== "yaml" && options.format !== "json")
    throw new UsageError(`--format must be yaml or json, got ${JSON.stringify(options.format)}`);
  if (!(options.cost in COST_COLUMNS))
    throw new UsageError(
      `--cost must be one of ${Object.keys(COST_COLUMNS).join(", ")}, got ${JSON.stringify(options.cost)}`,
    );
  if (!/^[1-9]\d?$/.test(options.months))
    throw new UsageError(
      `--months must be a whole number from 1 to 99, got ${JSON.stringify(options.months)}`,
    );
  if (!/^\d+(mo|y)$/.test(options.horizon))
    throw new UsageError(
      `--horizon must be months or years such as 36mo or 3y, got ${JSON.stringify(options.horizon)}`,
    );
  if (paths.length === 0) throw new UsageError("import needs at least one FOCUS file or folder");
  // The bill as a whole cannot be imported (exit 2): which files, which column, and why.
  const refuse = (field: string, message: string) =>
    new InputError([fileProblem(paths.join(", "), message, undefined, field)]);
  const basis = options.cost as CostBasis;
  const by = grouping(options.by);
  const read = await readBill(paths, { basis, grouping: by, workload: options.workload === true });
  if (read.currencies.length > 1)
    throw refuse(
      "BillingCurrency",
      `the bill is in ${read.currencies.length} currencies (${read.currencies.join(", ")}); a scenario has one: import each currency's files on their own`,
    );
  if (read.periods.length === 0) throw refuse("", "the bill has no rows");
  const table = options.workload ? instanceTable() : undefined;
  const result = summarizeBill(read, { months: Number(options.months), basis, grouping: by }, table);
  if (result.used.length === 0)
    throw refuse(
      "",
      `no billing period is full (each period's charges stop more than a day before its end): ${result.periods.map((p) => `${p.period} ends ${p.end}, charges end ${p.chargesEnd}`).join("; ")}`,
    );
  if (result.items.length === 0 || !result.totalCents.isPositive())
    throw refuse(
      COST_COLUMNS[basis],
      `the bill's run-rate over ${result.used.join(", ")} is ${fixed(result.total)} ${result.currency} (${result.items.length === 0 ? "no cost, or credits only" : "credits outweigh charges"}): there is no cloud bill to set owning against; try another --cost basis or more --months`,
    );
  const base = options.out ? dirname(resolve(options.out)) : process.cwd();
  const shown = (p: string) => relative(base, p) || basename(p);
  const providers = [...new Set(read.usage.map((u) => u.provider))];
  const catalog = providers.length === 1 ? CATALOG_OF[providers[0] ?? ""] : undefined;
  // With a workload from one provider's bill: what that provider's shipped catalog says it costs.
  let check: { catalog: string; catalogCost: Decimal } | undefined;
  if (result.workload && catalog) {
    const probe = { ...workloadDoc(result.workload), rent: { catalog }, own: OWN_FROM_CATALOG };
    const run = runScenario({
      version: 1,
      name: "catalog check",
      currency: result.currency,
      horizon: "1mo",
      ...probe,
    });
    check = { catalog, catalogCost: run.months[0]?.rent ?? ZERO };
  }
  const scenarioText = scenarioYaml(result, read, options, basis, by, shown, check);
  // The scenario must run as it is: anything else is a bug in the import, not in the bill.
  const calc = runScenarioText(scenarioText);
  const month1 = calc.months[0]?.rent ?? ZERO;
  const stdout =
    options.format === "json" ? importJson(result, read, basis, by, month1, catalog) : scenarioText;
  return {
    stdout,
    exitCode: EXIT.ok,
    outFile: options.out,
    data: true,
    inputs: read.files.map((f) => f.path),
  };
}

function scenarioYaml(
  r: ImportResult,
  read: ReturnType<typeof Object>,
  options: ImportOptions,
  basis: CostBasis,
  by: Grouping,
  shown: (p: string) => string,
  check: { catalog: string; catalogCost: Decimal } | undefined,
): string {
  const bill = read as Awaited<ReturnType<typeof readBill>>;
  const cur = r.currency;
  const rows = bill.files.reduce((a, f) => a + f.rows, 0);
  const h: string[] = [
    "Imported from a FOCUS bill by `repatriate import` (docs/import.md).",
    `Files: ${bill.files.length}, ${rows.toLocaleString("en-US")} rows read:`,
    ...bill.files
      .slice(0, 20)
      .map((f) => `  ${shown(f.path)} (${f.format}, ${f.rows.toLocaleString("en-US")} rows)`),
    ...(bill.files.length > 20 ? [`  … and ${bill.files.length - 20} more`] : []),
    `Cost basis: ${basis} (${COST_COLUMNS[basis]}${basis === "effective" ? ", amortised: commitment purchases spread over their term" : basis === "billed" ? ": commitment purchases count in the month paid" : ""}); credits, refunds and adjustments count in their own period.`,
    `Items: one per ${by.by === "tag" ? `value of the tag ${by.key}` : by.by === "service" ? "ServiceName" : "ServiceCategory"}.`,
    "Billing periods:",
    ...r.periods.map(
      (p) =>
        `  ${p.period}  ${money(p.total).padStart(18)} ${cur}  ${p.full ? (r.used.includes(p.period) ? "full, used" : "full, older than the periods used") : `partial: charges end ${p.chargesEnd}, the period ${p.end}; left out`}`,
    ),
    `Run-rate: the mean of the last ${r.used.length} full period${r.used.length > 1 ? "s" : ""} (${r.used.join(", ")})${r.used.length < Number(options.months) ? `; --months ${options.months} asked for ${options.months}, the bill has ${r.used.length}` : ""}: ${money(r.totalCents)} ${cur} a month.`,
    "Trend of each item: the least-squares slope over the periods used, in % of its mean a month:",
    ...r.items.map(
      (i) =>
        `  ${i.name}: ${i.trendPct === undefined ? "n/a (one period)" : `${i.trendPct.isNegative() ? "" : "+"}${fixed(i.trendPct)}%/mo`}`,
    ),
  ];
  for (const i of r.items)
    for (const f of i.folded)
      h.push(
        `"${f.name}" has a negative run-rate (${money(f.mean)} ${cur}: credits); it is folded into "${i.name}".`,
      );
  const w = r.workload;
  if (options.workload) {
    if (bill.missingForWorkload.length > 0)
      h.push(`No workload: the bill has no ${bill.missingForWorkload.join(", ")} column.`);
    else if (!w) h.push("No workload: no storage, egress or instance-hour rows in the periods used.");
    else {
      h.push(
        `The workload section explains ${w.explainedPct === undefined ? "n/a" : `${fixed(w.explainedPct, 1)}%`} of the run-rate (${money(w.explainedCost)} ${cur} a month of storage, egress and instance-hour rows).`,
      );
      for (const u of w.unknownTypes.slice(0, 20))
        h.push(
          `Unknown instance type, not counted in vCPU: ${u.type} (${fixed(u.hours)} h, ${money(u.cost)} ${cur} a month).`,
        );
      if (w.decimalProviders.length > 0)
        h.push(
          `GB read as 10^9 bytes for ${w.decimalProviders.join(", ")} (not in pricing/focus/instance-types.yaml).`,
        );
    }
  }
  const name =
    options.name ??
    `Imported bill (${r.used[0]}${r.used.length > 1 ? ` to ${r.used[r.used.length - 1]}` : ""})`;
  const doc: Record<string, unknown> = {
    version: 1,
    name,
    currency: cur,
    horizon: options.horizon,
  };
  if (w) Object.assign(doc, workloadDoc(w));
  doc.rent = {
    items: r.items.map((i) => ({
      name: i.name,
      monthly: fixed(i.monthly),
      category: categoryOf(i.category),
      ...(i.folded.length > 0
        ? { notes: `includes ${i.folded.map((f) => `${f.name} (${fixed(f.mean)})`).join(", ")}` }
        : {}),
    })),
  };
  if (w && check)
    h.push(
      `The catalog ${check.catalog} prices this workload at ${money(check.catalogCost)} ${cur} a month; the bill's storage, egress and instance-hour rows say ${money(w.explainedCost)} ${cur}.`,
    );
  else if (w)
    h.push("No catalog check: the bill is from more than one provider, or one without a shipped catalog.");
  doc.own = w ? OWN_FROM_CATALOG : { items: [{ name: "Own side (to fill in)", monthly: "0" }] };
  const comment = `${h.map(line).join("\n")}\n`;
  const own = w
    ? "# The own side prices the workload from the colo-us catalog with starting assumptions (utilization,\n# redundancy, fill ratio, lifetime): replace them, and add staff, migration and your own quotes\n# (docs/scenario.md).\n"
    : "# The own side is yours to fill in: hardware, colocation and staff (docs/scenario.md), or\n# `own: { catalog: colo-us }` with a workload (import --workload).\n";
  // Amounts are exact decimal text; written plain (unquoted), as a person would write them.
  const body = stringify(doc, { lineWidth: 0 }).replace(
    /^(\s*(?:monthly|vcpu): )"(\d+(?:\.\d+)?)"$/gm,
    "$1$2",
  );
  return `${comment}${body}${own}`;
}

function workloadDoc(w: NonNullable<ImportResult["workload"]>) {
  return {
    workload: {
      compute: { vcpu: fixed(w.vcpu) },
      storage: { stored: size(w.storedBytes) },
      egress: { volume: `${size(w.egressBytesPerMonth)}/mo` },
    },
  };
}

/** Runs a scenario the import wrote; one that does not load is a bug in the import (exit 3). */
function runScenarioText(text: string) {
  try {
    const loaded = fromSource(parseYamlText("imported scenario", text), "imported scenario");
    return calculate(loaded.scenario, loaded.catalogs);
  } catch (e) {
    if (e instanceof InputError) throw new Error(`the scenario import wrote does not load: ${e.message}`);
    throw e;
  }
}

const runScenario = (doc: object) => runScenarioText(stringify(doc));

/** FOCUS ServiceCategory → the scenario's category names. */
function categoryOf(c: string): string {
  const known: Record<string, string> = {
    Compute: "compute",
    Storage: "storage",
    Networking: "network",
    Databases: "databases",
  };
  // A category is one line of plain text: control characters and line breaks from the bill become spaces.
  const plain = c
    .replace(/[\p{Cc}\u0085\u2028\u2029]+/gu, " ")
    .trim()
    .toLowerCase();
  return known[c] ?? (plain === "" ? "other" : plain);
}

function importJson(
  r: ImportResult,
  read: Awaited<ReturnType<typeof readBill>>,
  basis: CostBasis,
  by: Grouping,
  month1: Decimal,
  catalog: string | undefined,
): string {
  const w = r.workload;
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      currency: r.currency,
      basis,
      costColumn: COST_COLUMNS[basis],
      by: by.by === "tag" ? `tag:${by.key}` : by.by,
      files: read.files.map((f) => ({ path: f.path, format: f.format, rows: f.rows })),
      rows: read.files.reduce((a, f) => a + f.rows, 0),
      periods: r.periods.map((p) => ({
        period: p.period,
        start: p.start,
        end: p.end,
        chargesEnd: p.chargesEnd,
        rows: p.rows,
        total: fixed(p.total),
        full: p.full,
        used: r.used.includes(p.period),
      })),
      runRate: fixed(r.totalCents),
      month1Rent: fixed(month1),
      items: r.items.map((i) => ({
        name: i.name,
        category: i.category,
        monthly: fixed(i.monthly),
        perPeriod: i.perPeriod.map((x) => fixed(x)),
        trendPctPerMonth: i.trendPct === undefined ? null : fixed(i.trendPct),
        folded: i.folded.map((f) => ({ name: f.name, mean: fixed(f.mean) })),
      })),
      workload: w
        ? {
            vcpu: fixed(w.vcpu),
            storedBytes: fixed(w.storedBytes, 0),
            egressBytesPerMonth: fixed(w.egressBytesPerMonth, 0),
            explainedCost: fixed(w.explainedCost),
            explainedPct: w.explainedPct === undefined ? null : fixed(w.explainedPct),
            unmappedCost: fixed(r.totalCents.minus(w.explainedCost)),
            unknownTypes: w.unknownTypes.map((u) => ({
              type: u.type,
              hours: fixed(u.hours),
              cost: fixed(u.cost),
            })),
            catalog: catalog ?? null,
          }
        : null,
    },
    null,
    2,
  )}\n`;
}
