import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { type Stdio, stdioWriter } from "../src/cli/stdio.js";

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
    for (const f of ["bin/repatriate.js", "bin/package.json", "dist/launch.cjs"]) {
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

describe("the code cache (src/launch.ts)", () => {
  it("is made by the build for this Node and used by bin/repatriate.js", async () => {
    const { loadBundle } = await import("../src/launch.js");
    expect(loadBundle().cacheUsed).toBe(true);
  });
  it("belongs to the bundle whose build line names the SHA-256 of its content", async () => {
    const { BUNDLE, BUILD_LINE, bundleStamp, CODE_CACHE } = await import("../src/launch.js");
    const source = readFileSync(BUNDLE, "latin1");
    const at = source.lastIndexOf(BUILD_LINE);
    const digest = createHash("sha256").update(source.slice(0, at)).digest("hex");
    expect(source.slice(at)).toBe(`${BUILD_LINE}${digest}\n`);
    const stamp = bundleStamp(source) as string;
    expect(readFileSync(CODE_CACHE).subarray(0, stamp.length).toString("latin1")).toBe(stamp);
    // Without a build line (a bundle not made by npm run build) there is no stamp, so no cache.
    expect(bundleStamp(source.slice(0, at))).toBeUndefined();
  });
  it("only changes speed: a refused cache (wrong version, damaged file) gives the same bytes", async () => {
    const { CODE_CACHE, loadBundle } = await import("../src/launch.js");
    const bad = join(mkdtempSync(join(tmpdir(), "repatriate-cache-")), "bundle.cjs.cache");
    writeFileSync(bad, "not a V8 code cache");
    const damaged = loadBundle({ cacheFile: bad });
    expect(damaged.cacheUsed).toBe(false);
    const out = async (m: typeof damaged.main) => {
      let text = "";
      await m(["calc", "scenarios/rednote.yaml", "--format", "json"], { stdout: (t: string) => (text += t) });
      return text;
    };
    // A cache made for another state of the bundle (edited after the build) is not used either.
    const stale = join(mkdtempSync(join(tmpdir(), "repatriate-cache-")), "bundle.cjs.cache");
    const good = readFileSync(CODE_CACHE);
    writeFileSync(
      stale,
      Buffer.concat([
        Buffer.from(`repatriate code cache 3\n//# repatriate-build sha256:${"0".repeat(64)}\n`),
        good.subarray(good.indexOf(10, good.indexOf(10) + 1) + 1),
      ]),
    );
    expect(loadBundle({ cacheFile: stale }).cacheUsed).toBe(false);
    const withCache = await out(loadBundle().main);
    expect(withCache).toContain('"breakEvenMonth"');
    expect(await out(damaged.main)).toBe(withCache);
    expect(await out(loadBundle({ useCache: false }).main)).toBe(withCache);
  });
});

describe("start-up", () => {
  it("loads no built-in module a calc does not use (child_process, worker_threads, crypto)", () => {
    // commander loads child_process when it starts; the bundle gets a stand-in that loads it on
    // first use (src/build/lazyChildProcess.cjs). The others are loaded on first use (src/builtins.ts).
    const loaded = execFileSync(
      process.execPath,
      [
        "-e",
        `const { loadBundle } = require("./dist/launch.cjs");
         loadBundle().main(["calc", "scenarios/rednote.yaml", "--format", "csv"], { stdout() {} })
           .then(() => console.log(process.moduleLoadList.join("\\n")));`,
      ],
      { encoding: "utf8" },
    ).split("\n");
    expect(loaded).toContain("NativeModule fs");
    for (const m of ["child_process", "worker_threads", "crypto"])
      expect(loaded).not.toContain(`NativeModule ${m}`);
  });
});

describe("stand-ins bundled for start-up (src/build/bundle.ts)", () => {
  const load = createRequire(import.meta.url);
  it("string-width: the same width as string-width for any text", () => {
    const standIn = load("../src/build/stringWidth.cjs") as (s: string) => number;
    const stringWidth = load("string-width") as (s: string) => number;
    // Printable ASCII takes the short path; the rest (ANSI codes, CJK, emoji, controls) goes through.
    const borders = "┌──┬─┐│ x │└─┘▏▎▍▌▋▊▉█";
    for (const s of [
      "",
      "TCO (cash)",
      "+960,000.00",
      "\u001b[31mred\u001b[39m",
      "节省",
      "a\tb",
      "🙂",
      borders,
      "▪️",
    ])
      expect(standIn(s), JSON.stringify(s)).toBe(stringWidth(s));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "grapheme" }),
          fc.string({ unit: "binary" }),
          // Table borders and chart bars mixed with the characters around them in Unicode.
          fc.string({ unit: fc.integer({ min: 0x2480, max: 0x2620 }).map((c) => String.fromCharCode(c)) }),
        ),
        (s) => {
          expect(standIn(s)).toBe(stringWidth(s));
        },
      ),
      { numRuns: 2000 },
    );
  });
  it("child_process: the real module's functions, loaded on first use", () => {
    const standIn = load("../src/build/lazyChildProcess.cjs") as typeof import("node:child_process");
    expect(standIn.spawnSync).toBe(load("node:child_process").spawnSync);
  });
});

describe("standard output (src/cli/stdio.ts)", () => {
  const fake = (script: (number | string)[]) => {
    // script: per writeSync call, the number of bytes written or an error code to throw.
    const direct: string[] = [];
    const streamed: string[] = [];
    let epipe: (() => void) | undefined;
    const sys: Stdio = {
      direct: true,
      writeSync: (_fd, bytes, offset) => {
        const step = script.shift() ?? bytes.length - offset;
        if (typeof step === "string") throw Object.assign(new Error(step), { code: step });
        direct.push(Buffer.from(bytes.subarray(offset, offset + step)).toString());
        return step;
      },
      stream: (_fd, onEpipe) => {
        epipe = onEpipe;
        return { write: (d: string | Uint8Array) => streamed.push(Buffer.from(d).toString()) };
      },
    };
    return { write: stdioWriter(sys), direct, streamed, epipe: () => epipe?.() };
  };
  it("writes a file or pipe directly, in as many calls as it takes", () => {
    const f = fake([3, 2]);
    f.write(1, "abcdefgh");
    expect(f.direct).toEqual(["abc", "de", "fgh"]);
    expect(f.streamed).toEqual([]);
  });
  it("hands the rest, and everything after, to process.stdout when a pipe is full (EAGAIN)", () => {
    const f = fake([4, "EAGAIN"]);
    f.write(1, "abcdefgh");
    f.write(1, "ij");
    expect(f.direct).toEqual(["abcd"]);
    expect(f.streamed).toEqual(["efgh", "ij"]);
  });
  it("drops the rest quietly when the reader has gone (EPIPE), directly or through the stream", () => {
    const f = fake([2, "EPIPE"]);
    f.write(1, "abcdefgh");
    f.write(1, "more");
    expect(f.direct).toEqual(["ab"]);
    const g = fake(["EAGAIN"]);
    g.write(1, "abc");
    g.epipe();
    g.write(1, "def");
    expect(g.streamed).toEqual(["abc"]);
  });
  it("sends everything through process.stdout where direct writes are off (Windows consoles)", () => {
    const direct: string[] = [];
    const streamed: string[] = [];
    const write = stdioWriter({
      direct: false,
      writeSync: (_fd, bytes, offset) => direct.push(String(bytes.length - offset)) && bytes.length - offset,
      stream: () => ({ write: (d: string | Uint8Array) => streamed.push(String(d)) }),
    });
    write(1, "abc");
    write(2, "def");
    expect(direct).toEqual([]);
    expect(streamed).toEqual(["abc", "def"]);
  });
  it("passes other errors on", () => {
    expect(() => fake(["EIO"]).write(1, "x")).toThrow("EIO");
  });
  it("keeps the exit code when piped into a reader that stops early (| head)", async () => {
    // A failing gate (exit 1) and a passing run (exit 0): the reader closes after the first bytes.
    const piped = (file: string) =>
      new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, ["bin/repatriate.js", "calc", file, "--format", "json"]);
        let stderr = "";
        child.stderr.on("data", (d) => {
          stderr += d;
        });
        child.stdout.once("data", () => child.stdout.destroy());
        child.on("close", (code) => done({ code, stderr }));
      });
    // 50 years of the largest scenario: megabytes of JSON, more than any pipe holds at once.
    const dir = mkdtempSync(join(tmpdir(), "repatriate-pipe-"));
    const big = (from: string, to: string) => {
      const file = join(dir, to);
      writeFileSync(file, readFileSync(from, "utf8").replace(/^horizon: .*$/m, "horizon: 50y"));
      return file;
    };
    const ok = await piped(big("scenarios/rednote.yaml", "rednote.yaml"));
    expect(ok).toEqual({ code: 0, stderr: "" });
    const failing = await piped(big("scenarios/small-startup.yaml", "small.yaml"));
    expect(failing.code).toBe(1);
    expect(failing.stderr).not.toContain("EPIPE");
  });
});

describe("commands", () => {
  it("are all listed by --help, and a misspelt one gets a suggestion (exit 2)", async () => {
    // A run that names its command builds only that one; these runs build them all.
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
