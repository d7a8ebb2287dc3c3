import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "./errors.js";

/** The file operations an atomic write needs (a parameter, so a test can fail one midway). */
export interface WriteFs {
  writeFileSync(path: string, data: string): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
  realpathSync(path: string): string;
  existsSync(path: string): boolean;
}

/** A failure to write the output: reported like bad usage (exit 2); the old file is untouched. */
export class OutputError extends UsageError {}

function canonical(fs: WriteFs, path: string): string {
  const absolute = resolve(path);
  try {
    return fs.realpathSync(absolute);
  } catch {
    return absolute;
  }
}

/**
 * Writes `text` to `path` through a temporary file in the same folder and a rename, so a reader
 * sees the old file or the new one, never a partial one. Refuses to overwrite any input.
 */
export function writeAtomic(
  path: string,
  text: string,
  inputs: readonly string[],
  fs: WriteFs = nodeFs,
): void {
  const target = canonical(fs, path);
  for (const input of inputs)
    if (canonical(fs, input) === target)
      throw new OutputError(`--out ${path} is an input of this run (${input}); refusing to overwrite it`);
  const dir = dirname(target);
  if (!fs.existsSync(dir)) throw new OutputError(`--out ${path}: the folder ${dirname(path)} does not exist`);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    throw new OutputError(
      `could not write ${path} (${code ?? (e as Error).message}); any previous file is unchanged`,
    );
  }
}
