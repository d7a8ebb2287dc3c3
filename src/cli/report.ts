import { calculate } from "../engine/calculate.js";
import { anyGateFailed } from "../engine/gates.js";
import { shareCurve } from "../engine/optimize.js";
import { simulateRange } from "../engine/simulate.js";
import { sensitivity, simulationPlan, summarize } from "../engine/uncertainty.js";
import { loadScenario } from "../load/loadScenario.js";
import { checkRangeEnds } from "../load/uncertainty.js";
import { gateInCurrency, inCurrency, samplesInCurrency, swingsInCurrency } from "../report/convert.js";
import { renderHtml } from "../report/html.js";
import { toJson } from "../report/json.js";
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
    const exact = sensitivity(l.scenario, computed, l.uncertain, l.at, l.catalogs);
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
    const { curve, best, flat } = shareCurve(l.scenario, l.catalogs);
    // The curve is a picture, drawn in floats (docs/report.md); the optimum is exact.
    const amount = (v: number | Decimal) => {
      const d = new Decimal(v);
      return (rate ? d.dividedBy(rate) : d).toFixed(2);
    };
    const pct = (share: Decimal) => share.times(100).toFixed(1);
    optimize = {
      optimum: {
        share: pct(best.share),
        ownTco: amount(best.result.summary.own.tco),
        savingsTotal: amount(best.result.summary.savings.total),
        breakEvenMonth: best.result.summary.breakEvenMonth ?? null,
      },
      flat: {
        withinPct: flat.tolerance.times(100).toFixed(2),
        fromShare: pct(flat.from),
        toShare: pct(flat.to),
      },
      curve: curve.map((p) => ({
        share: pct(p.share),
        ownTco: amount(p.ownTco),
        savingsTotal: amount(p.savings),
        breakEvenMonth: p.breakEvenMonth ?? null,
      })),
    };
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
