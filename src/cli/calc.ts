import { calculate } from "../engine/calculate.js";
import { anyGateFailed, summaryFigures } from "../engine/gates.js";
import { loadScenario } from "../load/loadScenario.js";
import type { GateResult, Result } from "../model/result.js";
import { BUSINESS_GATE_METRICS } from "../model/scenario.js";
import { BREAKDOWNS, type Breakdown } from "../report/breakdown.js";
import { renderChart } from "../report/chart.js";
import { inCurrency } from "../report/convert.js";
import { CSV_TABLES, type CsvTable, csvChunks } from "../report/csv.js";
import { firstThatFits, type Layout } from "../report/fit.js";
import { jsonChunks } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import { gateSentence, renderTable } from "../report/table.js";
import type { Amounts } from "../report/uncertainty.js";
import type { Decimal } from "../units/decimal.js";
import { cliGates, loadSnapshot, sameCurrency, snapshotFigures } from "./baseline.js";
import { EXIT, UsageError } from "./errors.js";
import { judgeGates } from "./uncertainty.js";

export const FORMATS = ["table", "json", "csv", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

export interface CalcOptions {
  format: string;
  chart?: boolean;
  chartSize?: string;
  gate?: string[];
  warn?: string[];
  baseline?: string;
  csvTable?: string;
  currency?: string;
  out?: string;
  pricing?: string[];
  /** false with --no-simulate: percentile gates are skipped on purpose. */
  simulate?: boolean;
  /** `glance` (K/M/B, fitted to the width) or `full` (every amount to the cent, as wide as it takes). */
  precision?: string;
  /** A footer defining the terms used (table and Markdown). */
  explainTerms?: boolean;
  /** A table of horizon totals by category or by item, after the summary. */
  breakdown?: string;
  /** The terminal's width, set by the command line when stdout is a terminal or COLUMNS is set. */
  width?: number | undefined;
}

/** The layout of the table: fitted to a width with amounts at a glance, or everything in full. */
export function layoutOf(options: { precision?: string | undefined; width?: number | undefined }): Layout {
  if (options.precision !== undefined && options.precision !== "glance" && options.precision !== "full")
    throw new UsageError(`--precision must be glance or full, got ${JSON.stringify(options.precision)}`);
  if (options.precision === "full") return { width: undefined };
  if (options.precision === "glance") return { width: options.width ?? 80 };
  return { width: options.width };
}

/** What a run produced: the text, where it goes, and the exit code. Nothing is written until it is complete. */
export interface CommandOutput {
  stdout: string;
  /** Data (JSON, CSV) too long to hold twice: the same text as `stdout`, in pieces, written as made. */
  pieces?: (() => Iterable<string>) | undefined;
  exitCode: number;
  /** With --out: write the text to this file (atomically) instead of stdout. */
  outFile?: string | undefined;
  /** Files the run read, which --out must never overwrite. */
  inputs?: string[];
  /** JSON, CSV or HTML: passed on as it is. Anything else is text for people, and main() shows
   * the control characters in it as visible escapes (src/report/safeText.ts). */
  data?: boolean;
  /** Lines for stderr (breached gates when the output is for machines). */
  stderr?: string | undefined;
}

/** One stderr line per gate that failed or warned, for logs when stdout is JSON, CSV or a file. */
export function gateNotes(gates: readonly GateResult[], currency: string): string | undefined {
  const lines = gates
    .filter((g) => !g.ok && !g.skipped)
    .map((g) => `${g.level === "fail" ? "gate failed" : "warning"}: ${gateSentence(g, currency)}`);
  return lines.length > 0 ? `${lines.join("\n")}\n` : undefined;
}

function render(
  result: Result,
  format: "table" | "markdown",
  layout: Layout,
  by: Breakdown | undefined,
  terms: boolean,
): string {
  return format === "markdown" ? renderMarkdown(result, by, terms) : renderTable(result, layout, by, terms);
}

/** Whether the terminal can draw box and dot characters: a UTF-8 locale and not a dumb terminal. */
export function canDrawUnicode(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || "";
  return /utf-?8/i.test(locale) && env.TERM !== "dumb";
}

/**
 * What `--currency CODE` asks for: the scenario's fx rate for CODE (units of the scenario's
 * currency per CODE; amounts are divided by it) and how the amounts are labelled. No rate when no
 * conversion is asked for (no flag, or the scenario's own currency).
 */
export function reportingCurrency(
  scenario: { currency: string; fx: readonly { code: string; rate: Decimal }[] },
  code: string | undefined,
): { rate: Decimal | undefined; amounts: Amounts } {
  const own = { rate: undefined, amounts: { currency: scenario.currency, reporting: null } };
  if (code === undefined || code === scenario.currency) return own;
  const rate = scenario.fx.find((f) => f.code === code)?.rate;
  if (!rate)
    throw new UsageError(
      `--currency ${code}: the scenario has no fx rate for ${code}; add fx: { ${code}: <${scenario.currency} per ${code}> } to it`,
    );
  return { rate, amounts: { currency: code, reporting: { currency: code, from: scenario.currency, rate } } };
}

/** `--chart-size 100x20`: columns by rows of the plotting area (default 60x15). */
export function chartSize(text: string | undefined): { width: number; height: number } {
  if (text === undefined) return { width: 60, height: 15 };
  const m = /^(\d{1,4})x(\d{1,4})$/.exec(text);
  const width = Number(m?.[1]);
  const height = Number(m?.[2]);
  if (!m || width < 20 || width > 240 || height < 5 || height > 60)
    throw new UsageError(
      `--chart-size must be COLUMNSxROWS with 20-240 columns and 5-60 rows, e.g. 100x20; got ${JSON.stringify(text)}`,
    );
  return { width, height };
}

/** `repatriate calc FILE`: load, compute, render. Exit 1 when a gate fails. */
export function runCalc(file: string, options: CalcOptions): CommandOutput {
  const format = options.format as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(
      `--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(options.format)}`,
    );
  if (options.csvTable !== undefined && format !== "csv")
    throw new UsageError("--csv-table goes with --format csv");
  const csvTable = (options.csvTable ?? "ledger") as CsvTable;
  if (!CSV_TABLES.includes(csvTable))
    throw new UsageError(
      `--csv-table must be one of ${CSV_TABLES.join(", ")}, got ${JSON.stringify(options.csvTable)}`,
    );
  const extra = cliGates(options.gate, options.warn);
  const loaded = loadScenario(file, { pricingDirs: options.pricing ?? [] });
  const { scenario, catalogs, inputs } = loaded;
  const specs = [...scenario.gates, ...extra];
  const needsBusiness = extra.find((g) => (BUSINESS_GATE_METRICS as readonly string[]).includes(g.metric));
  if (needsBusiness && !scenario.business)
    throw new UsageError(
      `gate ${needsBusiness.from} needs business figures (business: revenue, taxRate) in ${file}`,
    );
  const relative = specs.find((g) => g.relative);
  if (relative && options.baseline === undefined)
    throw new UsageError(
      `gate ${relative.from} compares against a baseline (base±N%): give --baseline FILE (a scenario or a saved JSON result), or use repatriate diff`,
    );
  let result = calculate(scenario, catalogs);
  const base =
    options.baseline === undefined ? undefined : loadSnapshot(options.baseline, options.pricing ?? []);
  if (base) sameCurrency(base.snapshot, { currency: scenario.currency, file });
  const gates = judgeGates(
    loaded,
    specs,
    summaryFigures(result.summary),
    base && snapshotFigures(base.snapshot),
    options.simulate !== false,
  );
  result = { ...result, gates };
  const { rate, amounts } = reportingCurrency(scenario, options.currency);
  if (rate) result = inCurrency(result, amounts.currency, rate);
  const wantChart = options.chart === true || options.chartSize !== undefined;
  if (wantChart && format !== "table") throw new UsageError("--chart goes with --format table");
  const size = wantChart ? chartSize(options.chartSize) : undefined;
  const layout = format === "table" ? layoutOf(options) : { width: undefined };
  if (options.breakdown !== undefined && !(BREAKDOWNS as readonly string[]).includes(options.breakdown))
    throw new UsageError(`--breakdown must be category or item, got ${JSON.stringify(options.breakdown)}`);
  if (options.breakdown !== undefined && format !== "table" && format !== "markdown")
    throw new UsageError("--breakdown goes with --format table or markdown (the CSV ledger has every item)");
  const by = options.breakdown as Breakdown | undefined;
  // In a terminal, a chart of the default size narrows to fit it; a --chart-size is kept as asked.
  const widths = size && options.chartSize === undefined ? [size.width, 50, 40, 30, 20] : [size?.width ?? 0];
  const chart = size
    ? `\n${firstThatFits(
        layout.width,
        widths.map(
          (w) => () =>
            renderChart(result, { ...size, width: w, unicode: canDrawUnicode(), fit: layout.width }),
        ),
      )}`
    : "";
  // JSON and CSV are written a piece at a time; `stdout` makes the whole text only when read.
  const pieces =
    format === "json"
      ? () => jsonChunks(result)
      : format === "csv"
        ? () => csvChunks(result, csvTable)
        : undefined;
  const text =
    format === "table" || format === "markdown"
      ? render(result, format, layout, by, options.explainTerms === true) + chart
      : undefined;
  return {
    get stdout() {
      return text ?? [...(pieces?.() ?? [])].join("");
    },
    pieces,
    data: format === "json" || format === "csv",
    exitCode: anyGateFailed(result.gates) ? EXIT.gateFailed : EXIT.ok,
    outFile: options.out,
    inputs: [...inputs, ...(base?.inputs ?? [])],
    // The table on a terminal says all of it; for JSON, CSV or a file, logs get these on stderr.
    stderr:
      format === "table" && options.out === undefined
        ? undefined
        : [
            ...result.warnings.map((w) => `warning: ${w}\n`),
            gateNotes(result.gates, result.scenario.currency) ?? "",
          ].join("") || undefined,
  };
}
