import { GATE_METRICS, type GateMetric, type GateSpec } from "../model/scenario.js";
import { Decimal } from "../units/decimal.js";
import { parseMoneyText } from "../units/quantity.js";
import { didYouMean } from "./problems.js";

const EXPRESSION = /^\s*([A-Za-z]+)\s*(<=|>=)\s*(?:base\s*([+-])\s*([0-9.]+)\s*%|([^\s]+))\s*$/;

/**
 * A gate written on the command line: `breakEvenMonths<=24`, `savingsPct>=10`, `ownTco<=2.5M`,
 * or relative to the baseline: `ownTco<=base+5%`, `savingsNpv>=base-10%`. Returns the gate or what
 * was wrong with it.
 */
export function parseGateExpression(expression: string, level: "fail" | "warn"): GateSpec | string {
  const flag = level === "fail" ? "--gate" : "--warn";
  const m = EXPRESSION.exec(expression);
  if (!m)
    return `${flag} ${JSON.stringify(expression)}: expected <figure><=<number> or <figure>>=<number>, such as 'breakEvenMonths<=24' or 'ownTco<=base+5%'`;
  const [, metric = "", op, sign, pct, absolute] = m;
  if (!(GATE_METRICS as readonly string[]).includes(metric)) {
    const guess = didYouMean(metric, GATE_METRICS);
    return `${flag} ${JSON.stringify(expression)}: unknown figure ${JSON.stringify(metric)}${guess ? `; did you mean ${guess}?` : `; one of ${GATE_METRICS.join(", ")}`}`;
  }
  const bound = op === "<=" ? "max" : "min";
  const from = `${flag} '${expression.trim()}'`;
  if (pct !== undefined) {
    const value = new Decimal(pct);
    if (!value.isFinite()) return `${flag} ${JSON.stringify(expression)}: the percentage is not a number`;
    return {
      metric: metric as GateMetric,
      bound,
      level,
      limit: sign === "-" ? value.negated() : value,
      relative: true,
      percentile: undefined,
      from,
    };
  }
  const r = parseMoneyText((absolute ?? "").replace(/%$/, ""));
  if (!r.ok || r.value.currency || r.value.period)
    return `${flag} ${JSON.stringify(expression)}: expected a number such as 24, 10% or 2.5M after ${op}`;
  return {
    metric: metric as GateMetric,
    bound,
    level,
    limit: r.value.amount,
    relative: false,
    percentile: undefined,
    from,
  };
}
