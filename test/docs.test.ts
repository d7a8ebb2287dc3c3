import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";

// The README shows real output; this keeps it true.
describe("README", () => {
  const readme = readFileSync("README.md", "utf8");
  it("starts with exactly the two set-up commands", () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(firstBlock).toBe("npm install && npx repatriate calc scenarios/known-bill.yaml\nnpm test\n");
  });
  it("shows the output the tool prints for the worked example", () => {
    const shown = /```text\n\$ npx repatriate calc scenarios\/known-bill.yaml\n([\s\S]*?)```/.exec(
      readme,
    )?.[1];
    expect(shown).toBe(runCalc("scenarios/known-bill.yaml", { format: "table" }).stdout);
  });
  it("lists every shipped scenario and catalog", () => {
    const shipped = [
      ...readdirSync("scenarios").map((f) => `scenarios/${f}`),
      ...readdirSync("pricing").map((f) => `pricing/${f}`),
    ];
    for (const f of shipped) expect(readme).toContain(`](${f})`);
  });
});
