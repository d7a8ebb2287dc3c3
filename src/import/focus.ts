import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync, constants as zlibConstants } from "node:zlib";
import type { DuckDBConnection } from "@duckdb/node-api";
import { fileProblem, InputError, type Problem } from "../load/problems.js";

/**
 * Reading FOCUS billing exports (MODEL.md §9, docs/import.md) with DuckDB: CSV, gzipped CSV and
 * Parquet, many files at once, aggregated by the engine in parallel. Every cost is summed as an
 * exact DECIMAL(38,12), never a float, and comes back as text. This module is loaded only by
 * `repatriate import`, so no other command pays for the engine.
 */

/** The cost columns of FOCUS, by the `--cost` basis that reads them. */
export const COST_COLUMNS = {
  effective: "EffectiveCost",
  billed: "BilledCost",
  list: "ListCost",
  contracted: "ContractedCost",
} as const;
export type CostBasis = keyof typeof COST_COLUMNS;

/** How rows are grouped into the scenario's items. */
export type Grouping = { by: "category" } | { by: "service" } | { by: "tag"; key: string };

/** What the import asks of the bill. */
export interface BillQuery {
  basis: CostBasis;
  grouping: Grouping;
  /** Also read the quantities the workload is derived from (storage, egress, instance hours). */
  workload: boolean;
}

/** One billing period (by BillingPeriodStart), as read. */
export interface PeriodRead {
  /** `YYYY-MM` of BillingPeriodStart. */
  period: string;
  start: string;
  end: string;
  /** The latest ChargePeriodEnd of its rows. */
  chargesEnd: string;
  rows: number;
}

/** The cost of one item in one period, an exact decimal as text. */
export interface CostRead {
  period: string;
  key: string;
  /** The FOCUS ServiceCategory most of the item's cost is in (for the scenario's `category:`). */
  category: string;
  cost: string;
  rows: number;
}

/** Quantities the workload is derived from, per period and provider. */
export interface UsageRead {
  period: string;
  provider: string;
  kind: "storage" | "egress" | "instance";
  /** The instance type (kind instance), else "". */
  type: string;
  /** GB-months stored, GB sent out, or instance-hours: as the bill counts them. */
  quantity: string;
  /** Their cost on the chosen basis. */
  cost: string;
}

export interface BillRead {
  files: { path: string; rows: number; format: "csv" | "parquet" }[];
  currencies: string[];
  periods: PeriodRead[];
  costs: CostRead[];
  usage: UsageRead[];
  /** The workload needs these columns; absent ones are named here (and no workload is derived). */
  missingForWorkload: string[];
}

const REQUIRED = [
  "BillingCurrency",
  "BillingPeriodStart",
  "BillingPeriodEnd",
  "ChargePeriodEnd",
  "ServiceCategory",
] as const;
const WORKLOAD_COLUMNS = ["ConsumedQuantity", "ConsumedUnit", "ChargeDescription", "ProviderName"];

/** The files named: each file as it is, each folder's CSV, CSV.gz and Parquet files (recursively). */
export function billFiles(paths: readonly string[]): { path: string; format: "csv" | "parquet" }[] {
  const out: { path: string; format: "csv" | "parquet" }[] = [];
  const problems: Problem[] = [];
  const formatOf = (p: string) =>
    /\.parquet$/i.test(p) ? "parquet" : /\.csv(\.gz)?$/i.test(p) ? "csv" : undefined;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const p = join(dir, entry);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else {
        const format = formatOf(p);
        if (format) out.push({ path: p, format });
      }
    }
  };
  for (const path of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path);
    } catch {
      problems.push(fileProblem(path, "no such file or folder"));
      continue;
    }
    if (st.isDirectory()) {
      const before = out.length;
      walk(path);
      if (out.length === before) problems.push(fileProblem(path, "holds no .csv, .csv.gz or .parquet files"));
    } else {
      const format = formatOf(path);
      if (!format)
        problems.push(fileProblem(path, "is not a FOCUS export: expected a .csv, .csv.gz or .parquet file"));
      else out.push({ path, format });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return out.map((f) => ({ ...f, path: resolve(f.path) }));
}

/** Whether a CSV file's first line (read from its first 64 KiB, unzipped if need be) names every column in `names`. */
function headerNames(path: string, names: readonly string[]): boolean {
  try {
    const fd = openSync(path, "r");
    const head = Buffer.alloc(65536);
    const n = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    const raw = head.subarray(0, n);
    const text = path.toLowerCase().endsWith(".gz")
      ? gunzipSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString("utf8")
      : raw.toString("utf8");
    const columns = new Set(
      (text.split(/\r?\n/)[0] ?? "").split(",").map((c) => c.trim().replace(/^"|"$/g, "")),
    );
    return names.every((name) => columns.has(name));
  } catch {
    return false;
  }
}

/** A SQL string literal. */
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** The table function reading one file, every column as text (CSV) or as written (Parquet). */
function source(f: { path: string; format: "csv" | "parquet" }): string {
  return f.format === "csv"
    ? // FOCUS writes empty values as nothing or as NULL; every column is read as text and cast below.
      `read_csv(${lit(f.path)}, header=true, all_varchar=true, nullstr=['NULL',''], auto_detect=true, strict_mode=true)`
    : `read_parquet(${lit(f.path)})`;
}

/** Reads and aggregates the bill. Throws InputError (exit 2) for anything that is not a readable FOCUS export. */
export async function readBill(paths: readonly string[], q: BillQuery): Promise<BillRead> {
  const files = billFiles(paths);
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  // Timestamps without an offset are UTC, as FOCUS writes them; and the result does not depend on the machine.
  await c.run("SET TimeZone = 'UTC'");
  try {
    return await aggregate(c, files, q);
  } finally {
    c.closeSync();
  }
}

async function rowsOf(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
}

/** DuckDB's message about a file, as the user's problem: the line when it names one. */
function readProblem(file: string, e: unknown): Problem {
  const message = e instanceof Error ? e.message : String(e);
  const line = /Line:?\s*(\d+)/i.exec(message)?.[1];
  const first = message.split("\n").find((l) => l.trim() !== "" && !/^\w+ Error: *$/.test(l)) ?? message;
  return fileProblem(
    file,
    `cannot be read as a FOCUS export: ${first.replace(/^[\w ]+Error: */, "").trim()}`,
    line ? Number(line) : undefined,
  );
}

async function aggregate(
  c: DuckDBConnection,
  files: { path: string; format: "csv" | "parquet" }[],
  q: BillQuery,
): Promise<BillRead> {
  const cost = COST_COLUMNS[q.basis];
  const needed = [
    ...REQUIRED,
    cost,
    ...(q.grouping.by === "service" ? ["ServiceName"] : []),
    ...(q.grouping.by === "tag" ? ["Tags"] : []),
  ];
  // Every file must be FOCUS: its header (or schema) holds the columns used.
  const problems: Problem[] = [];
  const columnsOf = new Map<string, Map<string, string>>();
  for (const f of files) {
    try {
      const cols = await rowsOf(c, `DESCRIBE SELECT * FROM ${source(f)}`);
      columnsOf.set(f.path, new Map(cols.map((r) => [String(r.column_name), String(r.column_type)])));
    } catch (e) {
      problems.push(readProblem(f.path, e));
      continue;
    }
    const have = columnsOf.get(f.path) as Map<string, string>;
    const missing = needed.filter((n) => !have.has(n));
    // The reader found no columns to speak of, yet the header names them: the rows do not fit it.
    if (missing.length > 0 && have.size <= 1 && f.format === "csv" && headerNames(f.path, needed))
      problems.push(
        fileProblem(
          f.path,
          "has the FOCUS columns in its header, but its rows do not fit that header: some row has a different number of fields (a file cut off or edited by hand?); re-export it",
        ),
      );
    else if (missing.length > 0)
      problems.push(
        fileProblem(
          f.path,
          `is not a FOCUS export: the column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} missing (FOCUS 1.0–1.2 names them so, case and all)`,
        ),
      );
  }
  if (problems.length > 0) throw new InputError(problems);

  const missingForWorkload = q.workload
    ? WORKLOAD_COLUMNS.filter((n) => files.some((f) => !columnsOf.get(f.path)?.has(n)))
    : [];
  const withWorkload = q.workload && missingForWorkload.length === 0;
  const tagKey = q.grouping.by === "tag" ? q.grouping.key : "";
  // One relation over every file: the columns used, as text, with the file and row they came from.
  const parts = files.map((f, i) => {
    const cols = columnsOf.get(f.path) as Map<string, string>;
    const text = (n: string) => (cols.has(n) ? `CAST(${ident(n)} AS VARCHAR)` : "NULL::VARCHAR");
    const tags = !cols.has("Tags")
      ? "NULL::VARCHAR"
      : (cols.get("Tags") ?? "").startsWith("MAP")
        ? `CAST(element_at("Tags", ${lit(tagKey)})[1] AS VARCHAR)`
        : `json_extract_string(CAST("Tags" AS VARCHAR), ${lit(`$.${JSON.stringify(tagKey)}`)})`;
    return `SELECT ${i} AS file, ${text("BillingCurrency")} AS cur, ${text("BillingPeriodStart")} AS ps,
      ${text("BillingPeriodEnd")} AS pe, ${text("ChargePeriodEnd")} AS ce, ${text("ServiceCategory")} AS cat,
      ${text("ServiceName")} AS svc, ${tagKey ? tags : "NULL::VARCHAR"} AS tag, ${text(cost)} AS cost,
      ${withWorkload ? `${text("ConsumedQuantity")} AS qty, ${text("ConsumedUnit")} AS unit, ${text("ChargeDescription")} AS descr, ${text("ProviderName")} AS provider` : "NULL::VARCHAR AS qty, NULL::VARCHAR AS unit, NULL::VARCHAR AS descr, NULL::VARCHAR AS provider"}
      FROM ${source(f)}`;
  });
  const key =
    q.grouping.by === "category"
      ? "coalesce(cat, '(no category)')"
      : q.grouping.by === "service"
        ? "coalesce(svc, '(no service)')"
        : "coalesce(tag, '(untagged)')";
  try {
    // One pass over every row: grouped at once into a small table that every figure is read from.
    await c.run(`CREATE TEMP TABLE agg AS
      SELECT file, cur, k, cat, date_trunc('day', ps) AS d, provider, kind, t,
        count(*) AS n, sum(coalesce(cost, 0)) AS cost, sum(coalesce(qty, 0)) AS qty,
        min(ps) AS ps, max(pe) AS pe, max(ce) AS ce,
        count(*) FILTER (WHERE ps IS NULL OR pe IS NULL OR (cost IS NULL AND cost_text IS NOT NULL)) AS bad
      FROM (
        SELECT file, cur, ${key} AS k, coalesce(cat, '(no category)') AS cat,
          TRY_CAST(ps AS TIMESTAMPTZ) AS ps, TRY_CAST(pe AS TIMESTAMPTZ) AS pe, TRY_CAST(ce AS TIMESTAMPTZ) AS ce,
          TRY_CAST(cost AS DECIMAL(38,12)) AS cost, cost AS cost_text,
          ${withWorkload ? `TRY_CAST(qty AS DECIMAL(38,12))` : "NULL::DECIMAL(38,12)"} AS qty,
          ${withWorkload ? "coalesce(provider, '')" : "''"} AS provider,
          ${withWorkload ? KIND : "NULL::VARCHAR"} AS kind,
          ${withWorkload ? `CASE WHEN cat = 'Compute' THEN ${TYPE} ELSE '' END` : "''"} AS t
        FROM (${parts.join("\nUNION ALL BY NAME\n")}))
      GROUP BY ALL`);
  } catch (e) {
    // A malformed CSV row: DuckDB names the line; find which file by reading each alone.
    for (const f of files) {
      try {
        await c.run(`SELECT count(*) FROM ${source(f)}`);
      } catch (e2) {
        throw new InputError([readProblem(f.path, e2)]);
      }
    }
    throw new InputError([readProblem(files[0]?.path ?? "", e)]);
  }
  await rejectUnreadable(c, files, cost);

  const currencies = (await rowsOf(c, "SELECT DISTINCT cur FROM agg WHERE cur IS NOT NULL ORDER BY cur")).map(
    (r) => String(r.cur),
  );
  const perFile = await rowsOf(c, "SELECT file, sum(n) AS n FROM agg GROUP BY file");
  const counts = new Map(perFile.map((r) => [Number(r.file), Number(r.n)]));
  const periods = (
    await rowsOf(
      c,
      `SELECT strftime(min(ps), '%Y-%m') AS period, strftime(min(ps), '%Y-%m-%d %H:%M:%S') AS s,
         strftime(max(pe), '%Y-%m-%d %H:%M:%S') AS e, strftime(max(ce), '%Y-%m-%d %H:%M:%S') AS ce, sum(n) AS n
       FROM agg GROUP BY d ORDER BY min(ps)`,
    )
  ).map((r) => ({
    period: String(r.period),
    start: String(r.s),
    end: String(r.e),
    chargesEnd: r.ce === null ? String(r.s) : String(r.ce),
    rows: Number(r.n),
  }));
  const costs = (
    await rowsOf(
      c,
      `SELECT strftime(d, '%Y-%m') AS period, k, arg_max(cat, abs(cost)) AS cat,
         CAST(sum(cost) AS VARCHAR) AS cost, sum(n) AS n
       FROM (SELECT d, k, cat, sum(cost) AS cost, sum(n) AS n FROM agg GROUP BY ALL)
       GROUP BY d, k ORDER BY d, k`,
    )
  ).map((r) => ({
    period: String(r.period),
    key: String(r.k),
    category: String(r.cat),
    cost: String(r.cost),
    rows: Number(r.n),
  }));
  const usage = withWorkload ? await usageOf(c) : [];
  return {
    files: files.map((f, i) => ({ path: f.path, format: f.format, rows: counts.get(i) ?? 0 })),
    currencies,
    periods,
    costs,
    usage,
    missingForWorkload,
  };
}

/** A row whose period or cost cannot be read: exit 2 naming the file and its row (and line, for a CSV). */
async function rejectUnreadable(
  c: DuckDBConnection,
  files: { path: string; format: "csv" | "parquet" }[],
  cost: string,
): Promise<void> {
  const bad = await rowsOf(
    c,
    "SELECT file, sum(bad) AS n FROM agg WHERE bad > 0 GROUP BY file ORDER BY file LIMIT 1",
  );
  if (bad.length === 0) return;
  const f = files[Number(bad[0]?.file)] as { path: string; format: "csv" | "parquet" };
  // Found again in that file alone, in order, to name the row.
  const first = await rowsOf(
    c,
    `SELECT row, ps, pe, v FROM (
       SELECT row_number() OVER () AS row, CAST("BillingPeriodStart" AS VARCHAR) AS ps,
         CAST("BillingPeriodEnd" AS VARCHAR) AS pe, CAST(${ident(cost)} AS VARCHAR) AS v
       FROM ${source(f)})
     WHERE TRY_CAST(ps AS TIMESTAMPTZ) IS NULL OR TRY_CAST(pe AS TIMESTAMPTZ) IS NULL
       OR (v IS NOT NULL AND TRY_CAST(v AS DECIMAL(38,12)) IS NULL)
     ORDER BY row LIMIT 1`,
  );
  const r = first[0];
  const row = r ? Number(r.row) : undefined;
  const what = !r
    ? "a value cannot be read"
    : r.v !== null && r.v !== undefined && !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(String(r.v).trim())
      ? `${cost} ${JSON.stringify(r.v)} is not a number`
      : `BillingPeriodStart ${JSON.stringify(r.ps ?? null)} or BillingPeriodEnd ${JSON.stringify(r.pe ?? null)} is not a date and time`;
  const n = Number(bad[0]?.n);
  throw new InputError([
    fileProblem(
      f.path,
      `row ${row ?? "?"}: ${what}${n > 1 ? ` (${n} unreadable rows in this file)` : ""}; nothing was imported`,
      f.format === "csv" && row !== undefined ? row + 1 : undefined,
    ),
  ]);
}

/** Instance types in a charge description: AWS (m5.2xlarge), Azure (Standard_D4s_v5), Google Cloud (n2-standard-8). */
const TYPE_PATTERNS = [
  String.raw`\b([a-z][a-z0-9-]*[0-9][a-z0-9-]*\.(?:nano|micro|small|medium|large|[0-9]*xlarge|metal))\b`,
  String.raw`\b(Standard_[A-Za-z0-9_]+)\b`,
  String.raw`\b([a-z][0-9][a-z]?-(?:standard|highmem|highcpu|megamem|ultramem)-[0-9]+)\b`,
];
const TYPE = `coalesce(${TYPE_PATTERNS.map((t) => `nullif(regexp_extract(descr, ${lit(t)}, 1), '')`).join(", ")}, '')`;

/**
 * Which workload quantity a row is: GB-months of storage, GB sent to the internet, or
 * instance-hours (docs/import.md, "The workload"); NULL for anything else.
 */
const KIND = `CASE
  WHEN cat = 'Storage' AND regexp_matches(lower(coalesce(unit, '')), '^(gb|gib|gigabyte|gibibyte)s?[- /]?(mo|month)s?$') THEN 'storage'
  WHEN regexp_matches(lower(coalesce(unit, '')), '^(gb|gib|gigabytes?|gibibytes?)$')
    AND regexp_matches(lower(coalesce(descr, '')), 'data transfer out|transfer out to|to internet|internet egress|internet data transfer|egress to internet')
    AND NOT regexp_matches(lower(coalesce(descr, '')), 'inter-?region|between|regional data transfer|to amazon cloudfront|to cloudfront')
    THEN 'egress'
  WHEN cat = 'Compute' AND regexp_matches(lower(coalesce(unit, '')), '^(hrs?|hours?)$') THEN 'instance'
END`;

/**
 * The quantities behind the workload, per period and provider: GB-months of storage, GB sent to
 * the internet, and instance-hours by instance type (docs/import.md, "The workload").
 */
async function usageOf(c: DuckDBConnection): Promise<UsageRead[]> {
  const rows = await rowsOf(
    c,
    `SELECT strftime(d, '%Y-%m') AS period, provider, kind, t AS type,
       CAST(sum(qty) AS VARCHAR) AS q, CAST(sum(cost) AS VARCHAR) AS cost
     FROM agg WHERE kind IS NOT NULL GROUP BY ALL ORDER BY ALL`,
  );
  return rows.map((r) => ({
    period: String(r.period),
    provider: String(r.provider),
    kind: r.kind as UsageRead["kind"],
    type: r.kind === "instance" ? String(r.type) : "",
    quantity: String(r.q),
    cost: String(r.cost),
  }));
}
