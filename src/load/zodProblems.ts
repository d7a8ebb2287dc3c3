import type * as z from "zod";
import { ALLOWED_KEYS_MARKER } from "./fields.js";
import type { Problem } from "./problems.js";
import { problemIn, type SourceFile, unknownKeyMessage } from "./yamlSource.js";

/** Where a field of a validated value stands: usually the same path in the same file. */
export type Locator = (path: readonly PropertyKey[]) => { src: SourceFile; path: readonly PropertyKey[] };

export const sameFile =
  (src: SourceFile): Locator =>
  (path) => ({ src, path });

/** Turns zod issues into located problems: one per unknown key, one per bad value. */
export function zodProblems(issues: readonly z.core.$ZodIssue[], locate: Locator): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      const allowed = issue.message.startsWith(ALLOWED_KEYS_MARKER)
        ? issue.message.slice(ALLOWED_KEYS_MARKER.length).split(",")
        : [];
      for (const key of issue.keys) {
        const at = locate([...issue.path, key]);
        problems.push(problemIn(at.src, at.path, unknownKeyMessage(key, allowed), "key"));
      }
      continue;
    }
    const at = locate(issue.path);
    problems.push(problemIn(at.src, at.path, issue.message));
  }
  return problems;
}

/** Problems in file order, each reported once. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.file}|${p.line}|${p.col}|${p.field}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Files keep the order they were first mentioned in (the scenario, then its catalogs).
  const fileOrder = new Map<string, number>();
  for (const p of unique) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return unique.sort(
    (a, b) =>
      (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0),
  );
}
