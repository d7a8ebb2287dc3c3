import { randomBytes } from "node:crypto";
import * as nodeFs from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "./errors.js";

/** What a command writes: its whole text, or the same in pieces (a long ledger, a month at a time). */
export type Text = string | Iterable<string>;

/** The file operations a write needs (a parameter, so a test can fail one midway). */
export interface WriteFs {
  writeFileSync(path: string, data: Text): void;
  renameSync(from: string, to: string): void;
  rmSync(path: string, options: { force: boolean }): void;
  realpathSync(path: string): string;
  existsSync(path: string): boolean;
  statSync(path: string): nodeFs.Stats;
  readdirSync(path: string): string[];
}

/** The file system, with pieces written one after another through one open file. */
const processFs: WriteFs = {
  ...nodeFs,
  writeFileSync(path, data) {
    if (typeof data === "string") return nodeFs.writeFileSync(path, data);
    const fd = nodeFs.openSync(path, "w");
    try {
      for (const piece of data) nodeFs.writeSync(fd, piece);
    } finally {
      nodeFs.closeSync(fd);
    }
  },
};

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

/** The temporary file being written now, removed if the run is interrupted (SIGINT, SIGTERM). */
let pending: { fs: WriteFs; path: string } | undefined;
let handlersInstalled = false;
function onSignal(signal: NodeJS.Signals, code: number) {
  process.once(signal, () => {
    if (pending) pending.fs.rmSync(pending.path, { force: true });
    process.exit(code);
  });
}

/** `.NAME.PID.HEX.tmp`, the temporary files this writes next to NAME. */
const tempOf = (name: string) =>
  new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`);

/** Removes the temporary files that a killed run (SIGKILL, power loss) left next to `target`. */
function removeStale(fs: WriteFs, dir: string, name: string): void {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return;
  }
  const pattern = tempOf(name);
  for (const entry of entries) {
    const pid = Number(pattern.exec(entry)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0); // still running: its file is its own
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ESRCH") fs.rmSync(join(dir, entry), { force: true });
    }
  }
}

/**
 * Writes `text` to `path`. A regular file (or a new one) is written through a temporary file in
 * the same folder and a rename, so a reader sees the old file or the new one, never a partial one;
 * the temporary file is removed on SIGINT and SIGTERM, and one left by a killed run is removed by
 * the next write. A character device or FIFO (/dev/null, /dev/stdout, a named pipe) is written in
 * place and never replaced. A folder, a socket, a read-only file and any input of the run are
 * refused (exit 2).
 */
export function writeAtomic(
  path: string,
  text: Text,
  inputs: readonly string[],
  fs: WriteFs = processFs,
): void {
  const target = canonical(fs, path);
  for (const input of inputs)
    if (canonical(fs, input) === target)
      throw new OutputError(`--out ${path} is an input of this run (${input}); refusing to overwrite it`);
  const failed = (e: unknown): never => {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OutputError(
      `could not write ${path} (${code ?? (e as Error).message}); any previous file is unchanged`,
    );
  };
  let existing: nodeFs.Stats | undefined;
  try {
    existing = fs.statSync(target);
  } catch {
    existing = undefined;
  }
  if (existing && (existing.isCharacterDevice() || existing.isFIFO())) {
    try {
      fs.writeFileSync(target, text);
    } catch (e) {
      failed(e);
    }
    return;
  }
  if (existing?.isDirectory()) throw new OutputError(`--out ${path} is a folder; name a file`);
  if (existing && !existing.isFile())
    throw new OutputError(`--out ${path} is not a regular file; refusing to replace it`);
  // As root every file is writable: the permission bits say what the owner meant.
  if (existing && (existing.mode & 0o222) === 0)
    throw new OutputError(`--out ${path} is read-only; refusing to replace it`);
  const dir = dirname(target);
  if (!fs.existsSync(dir)) throw new OutputError(`--out ${path}: the folder ${dirname(path)} does not exist`);
  const name = basename(target);
  if (Buffer.byteLength(name) > 200) throw new OutputError(`--out ${path}: the file name is too long`);
  removeStale(fs, dir, name);
  if (!handlersInstalled) {
    handlersInstalled = true;
    onSignal("SIGINT", 130);
    onSignal("SIGTERM", 143);
  }
  const tmp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  pending = { fs, path: tmp };
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    failed(e);
  } finally {
    pending = undefined;
  }
}
