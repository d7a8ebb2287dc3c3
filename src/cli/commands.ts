import type { Command } from "commander";
import type { CalcOptions, CommandOutput } from "./calc.js";
import type { CatalogsOptions } from "./catalogs.js";
import type { DiffOptions } from "./diff.js";
import type { ExplainOptions } from "./explain.js";
import type { ImportOptions } from "./import.js";
import type { OptimizeOptions } from "./optimize.js";
import type { ReportOptions } from "./report.js";
import { terminalWidth } from "./terminal.js";
import type { Options as UncertaintyOptions } from "./uncertainty.js";
import type { ValidateOptions } from "./validate.js";

/**
 * Every command, its arguments, options and help, in the order `--help` lists them. A command's
 * code is loaded when it runs (a dynamic import: its own chunk of the bundle), so `calc` never
 * loads the HTML report, the simulation or the explainer.
 */
export function defineCommands(
  program: Command,
  run: (produce: () => Promise<CommandOutput>) => Promise<void>,
  stderr: (text: string) => void,
): void {
  // calc
  program
    .command("calc")
    .description("compute rent vs own for a scenario: TCO, NPV, break-even, margins; check its gates")
    .argument("<scenario>", "scenario file (YAML), e.g. scenarios/known-bill.yaml")
    .option("-f, --format <format>", "output format: table | json | csv | markdown", "table")
    .option(
      "--csv-table <table>",
      "with --format csv: ledger (a row per month, side and item; the default) | years",
    )
    .option(
      "--chart",
      "after the table, a chart of cumulative rent and own cost with the break-even month marked",
    )
    .option(
      "--chart-size <COLSxROWS>",
      "the chart's plotting area, 20-240 columns by 5-60 rows (default 60x15; implies --chart)",
    )
    .option("--currency <code>", "report every amount in this currency, at the scenario's fx rate for it")
    .option(
      "-o, --out <file>",
      "write the output to this file (atomically: all or nothing) instead of stdout",
    )
    .option(
      "--gate <expr...>",
      "an extra fail-level gate, e.g. 'breakEvenMonths<=24', 'savingsPct>=10', 'ownTco<=base+5%'",
    )
    .option(
      "--warn <expr...>",
      "an extra warn-level gate: printed when it does not hold, never fails the run",
    )
    .option(
      "--baseline <file>",
      "a scenario or saved JSON result that relative gates (base+N%) compare against",
    )
    .option(
      "--no-simulate",
      "skip the scenario's percentile gates (P10/P50/P90) on purpose; by default they are judged by its simulation, as simulate does with 1,000 runs and seed 1",
    )
    .option(
      "--pricing <dir...>",
      "extra folders searched for catalogs named in the scenario, before the shipped pricing/",
    )
    .addHelpText(
      "after",
      `
Exit codes: 0 computed and every gate holds; 1 a gate failed; 2 bad input or usage
(nothing is written); 3 internal error (a bug).

Money in JSON and CSV is a plain decimal with 2 places: each line item is rounded half-even to
the cent along its months, and every total is the sum of the rows under it. See docs/model.md.`,
    )
    .option(
      "--explain-terms",
      "end the table (or Markdown) with a short definition of each term: TCO, NPV, P&L basis, IRR …",
    )
    .option(
      "--breakdown <by>",
      "after the summary, each side's cost over the horizon by category or item (table and markdown): category | item",
    )
    .option(
      "--precision <precision>",
      "table amounts: glance (K/M/B, fitted to the terminal; the default in a terminal or with COLUMNS set) | full (to the cent, as wide as it takes; the default in a pipe or a file)",
    )
    .action((file: string, options: CalcOptions) =>
      run(async () =>
        (await import("./calc.js")).runCalc(file, {
          ...options,
          width: options.out === undefined ? terminalWidth(process.env, process.stdout) : undefined,
        }),
      ),
    );

  // import
  program
    .command("import")
    .description(
      "start from the real bill: read FOCUS billing exports (CSV, CSV.gz, Parquet) and write a scenario whose rent side is their run-rate",
    )
    .argument("<files...>", "FOCUS export files or folders (read recursively for .csv, .csv.gz and .parquet)")
    .option("-o, --out <file>", "write the scenario (or JSON) to this file (atomically) instead of stdout")
    .option(
      "--by <grouping>",
      "one rent item per: category (ServiceCategory) | service (ServiceName) | tag:KEY",
      "category",
    )
    .option("--months <n>", "the run-rate is the mean of the last N full billing periods", "3")
    .option(
      "--cost <basis>",
      "cost basis: effective (EffectiveCost, amortised) | billed (BilledCost) | list (ListCost) | contracted (ContractedCost)",
      "effective",
    )
    .option(
      "--workload",
      "also derive the workload (vCPU, bytes stored, egress) from the bill's quantities and price the own side from the colo-us catalog",
    )
    .option("--name <name>", "the scenario's name (default: Imported bill (first to last period used))")
    .option("--horizon <months>", "the scenario's horizon, such as 36mo or 5y", "36mo")
    .option(
      "-f, --format <format>",
      "output format: yaml (a scenario) | json (a summary for pipelines)",
      "yaml",
    )
    .addHelpText(
      "after",
      `
A billing period is full when its charges reach its end; a partial last period is left out and the
scenario's header says so. Several currencies in one bill, a file without FOCUS's columns or an
unreadable row exit 2 and nothing is written. docs/import.md has the details and a worked example.
Exit codes: 0 done; 2 bad input or usage; 3 internal error (a bug).`,
    )
    .action((files: string[], options: ImportOptions) =>
      run(async () => (await import("./import.js")).runImport(files, options)),
    );

  // optimize
  program
    .command("optimize")
    .description(
      "search the owned share of a hybrid scenario that minimises own TCO (or NPV), and show the curve",
    )
    .argument("<scenario>", "a scenario with own.strategy: hybrid")
    .option(
      "--objective <objective>",
      "what to minimise: tco (own TCO) | npv (own NPV) | afterTaxNpv (own NPV after tax; needs business figures)",
      "tco",
    )
    .option("--step <percent>", "show the curve every this many percent (table format)", "5")
    .option("-f, --format <format>", "output format: table | json", "table")
    .option(
      "--pricing <dir...>",
      "extra folders searched for catalogs named in the scenario, before the shipped pricing/",
    )
    .addHelpText(
      "after",
      `
Every whole percent from 0% to 100% is computed, then every tenth of a percent around the best.
The scenario's own baseline is replaced by each share in turn; gates are not checked.
Exit codes: 0 done; 2 bad input or usage; 3 internal error (a bug).`,
    )
    .action((file: string, options: OptimizeOptions) =>
      run(async () =>
        (await import("./optimize.js")).runOptimize(file, {
          ...options,
          width: terminalWidth(process.env, process.stdout),
        }),
      ),
    );

  // report
  program
    .command("report")
    .description(
      "one self-contained HTML page (no script, no network): summary, cumulative-cost chart with break-even, yearly costs by category, margins, assumptions and sources; tornado and Monte Carlo when the scenario has ranges",
    )
    .argument("<scenario>", "scenario file (YAML), e.g. scenarios/rednote.yaml")
    .option(
      "-o, --out <file>",
      "write the page to this file (atomically) instead of stdout, e.g. report.html",
    )
    .option("--runs <n>", "Monte Carlo runs for a scenario with ranges (0 leaves the simulation out)", "1000")
    .option("--seed <n>", "random seed of the Monte Carlo runs", "1")
    .option("--currency <code>", "show every amount in this currency, at the scenario's fx rate for it")
    .option("--pricing <dir...>", "extra folders searched for catalogs named in the scenario")
    .option(
      "--no-optimize",
      "leave out the optimize curve of a hybrid scenario (own TCO at every owned share)",
    )
    .action((file: string, options: ReportOptions) =>
      run(async () => (await import("./report.js")).runReport(file, options)),
    );

  // explain
  program
    .command("explain")
    .description("show the formula, the inputs and where each came from, for a line item or a summary figure")
    .argument("<scenario>", "scenario file (YAML)")
    .argument(
      "[name]",
      "a line item (e.g. Servers, own:Transit) or a figure (e.g. paybackMonths); leave out for the list",
    )
    .option("-f, --format <format>", "output format: text | json", "text")
    .option("--month <n>", "the month whose working a line item shows, 1 to the horizon (default 1)")
    .option(
      "--pricing <dir...>",
      "extra folders searched for catalogs named in the scenario, before the shipped pricing/",
    )
    .action((file: string, name: string | undefined, options: ExplainOptions) =>
      run(async () =>
        (await import("./explain.js")).runExplain(file, name, {
          ...options,
          width: terminalWidth(process.env, process.stdout),
        }),
      ),
    );

  // diff
  program
    .command("diff")
    .description(
      "compare two versions: every summary figure and every line item's TCO; check HEAD's gates against BASE",
    )
    .argument("<base>", "a scenario (YAML) or a result saved with calc --format json")
    .argument("<head>", "a scenario (YAML) or a saved result")
    .option("-f, --format <format>", "output format: table | json | markdown", "table")
    .option("--gate <expr...>", "an extra fail-level gate, e.g. 'ownTco<=base+5%' or 'breakEvenMonths<=24'")
    .option("--warn <expr...>", "an extra warn-level gate (printed, never fails the run)")
    .option(
      "--no-simulate",
      "skip the head scenario's percentile gates on purpose; by default they are judged by its simulation (1,000 runs, seed 1)",
    )
    .option("-o, --out <file>", "write the output to this file (atomically) instead of stdout")
    .option("--pricing <dir...>", "extra folders searched for catalogs named in the scenarios")
    .addHelpText(
      "after",
      `
Exit codes: 0 compared and no fail-level gate failed (warnings may be printed); 1 a gate failed;
2 bad input or usage; 3 internal error (a bug). See docs/ci.md.`,
    )
    .action((base: string, head: string, options: DiffOptions) =>
      run(async () =>
        (await import("./diff.js")).runDiff(base, head, {
          ...options,
          width: terminalWidth(process.env, process.stdout),
        }),
      ),
    );

  // validate
  program
    .command("validate")
    .description(
      "check scenarios (and the catalogs they name) and catalogs, without computing; exit 2 on any problem",
    )
    .argument("<files...>", "scenario or catalog files (YAML)")
    .option("--pricing <dir...>", "extra folders searched for catalogs named in the scenarios")
    .action((files: string[], options: ValidateOptions) =>
      run(async () => (await import("./validate.js")).runValidate(files, options)),
    );

  // schema
  program
    .command("schema")
    .description(
      "print the JSON Schema of the scenario (default) or catalog format, for editors and other tools",
    )
    .argument("[format]", "scenario | catalog", "scenario")
    .option("-o, --out <file>", "write it to this file (atomically) instead of stdout")
    .addHelpText(
      "after",
      `
In a scenario file, this first line makes editors with the YAML language server check and
complete it (see docs/ci.md):
  # yaml-language-server: $schema=./scenario.schema.json`,
    )
    .action((format: string | undefined, options: { out?: string }) =>
      run(async () => (await import("./schema.js")).runSchema(format, options)),
    );

  // catalogs
  program
    .command("catalogs")
    .description(
      "list the pricing catalogs (shipped and in --pricing folders) with the prices over 3 years older than the newest, or show one with every price's source and age",
    )
    .argument("[action]", "list (default) | show")
    .argument("[name]", "with show: the catalog's name, e.g. aws-us-east-1")
    .option("-f, --format <format>", "output format: table | json", "table")
    .option("--pricing <dir...>", "extra folders of catalogs, searched before the shipped pricing/")
    .action((action: string | undefined, name: string | undefined, options: CatalogsOptions) =>
      run(async () =>
        (await import("./catalogs.js")).runCatalogs(action, name, {
          ...options,
          width: terminalWidth(process.env, process.stdout),
        }),
      ),
    );

  // uncertainty
  program
    .command("sensitivity")
    .description(
      "swing each uncertain input alone from low to high: a tornado of its effect on savings NPV and break-even",
    )
    .argument("<scenario>", "a scenario with ranges, such as pue: { low: 1.2, mode: 1.4, high: 1.7 }")
    .option("-f, --format <format>", "output format: table | json", "table")
    .option(
      "--measure <figure>",
      "what the tornado measures: savingsNpv | afterTaxSavingsNpv (needs business figures)",
      "savingsNpv",
    )
    .option("--currency <code>", "show savings NPVs in this currency, at the scenario's fx rate for it")
    .option("-o, --out <file>", "write the output to this file (atomically) instead of stdout")
    .option("--pricing <dir...>", "extra folders searched for catalogs named in the scenario")
    .action((file: string, options: UncertaintyOptions) =>
      run(async () =>
        (await import("./uncertainty.js")).runSensitivity(file, {
          ...options,
          width: terminalWidth(process.env, process.stdout),
        }),
      ),
    );
  program
    .command("simulate")
    .description(
      "Monte Carlo over the scenario's ranges: P10/P50/P90 of savings, NPV and break-even, the chance owning is cheaper",
    )
    .argument("<scenario>", "a scenario with ranges")
    .option("--runs <n>", "number of runs", "1000")
    .option("--seed <s>", "random seed: the same seed gives the same result, byte for byte", "1")
    .option("-f, --format <format>", "output format: table | json | csv (one row per run)", "table")
    .option("--currency <code>", "show every amount in this currency, at the scenario's fx rate for it")
    .option("-q, --quiet", "no progress bar (there is none when stderr is not a terminal)")
    .option("-o, --out <file>", "write the output to this file (atomically) instead of stdout")
    .option("--pricing <dir...>", "extra folders searched for catalogs named in the scenario")
    .addHelpText(
      "after",
      `
Gates on percentiles (gates: { breakEvenMonths: { p90: { max: 30 } } }) are checked here: exit 1
when one fails. Runs use both cores from 2,000 runs. See docs/uncertainty.md.`,
    )
    .action((file: string, options: UncertaintyOptions) =>
      run(async () =>
        (await import("./uncertainty.js")).runSimulate(
          file,
          { ...options, width: terminalWidth(process.env, process.stdout) },
          stderr,
          Boolean(process.stderr.isTTY),
        ),
      ),
    );
}
