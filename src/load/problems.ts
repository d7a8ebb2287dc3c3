/** One thing wrong with an input file, located as precisely as the file allows. */
export interface Problem {
  file: string;
  line: number | undefined;
  col: number | undefined;
  /** The field's path in the user's words: `own.items[0].monthly`; empty for the file as a whole. */
  field: string;
  message: string;
  /** The source line the problem is on, for the excerpt under the message. */
  sourceLine: string | undefined;
}

/** Bad input: the command stops with exit code 2 and writes nothing but these problems. */
export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map((p) => formatProblemHeadline(p)).join("\n"));
    this.name = "InputError";
    this.problems = problems;
  }
}

/** `file:line:col: field: message` — the form editors and CI logs turn into links. */
/** A problem with a file as a whole (or one of its lines), not with a field of a scenario. */
export function fileProblem(file: string, message: string, line?: number, field = ""): Problem {
  return { file, line, col: undefined, field, message, sourceLine: undefined };
}

export function formatProblemHeadline(p: Problem): string {
  const where = [p.file, p.line, p.col].filter((x) => x !== undefined).join(":");
  return `${where}: ${p.field ? `${p.field}: ` : ""}${p.message}`;
}

const MAX_EXCERPT = 120;

/** The headline, then the offending source line with a caret under the column. */
export function formatProblem(p: Problem): string {
  const lines = [`error: ${formatProblemHeadline(p)}`];
  if (p.sourceLine !== undefined && p.line !== undefined) {
    const gutter = String(p.line);
    let text = p.sourceLine.replace(/\t/g, " ");
    let col = p.col ?? 1;
    if (text.length > MAX_EXCERPT) {
      const from = Math.max(0, Math.min(col - 1 - 20, text.length - MAX_EXCERPT));
      text = `${from > 0 ? "..." : ""}${text.slice(from, from + MAX_EXCERPT)}...`;
      col = col - from + (from > 0 ? 3 : 0);
    }
    lines.push(`  ${gutter} | ${text}`);
    lines.push(`  ${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, col - 1))}^`);
  }
  return lines.join("\n");
}

const ELLIPSIS = Symbol("…");

/** Formats a field path the way a user writes it: `rent.items[2].capex`. */
export function formatPath(path: readonly PropertyKey[]): string {
  // A path through a hostile, deeply nested document is shortened: its start and end say enough.
  const shown: readonly (PropertyKey | symbol)[] =
    path.length > 12 ? [...path.slice(0, 4), ELLIPSIS, ...path.slice(-2)] : path;
  let out = "";
  for (const seg of shown) {
    if (seg === ELLIPSIS) {
      out += "…";
      continue;
    }
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The closest of `candidates` to `word`, if it is close enough to be what was meant. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const score = c.toLowerCase() === word.toLowerCase() ? 0 : distance(word.toLowerCase(), c.toLowerCase());
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestScore <= limit ? best : undefined;
}
