import { asDrawn, type Distribution, support, type UncertainInput } from "../model/uncertainty.js";
import { formatPath, InputError, type Problem } from "./problems.js";
import { problemIn, type SourceFile } from "./yamlSource.js";

const RANGE_KEYS = new Set(["low", "mode", "high", "mean", "sd", "median", "p90", "dist"]);
const NUMBER_PREFIX = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(.*)$/;

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A mapping made only of range keys, with a recognisable shape, stands where a number would. */
function isRange(v: unknown): v is Record<string, unknown> {
  if (!isMapping(v)) return false;
  const keys = Object.keys(v);
  if (keys.length === 0 || !keys.every((k) => RANGE_KEYS.has(k))) return false;
  return ("low" in v && "high" in v) || ("mean" in v && "sd" in v) || ("median" in v && "p90" in v);
}

/** "150k/yr" → [150, "k/yr"]; every parameter of a range must share the same suffix (its unit). */
function split(value: unknown): [number, string] | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const m = NUMBER_PREFIX.exec(String(value));
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isFinite(n) ? [n, (m[2] ?? "").trim()] : undefined;
}

/** The written value for a sampled number: the number in plain notation, then the shared unit. */
export function writeValue(n: number, suffix: string): string {
  const text = Number.isInteger(n) ? String(n) : n.toPrecision(15).replace(/\.?0+$/, "");
  return suffix ? `${text}${/^[%kKMBT/]/.test(suffix) ? "" : " "}${suffix}` : text;
}

function parseRange(
  src: SourceFile,
  path: (string | number)[],
  range: Record<string, unknown>,
  problems: Problem[],
): Distribution | undefined {
  const fail = (message: string) => {
    problems.push(problemIn(src, path, message));
    return undefined;
  };
  const params: Record<string, number> = {};
  let unit: string | undefined;
  for (const [k, v] of Object.entries(range)) {
    if (k === "dist") continue;
    if (typeof v === "object" && v !== null)
      return fail(`ranges do not nest: range parameter ${k} must be a number with the field's unit`);
    const s = split(v);
    if (!s)
      return fail(`range parameter ${k} must be a number with the field's unit, got ${JSON.stringify(v)}`);
    // A bare 0 (sd: 0) needs no unit.
    if (s[1] === "" && s[0] === 0) {
      params[k] = 0;
      continue;
    }
    if (unit !== undefined && s[1] !== unit)
      return fail(
        `all parameters of a range are written in the same unit; ${k} is in "${s[1]}", another in "${unit}"`,
      );
    unit = s[1];
    params[k] = s[0];
  }
  const suffix = unit ?? "";
  const dist = typeof range.dist === "string" ? range.dist : undefined;
  const { low, mode, high, mean, sd, median, p90 } = params;
  if (mean !== undefined && sd !== undefined && (dist === undefined || dist === "normal")) {
    if (sd < 0) return fail("sd must be zero or more");
    return { kind: "normal", mean, sd, suffix };
  }
  if (median !== undefined && p90 !== undefined && (dist === undefined || dist === "lognormal")) {
    if (median <= 0 || p90 < median) return fail("a lognormal range needs 0 < median <= p90");
    return { kind: "lognormal", median, p90, suffix };
  }
  if (low !== undefined && high !== undefined) {
    if (high < low) return fail(`high (${high}) is below low (${low})`);
    if (dist === "uniform" || (dist === undefined && mode === undefined))
      return { kind: "uniform", low, high, suffix };
    if (dist === undefined || dist === "triangular") {
      const m = mode ?? (low + high) / 2;
      if (m < low || m > high) return fail(`mode (${m}) must lie between low (${low}) and high (${high})`);
      return { kind: "triangular", low, mode: m, high, suffix };
    }
  }
  return fail(
    `expected a range such as { low: 1.2, mode: 1.4, high: 1.7 } (triangular), { low, high, dist: uniform }, { mean, sd } (normal) or { median, p90 } (lognormal)`,
  );
}

/** The value `calc` uses for a range: the mode, the middle, the mean, or the median. */
export function pointValue(d: Distribution): number {
  switch (d.kind) {
    case "triangular":
      return d.mode;
    case "uniform":
      return (d.low + d.high) / 2;
    case "normal":
      return d.mean;
    case "lognormal":
      return d.median;
  }
}

/**
 * Replaces every range in a scenario by its point value, and lists the ranges. Ranges may stand
 * for any number in the scenario, catalog price overrides included.
 */
export function extractRanges(src: SourceFile): { value: unknown; inputs: UncertainInput[] } {
  const inputs: UncertainInput[] = [];
  const problems: Problem[] = [];
  const walk = (v: unknown, path: (string | number)[]): unknown => {
    if (isRange(v)) {
      const dist = parseRange(src, path, v, problems);
      if (!dist) return v;
      inputs.push({ path, field: formatPath(path), dist, line: problemIn(src, path, "").line });
      // A whole-month field takes its point value rounded, as every draw is.
      return writeValue(asDrawn(path, pointValue(dist)), dist.suffix);
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (isMapping(v)) {
      const out: Record<string, unknown> = Object.create(null);
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, [...path, k]);
      return out;
    }
    return v;
  };
  const value = walk(src.value, []);
  if (problems.length > 0) throw new InputError(problems);
  return { value, inputs };
}

/** The scenario data with one field replaced (for the variants sensitivity and sampling need). */
export function withValue(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((x, i) => (i === head ? withValue(x, rest, replacement) : x));
  if (isMapping(value)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, x] of Object.entries(value)) out[k] = k === head ? withValue(x, rest, replacement) : x;
    return out;
  }
  return value;
}

type Replacement = { path: readonly (string | number)[]; value: unknown };

/**
 * Checks that every combination of values the ranges can be drawn at is one the fields accept, by
 * loading the scenario at the corners that matter (a bounded range's low and high ends; mean ± 4
 * sd for normal; the same on the log scale for lognormal):
 * - every range at its low end, and every range at its high end: each field's own rules (bounds)
 *   see both ends of each range, so the values in between are accepted too;
 * - within each group of ranges that rules between fields can compare — one line item (`from`,
 *   `to`, `month`, `lifetime`), or the rest of the scenario (workload, migration, own and rent
 *   settings) — each range at one end with the others of its group at the other: the rules between
 *   fields compare two values (`from` ≤ `to`, data moved within the duration), so a combination
 *   that breaks one breaks it at such a corner.
 * Line items are checked side by side in one load per corner: 2 loads, plus 2g where g is the
 * most ranges in one group, whatever the number of items. Throws
 * InputError naming the range and the end, or, for a combination, the corner.
 */
export function checkRangeEnds(
  inputs: readonly UncertainInput[],
  variant: (replacements: readonly Replacement[]) => unknown,
): void {
  if (inputs.length === 0) return;
  const ends = inputs.map(
    (input) => support(input.dist).map((e) => asDrawn(input.path, e)) as [number, number],
  );
  const at = (j: number, end: 0 | 1): Replacement => {
    const input = inputs[j] as UncertainInput;
    return { path: input.path, value: writeValue((ends[j] as [number, number])[end], input.dist.suffix) };
  };
  const refused = (replacements: readonly Replacement[]): Problem[] | undefined => {
    try {
      variant(replacements);
      return undefined;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return e.problems;
    }
  };
  const describe = (j: number, end: 0 | 1) => {
    const input = inputs[j] as UncertainInput;
    const cut =
      input.dist.kind === "normal"
        ? ["mean − 4 sd", "mean + 4 sd"]
        : input.dist.kind === "lognormal"
          ? ["4 sd below the median on the log scale", "4 sd above the median on the log scale"]
          : undefined;
    const value = writeValue((ends[j] as [number, number])[end], input.dist.suffix);
    return `${value} at its ${end === 0 ? "low" : "high"} end${cut ? ` (${cut[end]})` : ""}`;
  };
  const byField = new Map(inputs.map((input, j) => [input.field, j]));
  const low: 0 | 1 = 0;
  const high: 0 | 1 = 1;
  const problems: Problem[] = [];
  // A problem on a ranged field is that range's own, at that end; any other is the combination's.
  const report = (found: readonly Problem[], end: 0 | 1, corner: string) => {
    for (const p of found) {
      const j = byField.get(p.field);
      problems.push({
        ...p,
        message:
          j !== undefined && corner === "all"
            ? `the range reaches ${describe(j, end)}, which the field does not accept: ${p.message}`
            : `the ranges together reach a combination the scenario does not accept (${corner === "all" ? `every range at its ${end === 0 ? "low" : "high"} end` : corner}): ${p.message}`,
      });
    }
  };
  const each = inputs.map((_, j) => j);
  for (const end of [low, high]) {
    const found = refused(each.map((j) => at(j, end)));
    if (found) report(found, end, "all");
  }
  if (problems.length > 0) throw new InputError(problems);
  // Groups of ranges that a rule between fields can compare.
  const groups = new Map<string, number[]>();
  for (const j of each) {
    const path = (inputs[j] as UncertainInput).path;
    const key = path[1] === "items" && typeof path[2] === "number" ? path.slice(0, 3).join(".") : "scenario";
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  // A line item's rules compare its own fields only, so the same corner of every item is checked
  // in one load (the k-th range of each item at one end, the rest of its item at the other), and
  // only a refused load is taken apart to name the item: 2 + 2·(most ranges on one group) loads.
  const multi = [...groups.values()].filter((g) => g.length >= 2);
  const rounds = Math.max(0, ...multi.map((g) => g.length));
  for (let lead = 0; lead < rounds; lead++)
    for (const end of [low, high]) {
      const other: 0 | 1 = end === low ? high : low;
      const corner = (group: readonly number[]) => group.map((j, k) => at(j, k === lead ? end : other));
      const taking = multi.filter((g) => g.length > lead);
      const together = refused(taking.flatMap(corner));
      if (!together) continue;
      for (const group of taking) {
        const found = refused(corner(group));
        if (!found) continue;
        const j = group[lead] as number;
        report(
          found,
          end,
          `${(inputs[j] as UncertainInput).field} at ${describe(j, end)}, the ranges beside it at their ${other === low ? "low" : "high"} ends`,
        );
        throw new InputError(problems);
      }
      // Refused only together: a rule between groups (an item's month against the horizon).
      report(
        together,
        end,
        `${taking.map((g) => (inputs[g[lead] as number] as UncertainInput).field).join(", ")} at their ${end === low ? "low" : "high"} ends, the ranges beside each at their ${other === low ? "low" : "high"} ends`,
      );
      throw new InputError(problems);
    }
}
