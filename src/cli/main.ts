import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { formatProblem, InputError } from "../load/problems.js";
import { type CommandOutput, registerCalc } from "./calc.js";
import { registerCatalogs } from "./catalogs.js";
import { registerDiff } from "./diff.js";
import { EXIT, UsageError } from "./errors.js";
import { registerExplain } from "./explain.js";
import { registerOptimize } from "./optimize.js";
import { writeAtomic } from "./output.js";
import { registerReport } from "./report.js";
import { registerSchema } from "./schema.js";
import { writeTo } from "./stdio.js";
import { registerUncertainty } from "./uncertainty.js";
import { registerValidate } from "./validate.js";

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
  writeFile: (path: string, text: string, inputs: readonly string[]) => void;
}

const processIo: Io = {
  stdout: (text) => writeTo(1, text),
  stderr: (text) => writeTo(2, text),
  writeFile: (path, text, inputs) => writeAtomic(path, text, inputs),
};

/** Everything that can go wrong, turned into a message on stderr and an exit code. */
function report(error: unknown, io: Io, argv: readonly string[]): number {
  if (error instanceof InputError) {
    io.stderr(`${error.problems.map(formatProblem).join("\n")}\n`);
    const n = error.problems.length;
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
  const io: Io = { ...processIo, ...partialIo };
  try {
    return await runCommandLine(argv, io);
  } catch (e) {
    // Anything thrown outside a command (setting the commands up, reading the version).
    return report(e, io, argv);
  }
}

async function runCommandLine(argv: readonly string[], io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  const deliver = (out: CommandOutput) => {
    if (out.outFile !== undefined) {
      io.writeFile(out.outFile, out.stdout, out.inputs ?? []);
      io.stderr(`wrote ${out.outFile}\n`);
    } else io.stdout(out.stdout);
    if (out.stderr) io.stderr(out.stderr);
    exitCode = out.exitCode;
  };
  const run = (produce: () => CommandOutput) => {
    try {
      deliver(produce());
    } catch (e) {
      exitCode = report(e, io, argv);
    }
  };
  const runAsync = async (produce: () => Promise<CommandOutput>) => {
    try {
      deliver(await produce());
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
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run with --help for usage)");
  // Each command, by name, in the order `--help` lists them. A run that names its command builds
  // only that one (building all of them costs about 1 ms at start-up); anything else (help, an
  // option first, an unknown or misspelt command) builds them all, for the listing and suggestions.
  const uncertainty = () => registerUncertainty(program, run, runAsync, io.stderr);
  const commands: [string[], () => void][] = [
    [["calc"], () => registerCalc(program, run)],
    [["optimize"], () => registerOptimize(program, run)],
    [["report"], () => registerReport(program, run)],
    [["explain"], () => registerExplain(program, run)],
    [["diff"], () => registerDiff(program, run)],
    [["validate"], () => registerValidate(program, run)],
    [["schema"], () => registerSchema(program, run)],
    [["catalogs"], () => registerCatalogs(program, run)],
    [["sensitivity", "simulate"], uncertainty],
  ];
  const named = commands.find(([names]) => names.includes(argv[0] ?? ""));
  // The version comes from package.json, read only when it can be asked for.
  if (!named || argv.includes("-V") || argv.includes("--version"))
    program.version(version(), "-V, --version");
  for (const [, register] of named ? [named] : commands) register();
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
