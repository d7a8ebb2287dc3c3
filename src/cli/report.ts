import { calculate } from "../engine/calculate.js";
import { anyGateFailed } from "../engine/gates.js";
import { optimizeShare } from "../engine/optimize.js";
import { simulateRange } from "../engine/simulate.js";
import { sensitivity, simulationPlan, summarize } from "../engine/uncertainty.js";
import { loadScenario } from "../load/loadScenario.js";
import { checkRangeEnds } from "../load/uncertainty.js";
import { gateInCurrency, inCurrency, samplesInCurrency, swingsInCurrency } from "../report/convert.js";
import { renderHtml } from "../report/html.js";
import { toJson } from "../report/json.js";
import { renderOptimizeJson } from "../report/optimize.js";
import { renderSensitivityJson, renderSimulationJson } from "../report/uncertainty.js";
import { Decimal } from "../units/decimal.js";
import { type CommandOutput, reportingCurrency } from "./calc.js";
import { EXIT, seedOption, wholeNumberOption } from "./errors.js";
import { percentileGates } from "./uncertainty.js";

export interface ReportOptions {
  out?: string;
  currency?: string;
  runs?: string;
  seed?: string;
  pricing?: string[];
  /** false with --no-optimize: leave the optimize curve of a hybrid out. */
  optimize?: boolean;
}

/**
 * `repatriate report FILE -o report.html`: the calc result, and for a scenario with ranges the
 * sensitivity tornado and a Monte Carlo run, as one self-contained HTML page.
 */
export function runReport(file: string, options: ReportOptions): CommandOutput {
  const runs = wholeNumberOption("--runs", options.runs, 1000, 0, 100_000);
  const seed = seedOption(options.seed);
  const l = loadScenario(file, { pricingDirs: options.pricing ?? [] });
  const computed = calculate(l.scenario, l.catalogs);
  // With --currency every amount on the page is converted, as calc --currency does; gates are
  // judged in the scenario's currency first and keep their verdicts.
  const { rate, amounts } = reportingCurrency(l.scenario, options.currency);
  const result = rate ? inCurrency(computed, amounts.currency, rate) : computed;
  const calc = JSON.parse(JSON.stringify(toJson(result)));
  let sens: unknown;
  let sim: unknown;
  let simGates: ReturnType<typeof percentileGates> = [];
  if (l.uncertain.length > 0) {
    checkRangeEnds(l.uncertain, l.variant);
    const exact = sensitivity(l.uncertain, l.at, l.catalogs);
    const swings = rate ? swingsInCurrency(exact, rate) : exact;
    sens = JSON.parse(renderSensitivityJson(swings, result.summary.savings.npv, amounts));
    if (runs > 0) {
      const plan = simulationPlan(l.scenario, l.uncertain, l.at, seed);
      const samples = simulateRange(plan, 0, runs);
      simGates = percentileGates(l.scenario.gates, samples);
      const shown = rate ? samplesInCurrency(samples, rate) : samples;
      const gatesShown = rate ? simGates.map((g) => gateInCurrency(g, rate)) : simGates;
      sim = JSON.parse(renderSimulationJson(summarize(shown, seed), gatesShown, amounts));
    }
  }
  // A hybrid: the optimize curve of the owned share (own TCO at each share), in the page's currency.
  let optimize: unknown;
  if (l.scenario.own.derived?.strategy === "hybrid" && options.optimize !== false) {
    const o = JSON.parse(renderOptimizeJson(optimizeShare(l.scenario, l.catalogs, "tco")));
    const money = (v: string | null) => (v === null || !rate ? v : new Decimal(v).dividedBy(rate).toFixed(2));
    for (const p of [o.optimum, ...o.curve]) {
      p.ownTco = money(p.ownTco);
      p.ownNpv = money(p.ownNpv);
      p.savingsTotal = money(p.savingsTotal);
      p.burstCost = money(p.burstCost);
    }
    optimize = o;
  }
  const html = renderHtml({ calc, provenance: l.provenance, sensitivity: sens, simulation: sim, optimize });
  return {
    stdout: html,
    data: true,
    exitCode: anyGateFailed(result.gates) || anyGateFailed(simGates) ? EXIT.gateFailed : EXIT.ok,
    outFile: options.out,
    inputs: l.inputs,
  };
}
