import type * as z from "zod";
import type { Problem } from "./problems.js";
import { problemIn, type SourceFile, unknownKeyMessage } from "./yamlSource.js";

/** Where a field of a validated value stands: usually the same path in the same file. */
export type Locator = (path: readonly PropertyKey[]) => { src: SourceFile; path: readonly PropertyKey[] };

export const sameFile =
  (src: SourceFile): Locator =>
  (path) => ({ src, path });

/**
 * The keys of the mapping that `schema` expects at `path` (for "did you mean" on an unknown key):
 * follows objects, arrays, records and optional or piped wrappers down the schema's definition.
 */
export function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let at: z.core.$ZodType | undefined = schema;
  let i = 0;
  while (at) {
    const def = at._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
    const inner = (def.innerType ?? def.in) as z.core.$ZodType | undefined;
    if (inner) at = inner;
    else if (def.type === "union") {
      // The form that has keys there (a mapping beside a bare value).
      for (const option of def.options as z.core.$ZodType[]) {
        const keys = keysAt(option, path.slice(i));
        if (keys.length > 0) return keys;
      }
      return [];
    } else if (i === path.length) return def.type === "object" ? Object.keys(def.shape as object) : [];
    else if (def.type === "object")
      at = (def.shape as Record<PropertyKey, z.core.$ZodType>)[path[i++] as string];
    else if (def.type === "array") [at, i] = [def.element as z.core.$ZodType, i + 1];
    else if (def.type === "record") [at, i] = [def.valueType as z.core.$ZodType, i + 1];
    else return [];
  }
  return [];
}

/** Turns zod issues against `schema` into located problems: one per unknown key, one per bad value. */
export function zodProblems(
  issues: readonly z.core.$ZodIssue[],
  locate: Locator,
  schema: z.core.$ZodType,
): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === "invalid_union") {
      // A field with two forms (`discount: 25%` or `discount: { compute: 25% }`): report the
      // problems of the form that was written, the one whose problems go deeper than its type.
      const branches = issue.errors;
      const chosen =
        branches.find((b) => b.some((i) => i.path.length > 0)) ??
        branches.find((b) => b.every((i) => i.code !== "invalid_type")) ??
        branches[0] ??
        [];
      const prefixed = chosen.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as z.core.$ZodIssue);
      for (const p of zodProblems(prefixed, locate, schema)) problems.push(p);
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      const allowed = keysAt(schema, issue.path);
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
