import { anyGateFailed, checkGates } from "../engine/gates.js";
import { type Diff, renderDiffJson, renderDiffMarkdown, renderDiffTable } from "../report/diff.js";
import { cliGates, loadSnapshot, sameCurrency, snapshotFigures } from "./baseline.js";
import { type CommandOutput, gateNotes } from "./calc.js";
import { EXIT, UsageError } from "./errors.js";
import { judgeGates } from "./uncertainty.js";

export interface DiffOptions {
  format: string;
  gate?: string[];
  warn?: string[];
  out?: string;
  pricing?: string[];
  /** false with --no-simulate: percentile gates are skipped on purpose. */
  simulate?: boolean;
  /** The terminal's width, set by the command line (see calc). */
  width?: number | undefined;
}

/**
 * `repatriate diff BASE HEAD`: the change of every summary figure and line item. HEAD's gates
 * (and --gate/--warn) are checked, relative gates against BASE; exit 1 if one fails.
 */
export function runDiff(baseFile: string, headFile: string, options: DiffOptions): CommandOutput {
  if (!["table", "json", "markdown"].includes(options.format))
    throw new UsageError(`--format must be table, json or markdown, got ${JSON.stringify(options.format)}`);
  const extra = cliGates(options.gate, options.warn);
  const pricing = options.pricing ?? [];
  const base = loadSnapshot(baseFile, pricing);
  const head = loadSnapshot(headFile, pricing);
  sameCurrency(base.snapshot, head.snapshot);
  const headFigures = snapshotFigures(head.snapshot);
  const baseFigures = snapshotFigures(base.snapshot);
  // A computed head checks its own gates again, now with the base for relative ones; a saved
  // head keeps the verdicts it was saved with.
  // Percentile gates are judged by the head scenario's simulation, as calc judges them.
  const own = head.loaded
    ? judgeGates(
        head.loaded,
        head.loaded.scenario.gates,
        headFigures,
        baseFigures,
        options.simulate !== false,
      )
    : head.snapshot.gates;
  const gates = [...own, ...checkGates(extra, headFigures, baseFigures)];
  const diff: Diff = { base: base.snapshot, head: head.snapshot, gates };
  const stdout =
    options.format === "json"
      ? renderDiffJson(diff)
      : options.format === "markdown"
        ? renderDiffMarkdown(diff)
        : renderDiffTable(diff, { width: options.out === undefined ? options.width : undefined });
  return {
    stdout,
    data: options.format === "json",
    exitCode: anyGateFailed(gates) ? EXIT.gateFailed : EXIT.ok,
    outFile: options.out,
    inputs: [...base.inputs, ...head.inputs],
    stderr:
      options.format === "table" && options.out === undefined
        ? undefined
        : gateNotes(gates, head.snapshot.currency),
  };
}
