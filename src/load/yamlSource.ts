import { readFileSync, statSync } from "node:fs";
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Range,
  type Node as YamlNode,
} from "yaml";
import { didYouMean, formatPath, InputError, type Problem } from "./problems.js";

/** Largest YAML file read (scenarios and catalogs are hand-written; anything bigger is a mistake). */
export const MAX_FILE_BYTES = 1024 * 1024;
const MAX_DEPTH = 64;
const MAX_NODES = 200_000;

/** A parsed YAML file that can say where any of its values stands. */
export interface SourceFile {
  /** The path as the user wrote it (for messages). */
  path: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The document as plain data: mappings → null-prototype objects, numbers → their source text. */
  value: unknown;
}

type Path = readonly PropertyKey[];

function problemAt(
  src: { path: string; text: string },
  offset: number | undefined,
  lines: LineCounter,
  field: string,
  message: string,
): Problem {
  if (offset === undefined)
    return { file: src.path, line: undefined, col: undefined, field, message, sourceLine: undefined };
  const { line, col } = lines.linePos(offset);
  return { file: src.path, line, col, field, message, sourceLine: sourceLine(src.text, line) };
}

let splitText: string | undefined;
let splitLines: string[] = [];

/** Line `line` (1-based) of the text; the last file's lines are kept, as messages and provenance ask for many. */
function sourceLine(text: string, line: number): string | undefined {
  if (text !== splitText) {
    splitText = text;
    splitLines = text.split(/\r?\n/);
  }
  return splitLines[line - 1];
}

/**
 * Converts the YAML tree to plain data. Numbers keep their source text so that money never
 * passes through a binary float; aliases are expanded with a budget (no "billion laughs").
 */
function toPlain(src: { path: string; text: string }, doc: Document.Parsed, lines: LineCounter): unknown {
  let nodes = 0;
  const fail = (node: YamlNode | null | undefined, path: Path, message: string): never => {
    throw new InputError([problemAt(src, node?.range?.[0], lines, formatPath(path), message)]);
  };
  const walk = (node: unknown, path: Path, depth: number): unknown => {
    if (++nodes > MAX_NODES)
      fail(
        node as YamlNode,
        path,
        `the document is too large (more than ${MAX_NODES} values, counting aliases)`,
      );
    if (depth > MAX_DEPTH)
      fail(node as YamlNode, path, `the document is nested more than ${MAX_DEPTH} levels deep`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return walk(node.resolve(doc), path, depth + 1);
    if (isScalar(node)) {
      if (node.tag && !node.tag.startsWith("tag:yaml.org,2002:"))
        fail(node, path, `custom YAML tags are not supported (found ${node.tag})`);
      const v = node.value;
      if (typeof v === "number" || typeof v === "bigint") return (node.source ?? String(v)).trim();
      if (typeof v === "string" || typeof v === "boolean" || v === null) return v;
      return fail(node, path, `unsupported value (${typeof v})`);
    }
    if (isSeq(node)) return node.items.map((item, i) => walk(item, [...path, i], depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = Object.create(null);
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key;
        if (!isScalar(key) || (typeof key.value !== "string" && typeof key.value !== "number"))
          fail(key as YamlNode, path, "mapping keys must be plain names");
        const name = String(
          (key as { source?: string; value: unknown }).source ?? (key as { value: unknown }).value,
        );
        out[name] = walk(pair.value, [...path, name], depth + 1);
      }
      return out;
    }
    return fail(node as YamlNode, path, "unsupported YAML node");
  };
  return walk(doc.contents, [], 0);
}

/** Parses YAML text; every syntax problem (with its line and column) becomes an InputError. */
export function parseYamlText(path: string, text: string): SourceFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
  });
  const problems: Problem[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const message = e.message.split("\n")[0]?.replace(/ at line \d+, column \d+.*$/, "") ?? e.message;
    const tag = e.code === "TAG_RESOLVE_FAILED" ? /^!\S*/.exec(text.slice(e.pos[0]))?.[0] : undefined;
    const said = tag
      ? `custom YAML tags such as ${tag} are not supported; write plain values`
      : `invalid YAML: ${message}`;
    problems.push(problemAt({ path, text }, e.pos[0], lines, "", said));
  }
  if (problems.length > 0) throw new InputError(problems);
  const value = toPlain({ path, text }, doc, lines);
  return { path, text, doc, lines, value };
}

/** Reads and parses a YAML file, refusing what is not a small regular file. */
export function readYamlFile(path: string, displayPath = path === "-" ? "<stdin>" : path): SourceFile {
  const fileProblem = (message: string) =>
    new InputError([
      { file: displayPath, line: undefined, col: undefined, field: "", message, sourceLine: undefined },
    ]);
  let bytes: Buffer;
  if (path === "-") {
    // `-` is standard input (`repatriate calc - < scenario.yaml`), read once, to the same limit.
    try {
      bytes = readFileSync(0);
    } catch (e) {
      throw fileProblem(`cannot be read (${(e as NodeJS.ErrnoException).code ?? "unknown error"})`);
    }
    if (bytes.length > MAX_FILE_BYTES)
      throw fileProblem(`is over ${MAX_FILE_BYTES} bytes, the limit for a scenario or catalog`);
  } else {
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) throw fileProblem("is not a file");
      size = st.size;
    } catch (e) {
      if (e instanceof InputError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw fileProblem(code === "ENOENT" ? "no such file" : `cannot be read (${code ?? "unknown error"})`);
    }
    if (size > MAX_FILE_BYTES)
      throw fileProblem(`is ${size} bytes; the limit for a scenario or catalog is ${MAX_FILE_BYTES} bytes`);
    try {
      bytes = readFileSync(path);
    } catch (e) {
      throw fileProblem(`cannot be read (${(e as NodeJS.ErrnoException).code ?? "unknown error"})`);
    }
  }
  let text: string;
  try {
    // Invalid UTF-8 is refused, not replaced; a byte-order mark is dropped.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw fileProblem(`is not valid UTF-8 (at byte ${at}); save it as UTF-8`);
  }
  if (text.includes("\u0000")) throw fileProblem("is not a text file");
  return parseYamlText(displayPath, text);
}

/** The offset of the first byte that does not decode as UTF-8 (where the replacement character lands). */
function firstInvalidUtf8(bytes: Buffer): number {
  const lenient = bytes.toString("utf8");
  return Buffer.byteLength(lenient.slice(0, Math.max(0, lenient.indexOf("\uFFFD"))), "utf8");
}
/** The YAML node at `path`, or the deepest existing ancestor (for a missing key), and whether it was found. */
function nodeAt(
  src: SourceFile,
  path: Path,
): { node: YamlNode | null; keyRange: Range | undefined; found: boolean } {
  let node: unknown = src.doc.contents;
  let keyRange: Range | undefined;
  for (const seg of path) {
    while (isAlias(node)) node = node.resolve(src.doc);
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && String(p.key.source ?? p.key.value) === String(seg),
      );
      if (!pair) return { node: node as YamlNode, keyRange: undefined, found: false };
      keyRange = isScalar(pair.key) ? (pair.key.range ?? undefined) : undefined;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof seg === "number" && node.items[seg] !== undefined) {
      keyRange = undefined;
      node = node.items[seg];
    } else {
      return { node: node as YamlNode, keyRange: undefined, found: false };
    }
  }
  return { node: node as YamlNode, keyRange, found: true };
}

/**
 * A problem located at a field: at its value (`at: "value"`), at its key (`at: "key"`, e.g. an
 * unknown key), or at the enclosing mapping when the field is missing.
 */
export function problemIn(
  src: SourceFile,
  path: Path,
  message: string,
  at: "value" | "key" = "value",
): Problem {
  const { node, keyRange, found } = nodeAt(src, path);
  const offset = found && at === "key" && keyRange ? keyRange[0] : node?.range?.[0];
  return problemAt(src, offset, src.lines, formatPath(path), message);
}

/** "unknown key `x`; did you mean `y`?" */
export function unknownKeyMessage(key: string, allowed: readonly string[]): string {
  const guess = didYouMean(key, allowed);
  return guess
    ? `unknown key \`${key}\`; did you mean \`${guess}\`?`
    : `unknown key \`${key}\`; expected one of: ${allowed.join(", ")}`;
}
