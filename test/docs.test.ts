import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
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
      ...readdirSync("pricing")
        .filter((f) => f.endsWith(".yaml"))
        .map((f) => `pricing/${f}`),
    ];
    for (const f of shipped) expect(readme).toContain(`](${f})`);
  });
});

// docs/report.md shows the terminal chart of the worked example; this keeps it true.
describe("docs/report.md", () => {
  it("shows the chart the tool draws for the worked example", () => {
    const doc = readFileSync("docs/report.md", "utf8");
    const shown =
      /```text\n\$ npx repatriate calc scenarios\/known-bill.yaml --chart\n\.\.\.the table, as without --chart\.\.\.\n([\s\S]*?)```/.exec(
        doc,
      )?.[1];
    // as a UTF-8 terminal draws it, whatever the locale of the machine running the tests
    for (const [k, v] of Object.entries({ LC_ALL: "", LC_CTYPE: "", LANG: "C.UTF-8", TERM: "xterm" }))
      vi.stubEnv(k, v);
    const out = runCalc("scenarios/known-bill.yaml", { format: "table", chart: true }).stdout;
    vi.unstubAllEnvs();
    expect(shown).toBeDefined();
    expect(out.endsWith(shown ?? "-")).toBe(true);
  });
});
