import { exact } from "../engine/arith.js";
import { calculate } from "../engine/calculate.js";
import { runModel } from "../engine/model.js";
import { loadScenario } from "../load/loadScenario.js";
import { didYouMean } from "../load/problems.js";
import {
  EXPLAINABLE_FIGURES,
  explainFigure,
  explainItem,
  explanationJson,
  renderExplanation,
} from "../report/explain.js";
import { wrap } from "../report/fit.js";
import type { CommandOutput } from "./calc.js";
import { EXIT, UsageError, wholeNumberOption } from "./errors.js";

export interface ExplainOptions {
  format: string;
  month?: string;
  pricing?: string[];
  /** The terminal's width, set by the command line (see calc): text lines wrap to it. */
  width?: number | undefined;
}

/** Each line wrapped to the terminal's width (continuations indented under it), when it is known. */
function fitLines(text: string, width: number | undefined): string {
  if (width === undefined) return text;
  return text
    .split("\n")
    .map((line) => wrap(line, width, "    "))
    .join("\n");
}

/** `repatriate explain FILE [ITEM]`: the formula, inputs and sources behind a line item or summary figure. */
export function runExplain(file: string, target: string | undefined, options: ExplainOptions): CommandOutput {
  if (options.format !== "text" && options.format !== "json")
    throw new UsageError(`--format must be text or json, got ${JSON.stringify(options.format)}`);
  const { scenario, catalogs, provenance } = loadScenario(file, { pricingDirs: options.pricing ?? [] });
  const result = calculate(scenario, catalogs);
  const items = result.months[0]?.items ?? [];
  const names = items.map((i) => `${i.side}:${i.name}`);
  if (target === undefined) {
    if (options.format === "json")
      return {
        stdout: `${JSON.stringify(
          {
            scenario: scenario.name,
            items: items.map((i) => ({ side: i.side, name: i.name, category: i.category })),
            figures: EXPLAINABLE_FIGURES,
          },
          null,
          2,
        )}\n`,
        exitCode: EXIT.ok,
        data: true,
      };
    const lines = [
      `What ${JSON.stringify(scenario.name)} can explain (repatriate explain ${file} <name>):`,
      "",
      "Line items (side:name; the side can be left out when the name is unique):",
      ...names.map((n) => `  ${n}`),
      "",
      "Summary figures:",
      ...EXPLAINABLE_FIGURES.map((f) => `  ${f}`),
    ];
    return { stdout: `${lines.join("\n")}\n`, exitCode: EXIT.ok };
  }
  const figure = EXPLAINABLE_FIGURES.find((f) => f.toLowerCase() === target.toLowerCase());
  const month = wholeNumberOption("--month", options.month, 1, 1, scenario.horizonMonths);
  if (figure && options.month !== undefined)
    throw new UsageError(`--month goes with a line item; ${figure} is a figure of the whole horizon`);
  let explanation: ReturnType<typeof explainFigure>;
  if (figure) explanation = explainFigure(result, figure);
  else {
    const matches = items.filter(
      (i) =>
        `${i.side}:${i.name}`.toLowerCase() === target.toLowerCase() ||
        i.name.toLowerCase() === target.toLowerCase(),
    );
    const [match] = matches;
    if (!match) {
      const guess = didYouMean(target, [...names, ...items.map((i) => i.name), ...EXPLAINABLE_FIGURES]);
      throw new UsageError(
        `nothing named ${JSON.stringify(target)} to explain${guess ? `; did you mean ${JSON.stringify(guess)}?` : ""} (run without a name for the list)`,
      );
    }
    if (matches.length > 1)
      throw new UsageError(
        `both sides have ${JSON.stringify(target)}; say which: ${matches.map((m) => `${m.side}:${m.name}`).join(" or ")}`,
      );
    // The model's exact amount of the month, before the ledger's rounding along the item's months.
    const series = runModel(exact, scenario).series.find(
      (x) => x.side === match.side && x.name === match.name,
    );
    explanation = explainItem(
      result,
      scenario,
      provenance,
      match.side,
      match.name,
      month,
      series?.cash[month - 1],
    );
  }
  const stdout =
    options.format === "json"
      ? `${JSON.stringify(explanationJson(explanation), null, 2)}\n`
      : fitLines(renderExplanation(explanation, result.scenario.currency), options.width);
  return { stdout, exitCode: EXIT.ok, data: options.format === "json" };
}
