import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";

// The error catalogue: one reproducing input per error message under test/errors/. Each file ends
// with the exact headline(s) it must produce, as `# error: file:line:col: field: message` comments.
// Every case must exit 2 and write nothing to stdout.

const DIR = "test/errors";
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("error catalogue", () => {
  it("has cases", () => {
    expect(cases.length).toBeGreaterThan(70);
  });
  it.each(cases)("%s", async (file) => {
    const expected = readFileSync(`${DIR}/${file}`, "utf8")
      .split("\n")
      .filter((l) => l.startsWith("# error: "))
      .map((l) => l.slice("# error: ".length));
    expect(expected.length, "a case must say which error it expects").toBeGreaterThan(0);
    for (const format of ["table", "json"]) {
      const r = await run(["calc", `${DIR}/${file}`, "--format", format]);
      const headlines = r.stderr
        .split("\n")
        .filter((l) => l.startsWith("error: "))
        .map((l) => l.slice("error: ".length));
      expect(headlines).toEqual(expected);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain(
        `${expected.length} problem${expected.length === 1 ? "" : "s"}; nothing was computed.`,
      );
    }
  });
});

describe("error excerpts", () => {
  it("quote the offending line with a caret under the column", async () => {
    const r = await run(["calc", `${DIR}/unknown-key.yaml`]);
    expect(r.stderr).toBe(
      [
        "error: test/errors/unknown-key.yaml:6:31: rent.items[0].montly: unknown key `montly`; did you mean `monthly`?",
        "  6 |   items: [{ name: Cloud bill, montly: 100k }]",
        "    |                               ^",
        "1 problem; nothing was computed.",
        "",
      ].join("\n"),
    );
  });
  it("report every problem in a file, not only the first", async () => {
    const r = await run(["calc", `${DIR}/catalog-fields-invalid.yaml`]);
    expect(r.stderr).toContain("3 problems; nothing was computed.");
  });
});

describe("many problems", () => {
  it("lists the first 50 and counts the rest: 10,000 unknown keys are not 1.7 MB of messages", async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => `  bogus${i}: 1`).join("\n");
    const dir = mkdtempSync(join(tmpdir(), "repatriate-many-"));
    const file = join(dir, "many.yaml");
    writeFileSync(
      file,
      `version: 1\nname: X\ncurrency: USD\nhorizon: 1mo\nrent:\n  items: [{ name: A, monthly: 1 }]\n${keys}\nown:\n  items: [{ name: B, monthly: 1 }]\n`,
    );
    const r = await run(["calc", file]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.startsWith("error: "))).toHaveLength(50);
    expect(r.stderr).toContain("… and 9950 more problems not shown.\n10000 problems; nothing was computed.");
    expect(r.stderr.length).toBeLessThan(20_000);
  });
});
