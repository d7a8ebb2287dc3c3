import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { formatProblem, InputError } from "../load/problems.js";
import { visible } from "../report/safeText.js";
import type { CommandOutput } from "./calc.js";
import { defineCommands } from "./commands.js";
import { EXIT, UsageError } from "./errors.js";
import { type Text, writeAtomic } from "./output.js";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return pkg.version;
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Writes a whole output file (atomically, never over an input). */
  writeFile: (path: string, text: Text, inputs: readonly string[]) => void;
}

/**
 * Standard output and error. A reader that goes away (`repatriate calc … | head`) makes the
 * stream emit EPIPE: the rest of the output is dropped quietly and the exit code stays the
 * command's (0, 1 or 2), never "gate failed" by accident. Any other write error is a crash.
 */
function processStream(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    closed = true;
  });
  // In slices of 1 MiB of text: a 200 MB ledger is not copied into one 200 MB buffer at once.
  const slice = 1 << 20;
  return (text) => {
    for (let at = 0; at < text.length && !closed; at += slice) stream.write(text.slice(at, at + slice));
  };
}

let processIo: Io | undefined;

/** How many problems a run lists before it counts the rest. */
export const MAX_PROBLEMS_SHOWN = 50;

/** Everything that can go wrong, turned into a message on stderr and an exit code. */
function report(error: unknown, io: Io, argv: readonly string[]): number {
  if (error instanceof InputError) {
    // The first 50, in file order, and a count of the rest: 10,000 unknown keys are one mistake.
    const shown = error.problems.slice(0, MAX_PROBLEMS_SHOWN);
    io.stderr(`${shown.map(formatProblem).join("\n")}\n`);
    const n = error.problems.length;
    if (n > shown.length) io.stderr(`… and ${n - shown.length} more problems not shown.\n`);
    io.stderr(`${n} problem${n === 1 ? "" : "s"}; nothing was computed.\n`);
    return EXIT.badInput;
  }
  if (error instanceof UsageError) {
    io.stderr(`error: ${error.message}\n`);
    return EXIT.badInput;
  }
  const detail = error instanceof Error ? error.message : String(error);
  // The command names the files involved; their content stays out of the message.
  const command = ["repatriate", ...argv]
    .map((a) => (/^[\w./:=<>+%-]+$/.test(a) ? a : JSON.stringify(a)))
    .join(" ");
  io.stderr(
    `repatriate: internal error: ${detail}\n` +
      `while running: ${command}\n` +
      "This is a bug in repatriate, not a problem with your scenario. Please report it on the project's\n" +
      "issue tracker with the command above and, if you can share it, the scenario file.\n",
  );
  if (process.env.REPATRIATE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return EXIT.internal;
}

/** Runs the command line; returns the exit code. The only place that talks to the process. */
export async function main(argv: readonly string[], partialIo: Partial<Io> = {}): Promise<number> {
  processIo ??= {
    stdout: processStream(process.stdout),
    stderr: processStream(process.stderr),
    writeFile: (path, text, inputs) => writeAtomic(path, text, inputs),
  };
  const raw: Io = { ...processIo, ...partialIo };
  // Everything on stderr is for people: control characters from inputs are shown, not obeyed.
  // Only simulate's progress bar writes its own \r straight to the raw stream.
  const io: Io = { ...raw, stderr: (text) => raw.stderr(visible(text)) };
  try {
    return await runCommandLine(argv, io, raw.stderr);
  } catch (e) {
    // Anything thrown outside a command (setting the commands up, reading the version).
    return report(e, io, argv);
  }
}

async function runCommandLine(
  argv: readonly string[],
  io: Io,
  progress: (text: string) => void,
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const run = async (produce: () => Promise<CommandOutput>) => {
    try {
      const out = await produce();
      const text = out.data ? (out.pieces?.() ?? out.stdout) : visible(out.stdout);
      // `--out -` is standard output, as `-` is standard input.
      if (out.outFile !== undefined && out.outFile !== "-") {
        io.writeFile(out.outFile, text, out.inputs ?? []);
        io.stderr(`wrote ${out.outFile}\n`);
      } else if (typeof text === "string") io.stdout(text);
      else for (const piece of text) io.stdout(piece);
      if (out.stderr) io.stderr(out.stderr);
      exitCode = out.exitCode;
    } catch (e) {
      exitCode = report(e, io, argv);
    }
  };
  const program = new Command()
    .name("repatriate")
    .description(
      "Rent vs own: what leaving the public cloud costs, when it pays back, and what it does to margins.",
    )
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(visible(t)), writeErr: io.stderr })
    .showHelpAfterError("(run with --help for usage)")
    .version(version(), "-V, --version");
  defineCommands(program, run, progress);
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === "commander.helpDisplayed" ||
        e.code === "commander.version" ||
        e.code === "commander.help"
      )
        return EXIT.ok;
      return EXIT.badInput;
    }
    return report(e, io, argv);
  }
  return exitCode;
}
