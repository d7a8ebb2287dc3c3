import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";

// The full outputs of every shipped scenario, pinned byte for byte, so that any change of a figure,
// a label or a column shows up as a diff of test/pinned/ in review. These are not hand-worked
// numbers (the hand-worked ones are in golden.test.ts and the other tests); they are the record of
// what the tool printed when the pins were last updated and reviewed.
//
// After a change that is meant to move an output: `npm run pin`, then read `git diff test/pinned`
// and say in the commit why each figure moved.

const UPDATE = process.env.REPATRIATE_PIN === "update";
const scenarios = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));
const outputs: [string, string[]][] = [
  ["table.txt", []],
  ["json", ["--format", "json"]],
  ["ledger.csv", ["--format", "csv"]],
  ["years.csv", ["--format", "csv", "--csv-table", "years"]],
  ["md", ["--format", "markdown"]],
];

async function calc(args: string[]): Promise<string> {
  let out = "";
  const code = await main(["calc", ...args], { stdout: (s) => (out += s), stderr: () => {} });
  expect(code === 0 || code === 1, `exit ${code}`).toBe(true);
  return out;
}

describe.each(scenarios)("pinned outputs of scenarios/%s", (file) => {
  const name = file.replace(/\.yaml$/, "");
  it.each(outputs)(`%s`, async (ext, args) => {
    const actual = await calc([`scenarios/${file}`, ...args]);
    const pin = `test/pinned/${name}.${ext}`;
    if (UPDATE || !existsSync(pin)) {
      mkdirSync("test/pinned", { recursive: true });
      writeFileSync(pin, actual);
      if (!UPDATE) throw new Error(`${pin} was missing and has been written: review it and commit it`);
    }
    expect(actual).toBe(readFileSync(pin, "utf8"));
  });
});
