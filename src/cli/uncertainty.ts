import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { calculate } from "../engine/calculate.js";
import { anyGateFailed, checkGates, type Figures } from "../engine/gates.js";
import { type Sample, type SimulationPlan, simulateRange } from "../engine/simulate.js";
import {
  type Measure,
  measureOf,
  percentileOf,
  sensitivity,
  simulationPlan,
  summarize,
} from "../engine/uncertainty.js";
import { type LoadedScenario, loadScenario } from "../load/loadScenario.js";
import { checkRangeEnds } from "../load/uncertainty.js";
import type { GateResult } from "../model/result.js";
import type { GateSpec, SAMPLED_GATE_METRICS } from "../model/scenario.js";
import { gateInCurrency, samplesInCurrency, swingsInCurrency } from "../report/convert.js";
import {
  renderSensitivityJson,
  renderSensitivityTable,
  renderSimulationCsv,
  renderSimulationJson,
  renderSimulationTable,
} from "../report/uncertainty.js";
import { Decimal } from "../units/decimal.js";
import { type CommandOutput, reportingCurrency } from "./calc.js";
import { EXIT, seedOption, UsageError, wholeNumberOption } from "./errors.js";

export interface Options {
  format: string;
  runs?: string;
  seed?: string;
  quiet?: boolean;
  out?: string;
  pricing?: string[];
  currency?: string;
  /** sensitivity: what the tornado measures. */
  measure?: string;
  /** The terminal's width, set by the command line (see calc). */
  width?: number | undefined;
}

const MEASURES: readonly Measure[] = ["savingsNpv", "afterTaxSavingsNpv"];

function load(file: string, options: Options) {
  const loaded = loadScenario(file, { pricingDirs: options.pricing ?? [] });
  checkRangeEnds(loaded.uncertain, loaded.variant);
  return loaded;
}

/** `repatriate sensitivity FILE`: the tornado. Exact (decimal engine); see engine/uncertainty.ts sensitivity. */
export function runSensitivity(file: string, options: Options): CommandOutput {
  if (options.format !== "table" && options.format !== "json")
    throw new UsageError(`--format must be table or json, got ${JSON.stringify(options.format)}`);
  if (options.measure !== undefined && !MEASURES.includes(options.measure as Measure))
    throw new UsageError(
      `--measure must be one of ${MEASURES.join(", ")}, got ${JSON.stringify(options.measure)}`,
    );
  const l = load(file, options);
  const { rate, amounts } = reportingCurrency(l.scenario, options.currency);
  const measure = (options.measure ?? "savingsNpv") as Measure;
  if (measure === "afterTaxSavingsNpv" && !l.scenario.business)
    throw new UsageError(
      `--measure afterTaxSavingsNpv needs business figures (business: revenue, taxRate) in ${file}`,
    );
  const computed = calculate(l.scenario, l.catalogs);
  const exact = sensitivity(l.scenario, computed, l.uncertain, l.at, l.catalogs, measure);
  const swings = rate ? swingsInCurrency(exact, rate) : exact;
  const npv = measureOf(computed.summary, measure);
  const point = rate ? npv.dividedBy(rate) : npv;
  const stdout =
    options.format === "json"
      ? renderSensitivityJson(swings, point, amounts, measure)
      : renderSensitivityTable(swings, point, amounts, l.scenario.name, measure, {
          width: options.out === undefined ? options.width : undefined,
        });
  return {
    stdout,
    exitCode: EXIT.ok,
    outFile: options.out,
    inputs: l.inputs,
    data: options.format === "json",
  };
}

const SAMPLED: Record<(typeof SAMPLED_GATE_METRICS)[number], (s: Sample) => number> = {
  savingsTotal: (s) => s.savings,
  savingsNpv: (s) => s.savingsNpv,
  ownTco: (s) => s.ownTco,
  rentTco: (s) => s.rentTco,
  savingsPct: (s) => (s.rentTco === 0 ? 0 : (s.savings / s.rentTco) * 100),
  breakEvenMonths: (s) => s.breakEvenMonth ?? Number.POSITIVE_INFINITY,
  paybackMonths: (s) => s.paybackMonths ?? Number.POSITIVE_INFINITY,
};

/** Percentile gates (`breakEvenMonths: { p90: { max: 30 } }`) checked against the samples. */
export function percentileGates(specs: readonly GateSpec[], samples: readonly Sample[]): GateResult[] {
  return specs
    .filter((g) => g.percentile !== undefined)
    .map((g) => {
      const pick = SAMPLED[g.metric as (typeof SAMPLED_GATE_METRICS)[number]] as
        | ((s: Sample) => number)
        | undefined;
      const base: GateResult = {
        metric: g.metric,
        bound: g.bound,
        level: g.level,
        limit: g.limit,
        actual: undefined,
        relative: undefined,
        ok: false,
        skipped: false,
        percentile: g.percentile,
        from: g.from,
      };
      if (!pick) return { ...base, skipped: true, ok: true };
      const value = percentileOf(samples.map(pick), g.percentile ?? 50);
      const actual = Number.isFinite(value) ? new Decimal(value.toFixed(2)) : undefined;
      const ok = actual !== undefined && (g.bound === "min" ? actual.gte(g.limit) : actual.lte(g.limit));
      return { ...base, actual, ok };
    });
}

/** The runs and seed `simulate` uses by default, and so calc and diff for percentile gates. */
const DEFAULT_RUNS = 1000;
const DEFAULT_SEED = 1;

/**
 * A scenario's gates as calc and diff judge them: each on the point result, and each percentile
 * gate (unless `simulate` is false: --no-simulate) on the scenario's simulation, exactly as
 * `simulate` judges it with its defaults (1,000 runs, seed 1: each run's draws depend only on the
 * seed and the run's number, so one thread gives the same samples as two).
 */
export function judgeGates(
  l: LoadedScenario,
  specs: readonly GateSpec[],
  head: Figures,
  base: Figures | undefined,
  simulate: boolean,
): GateResult[] {
  const checked = checkGates(specs, head, base);
  if (!simulate || !specs.some((g) => g.percentile !== undefined)) return checked;
  checkRangeEnds(l.uncertain, l.variant);
  const plan = simulationPlan(l.scenario, l.uncertain, l.at, DEFAULT_SEED);
  const judged = percentileGates(specs, simulateRange(plan, 0, DEFAULT_RUNS));
  let next = 0;
  return checked.map((g) => (g.percentile === undefined ? g : (judged[next++] as GateResult)));
}

async function runInWorkers(
  plan: SimulationPlan,
  runs: number,
  progress: (done: number) => void,
): Promise<Sample[]> {
  // The runs are split into equal shares: this thread computes the first while a worker thread
  // computes each of the others. Below 20,000 runs one thread is faster on 2 cores: two busy
  // threads leave no core for V8's background compiler and collector (measured on rednote:
  // 10,000 runs 1.7-1.9 s on one thread, 2.2 s on two; even at 20,000; 50,000 runs 4.2 s
  // against 3.6 s).
  const threads = runs >= 20_000 ? Math.max(1, Math.min(availableParallelism(), 4)) : 1;
  const per = Math.ceil(runs / threads);
  // From the compiled CLI the worker sits beside this file; when the tests run the TypeScript
  // sources, they use the compiled worker (npm test builds first).
  const url = import.meta.url.endsWith(".ts")
    ? new URL("../../dist/bundle/simulateWorker.js", import.meta.url)
    : new URL("./simulateWorker.js", import.meta.url);
  let done = 0;
  const workers = Array.from({ length: threads - 1 }, (_, t) => {
    const from = (t + 1) * per;
    const to = Math.min(runs, from + per);
    return new Promise<Sample[]>((resolve, reject) => {
      const w = new Worker(url, { workerData: { plan, from, to } });
      w.once("message", (samples: Sample[]) => {
        done += samples.length;
        progress(done);
        resolve(samples);
      });
      w.once("error", reject);
    });
  });
  const mine: Sample[] = [];
  const share = Math.min(runs, per);
  const chunk = Math.max(1, Math.ceil(share / 20));
  for (let from = 0; from < share; from += chunk) {
    for (const x of simulateRange(plan, from, Math.min(share, from + chunk))) mine.push(x);
    done += Math.min(share, from + chunk) - from;
    progress(done);
  }
  return [mine, ...(await Promise.all(workers))].flat();
}

/** `repatriate simulate FILE --runs N --seed S`: Monte Carlo over the scenario's ranges. */
export async function runSimulate(
  file: string,
  options: Options,
  stderr: (s: string) => void,
  isTty: boolean,
): Promise<CommandOutput> {
  if (!["table", "json", "csv"].includes(options.format))
    throw new UsageError(`--format must be table, json or csv, got ${JSON.stringify(options.format)}`);
  const runs = wholeNumberOption("--runs", options.runs, DEFAULT_RUNS, 1, 1_000_000);
  const seed = seedOption(options.seed);
  const l = load(file, options);
  const { rate, amounts } = reportingCurrency(l.scenario, options.currency);
  const plan: SimulationPlan = simulationPlan(l.scenario, l.uncertain, l.at, seed);
  const showProgress = isTty && !options.quiet && runs >= 1000;
  const progress = (done: number) => {
    if (showProgress)
      stderr(
        `\r  simulating ${done}/${runs} [${"#".repeat(Math.round((done / runs) * 30)).padEnd(30)}]${done === runs ? "\n" : ""}`,
      );
  };
  const samples = await runInWorkers(plan, runs, progress);
  // Gates are judged in the scenario's currency; --currency only changes what is shown.
  const gates = percentileGates(l.scenario.gates, samples);
  const shown = rate ? samplesInCurrency(samples, rate) : samples;
  const gatesShown = rate ? gates.map((g) => gateInCurrency(g, rate)) : gates;
  const summary = summarize(shown, seed);
  const stdout =
    options.format === "json"
      ? renderSimulationJson(summary, gatesShown, amounts)
      : options.format === "csv"
        ? renderSimulationCsv(shown, amounts.currency)
        : renderSimulationTable(summary, gatesShown, amounts, l.scenario.name, l.uncertain.length, {
            width: options.out === undefined ? options.width : undefined,
          });
  return {
    stdout,
    data: options.format !== "table",
    exitCode: anyGateFailed(gates) ? EXIT.gateFailed : EXIT.ok,
    outFile: options.out,
    inputs: l.inputs,
  };
}
