import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("exit codes (MODEL.md §6)", () => {
  it("0 when every gate holds", async () => {
    expect((await run(["calc", "scenarios/known-bill.yaml"])).code).toBe(0);
  });
  it("1 when a gate fails, with the result still printed", async () => {
    const r = await run(["calc", "test/golden/never.yaml", "--format", "json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).gates[0].ok).toBe(false);
  });
  it("2 for usage errors, with nothing on stdout", async () => {
    for (const args of [
      ["calc", "scenarios/known-bill.yaml", "--format", "xml"],
      ["calc"],
      ["frobnicate"],
      ["calc", "--nope", "x.yaml"],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
    }
  });
  it("2 for a missing file, a directory, or a binary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "repatriate-"));
    const binary = join(dir, "binary.yaml");
    writeFileSync(binary, Buffer.from([0x76, 0x00, 0x01]));
    const missing = await run(["calc", "no/such/file.yaml"]);
    expect(missing.stderr).toContain("error: no/such/file.yaml: no such file");
    expect((await run(["calc", dir])).stderr).toContain(": is not a file");
    expect((await run(["calc", binary])).stderr).toContain(": is not a text file");
    for (const r of [missing, await run(["calc", dir]), await run(["calc", binary])]) expect(r.code).toBe(2);
  });
  it("0 for --help and --version", async () => {
    expect((await run(["--help"])).code).toBe(0);
    expect((await run(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe("--help documents every flag", () => {
  it("calc", async () => {
    const r = await run(["calc", "--help"]);
    for (const flag of ["--format <format>", "table | json", "--pricing <dir...>", "Exit codes"])
      expect(r.stdout).toContain(flag);
  });
});

describe("determinism", () => {
  it("the same scenario gives byte-identical output", async () => {
    const a = await run(["calc", "scenarios/mid-size-platform.yaml", "--format", "json"]);
    const b = await run(["calc", "scenarios/mid-size-platform.yaml", "--format", "json"]);
    expect(a.stdout).toBe(b.stdout);
  });
  it("...also from the real binary under another TZ and LANG", () => {
    const bin = (env: Record<string, string>) =>
      execFileSync(process.execPath, ["bin/repatriate.js", "calc", "scenarios/mid-size-platform.yaml"], {
        env: { ...process.env, ...env },
        encoding: "utf8",
      });
    expect(bin({ TZ: "Asia/Shanghai", LANG: "de_DE.UTF-8" })).toBe(bin({ TZ: "UTC", LANG: "C" }));
  });
});

describe("the installed command", () => {
  it("runs from bin/ and exits like main()", () => {
    const r = spawnSync(process.execPath, ["bin/repatriate.js", "calc", "test/golden/never.yaml"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("Break-even: never");
  });
});

describe("a broken install", () => {
  it("says so and exits 3 when the bundle is missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "repatriate-broken-"));
    for (const f of ["bin/repatriate.js", "package.json"]) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      copyFileSync(f, join(dir, f));
    }
    const r = spawnSync(
      process.execPath,
      [join(dir, "bin/repatriate.js"), "calc", "scenarios/known-bill.yaml"],
      {
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toContain("repatriate: internal error:");
    expect(r.stderr).toContain("reinstall repatriate, or run `npm run build`");
    expect(r.stdout).toBe("");
  });
});

describe("a reader that goes away (| head)", () => {
  // The command runs as a user runs it (bin/repatriate.js); the reader takes the first chunk of
  // output and closes the pipe. The rest of the output is dropped quietly, and the exit code is
  // the command's own: CI must never read "gate failed" (1) or "crash" (3) from a closed pipe.
  const piped = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, ["bin/repatriate.js", ...args]);
      let stderr = "";
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.stdout.once("data", () => child.stdout.destroy());
      child.on("close", (code) => done({ code, stderr }));
    });
  // 50 years of the largest scenario: megabytes of output, more than any pipe holds at once.
  const dir = mkdtempSync(join(tmpdir(), "repatriate-pipe-"));
  const big = (from: string, to: string) => {
    const file = join(dir, to);
    writeFileSync(file, readFileSync(from, "utf8").replace(/^horizon: .*$/m, "horizon: 50y"));
    return file;
  };
  it("keeps calc's exit code: 0 for a pass, 1 for a failing gate", async () => {
    const passing = await piped(["calc", big("scenarios/rednote.yaml", "rednote.yaml"), "--format", "json"]);
    expect(passing.code).toBe(0);
    // Only the scenario's warnings (an old catalog price) on stderr: no broken-pipe noise.
    expect(passing.stderr).toMatch(/^(warning: [^\n]*\n)*$/);
    const failing = await piped([
      "calc",
      big("scenarios/small-startup.yaml", "small.yaml"),
      "--format",
      "csv",
    ]);
    expect(failing.code).toBe(1);
    // The CSV goes to the reader; the warnings and the failing gate's line to stderr, and nothing else.
    expect(failing.stderr).toMatch(/^(warning: [^\n]*\n)*gate failed: breakEvenMonths <= 36: [^\n]*\n$/);
  });
  it("ends simulate (worker threads included), sensitivity, diff, explain, catalogs and report quietly", async () => {
    const rednote = big("scenarios/rednote.yaml", "rednote.yaml");
    // 20,000 runs use both cores: the workers are still sending samples when the reader goes.
    for (let i = 0; i < 3; i++)
      expect(
        await piped(["simulate", "scenarios/rednote.yaml", "--runs", "20000", "--format", "csv"]),
      ).toEqual({
        code: 0,
        stderr: "",
      });
    for (const args of [
      ["sensitivity", "scenarios/rednote.yaml", "--format", "json"],
      ["diff", "scenarios/rednote.yaml", rednote, "--format", "json"],
      ["explain", rednote, "Servers"],
      ["catalogs", "show", "aws-us-east-1", "--format", "json"],
      ["report", rednote, "--runs", "0"],
    ])
      expect(await piped(args), args.join(" ")).toEqual({ code: 0, stderr: "" });
  });
});

describe("commands", () => {
  it("are all listed by --help, and a misspelt one gets a suggestion (exit 2)", async () => {
    const help = await run(["--help"]);
    for (const c of ["calc", "optimize", "report", "explain", "diff", "validate", "schema", "catalogs"])
      expect(help.stdout).toContain(`  ${c} `);
    expect(help.stdout).toMatch(/ {2}sensitivity .*\n[\s\S]* {2}simulate /);
    const typo = await run(["simualte", "x.yaml"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("(Did you mean simulate?)");
    // The version is package.json's, also after a command name.
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect((await run(["--version"])).stdout).toBe(`${version}\n`);
    expect((await run(["calc", "scenarios/known-bill.yaml", "-V"])).stdout).toBe(`${version}\n`);
    const named = await run(["help", "simulate"]);
    expect(named.stdout).toContain("Usage: repatriate simulate [options] <scenario>");
  });
});

describe("internal errors (exit 3)", () => {
  it("say it is a bug and where to report it, without the scenario's content", async () => {
    const err: string[] = [];
    const code = await main(["calc", "scenarios/known-bill.yaml"], {
      stdout: () => {
        throw new Error("disk on fire");
      },
      stderr: (s) => err.push(s),
    });
    expect(code).toBe(3);
    expect(err.join("")).toContain("repatriate: internal error: disk on fire");
    expect(err.join("")).toContain("This is a bug in repatriate, not a problem with your scenario.");
    expect(err.join("")).not.toContain("Cloud bill");
  });
});
