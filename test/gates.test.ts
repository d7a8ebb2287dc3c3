import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCalc } from "../src/cli/calc.js";
import { runDiff } from "../src/cli/diff.js";
import { catalogJsonSchema, scenarioJsonSchema } from "../src/load/jsonSchema.js";

// The shipped example by hand: break-even month 20, payback 20.00 months, savings 960,000 =
// 26.666…% (reported 26.67), savings NPV 960,000 (r = 0), own TCO 2,640,000, rent TCO 3,600,000,
// year-3 gross-margin change 3.20 pp, net-profit change 240,000.
const KNOWN = "scenarios/known-bill.yaml";
// biome-ignore lint/suspicious/noExplicitAny: JSON contract
const gatesOf = (out: { stdout: string }): any[] => JSON.parse(out.stdout).gates.slice(2); // after the scenario's own two
const check = (gate: string) => {
  const out = runCalc(KNOWN, { format: "json", gate: [gate] });
  return { ok: gatesOf(out)[0].ok as boolean, exitCode: out.exitCode };
};

describe("each gate kind at, just inside and just outside its limit", () => {
  it.each([
    // [at the limit: passes, just outside: fails, comfortably inside: passes]
    ["breakEvenMonths<=20", "breakEvenMonths<=19", "breakEvenMonths<=21"],
    ["paybackMonths<=20", "paybackMonths<=19.99", "paybackMonths<=20.01"],
    ["savingsPct>=26.67", "savingsPct>=26.68", "savingsPct>=26.66"],
    ["savingsTotal>=960000", "savingsTotal>=960000.01", "savingsTotal>=959999.99"],
    ["savingsNpv>=960k", "savingsNpv>=960000.01", "savingsNpv>=959999.99"],
    ["ownTco<=2.64M", "ownTco<=2639999.99", "ownTco<=2640000.01"],
    ["rentTco>=3.6M", "rentTco>=3600000.01", "rentTco>=3599999.99"],
    ["grossMarginDeltaPp>=3.2", "grossMarginDeltaPp>=3.21", "grossMarginDeltaPp>=3.19"],
    ["netProfitDelta>=240k", "netProfitDelta>=240000.01", "netProfitDelta>=239999.99"],
  ])("%s", (at, outside, inside) => {
    expect(check(at)).toEqual({ ok: true, exitCode: 0 });
    expect(check(outside)).toEqual({ ok: false, exitCode: 1 });
    expect(check(inside)).toEqual({ ok: true, exitCode: 0 });
  });
});

describe("levels and several breaches", () => {
  it("a warning is printed but the run succeeds", () => {
    const out = runCalc(KNOWN, { format: "json", warn: ["savingsPct>=30"] });
    expect(out.exitCode).toBe(0);
    expect(gatesOf(out)[0]).toMatchObject({
      name: "savingsPct",
      level: "warn",
      ok: false,
      actual: "26.67",
      limit: "30",
    });
    expect(out.stderr).toBe("warning: savingsPct >= 30%: savings is 26.67%\n");
  });
  it("every breached gate is reported, with its actual value and limit", () => {
    const out = runCalc(KNOWN, {
      format: "table",
      gate: ["breakEvenMonths<=12", "ownTco<=2M", "savingsPct>=50"],
      warn: ["paybackMonths<=18"],
    });
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain("Gates: 3 FAIL, 1 warn (of 6).");
    expect(out.stdout).toContain("FAIL  breakEvenMonths <= 12: break-even month is 20");
    expect(out.stdout).toContain("FAIL  ownTco <= 2,000,000.00 USD: own TCO is 2,640,000.00 USD");
    expect(out.stdout).toContain("FAIL  savingsPct >= 50%: savings is 26.67%");
    expect(out.stdout).toContain("warn  paybackMonths <= 18 months: payback is 20.00 months (warning level)");
  });
  it("a scenario's warn: bounds are warnings", () => {
    const dir = mkdtempSync(join(tmpdir(), "repatriate-gates-"));
    const file = join(dir, "s.yaml");
    writeFileSync(
      file,
      readFileSync(KNOWN, "utf8").replace(
        "breakEvenMonths: { max: 24 }",
        "breakEvenMonths: { max: 24, warn: { max: 18 } }",
      ),
    );
    const out = runCalc(file, { format: "json" });
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout).gates[1]).toMatchObject({
      level: "warn",
      ok: false,
      actual: 20,
      limit: 18,
      from: "gates.breakEvenMonths.warn.max",
    });
  });
  it("a bad gate expression is a usage error", () => {
    expect(() => runCalc(KNOWN, { format: "json", gate: ["breakEvenMonths=<24"] })).toThrow(
      /expected <figure><=<number>/,
    );
  });
});

describe("relative gates against a saved baseline", () => {
  const dir = mkdtempSync(join(tmpdir(), "repatriate-base-"));
  const base = join(dir, "base.json");
  writeFileSync(base, runCalc(KNOWN, { format: "json" }).stdout);
  // HEAD: colocation 41k instead of 40k → own TCO 2,640,000 + 36 × 1,000 = 2,676,000 (+1.3636…%)
  const head = join(dir, "head.yaml");
  writeFileSync(head, readFileSync(KNOWN, "utf8").replace("monthly: 40k", "monthly: 41k"));

  it("passes within the allowed increase and fails beyond it", () => {
    // base +2% = 2,692,800 ≥ 2,676,000 → pass; base +1% = 2,666,400 < 2,676,000 → fail
    expect(runCalc(head, { format: "json", baseline: base, gate: ["ownTco<=base+2%"] }).exitCode).toBe(0);
    const out = runCalc(head, { format: "json", baseline: base, gate: ["ownTco<=base+1%"] });
    expect(out.exitCode).toBe(1);
    expect(gatesOf(out)[0]).toMatchObject({
      ok: false,
      actual: "2676000.00",
      limit: "2666400.00",
      relative: { base: "2640000.00", pct: "1" },
    });
  });
  it("is refused without a baseline (exit 2): a gate in CI is never skipped silently", () => {
    expect(() => runCalc(head, { format: "json", gate: ["ownTco<=base+1%"] })).toThrow(
      "gate --gate 'ownTco<=base+1%' compares against a baseline (base±N%): give --baseline FILE",
    );
  });
  it("works in diff, from the scenario's own maxIncreasePct", () => {
    const gated = join(dir, "gated.yaml");
    writeFileSync(
      gated,
      `${readFileSync(head, "utf8")}\n`.replace(
        "savingsPct: { min: 10 }",
        "savingsPct: { min: 10 }\n  ownTco: { maxIncreasePct: 1 }",
      ),
    );
    const d = runDiff(base, gated, { format: "json" });
    expect(d.exitCode).toBe(1);
    const json = JSON.parse(d.stdout);
    expect(json.figures.find((f: { name: string }) => f.name === "ownTco")).toEqual({
      name: "ownTco",
      base: "2640000.00",
      head: "2676000.00",
      change: "36000.00",
      changePct: "1.36", // 36,000 / 2,640,000 = 1.3636…%
    });
    expect(json.items.find((i: { name: string }) => i.name === "Colocation")).toMatchObject({
      base: "1440000.00",
      head: "1476000.00",
      change: "36000.00",
      status: "changed",
    });
    expect(json.gates.find((g: { name: string }) => g.name === "ownTco")).toMatchObject({
      ok: false,
      limit: "2666400.00",
    });
  });
  it("refuses results in different currencies", () => {
    const other = join(dir, "eur.yaml");
    writeFileSync(other, readFileSync(KNOWN, "utf8").replace("currency: USD", "currency: EUR"));
    expect(() => runDiff(base, other, { format: "table" })).toThrow(/reports in USD but .* in EUR/);
  });
});

describe("the gate script (bin/cost-gate.sh) and the GitHub Action (action.yml), run as written", () => {
  const bin = `node ${resolve("bin/repatriate.js")}`;
  const known = readFileSync(KNOWN, "utf8");

  /** A git repository whose origin/main has `baseText` (or no scenario) and whose work tree has `headText`. */
  function repo(baseText: string | undefined, headText: string) {
    const dir = mkdtempSync(join(tmpdir(), "repatriate-ci-"));
    const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, stdio: "pipe" });
    mkdirSync(join(dir, "scenarios"));
    git("init", "-q", "-b", "main");
    git("config", "user.email", "ci@example.invalid");
    git("config", "user.name", "CI");
    writeFileSync(join(dir, "README"), "x");
    if (baseText !== undefined) writeFileSync(join(dir, "scenarios", "platform.yaml"), baseText);
    git("add", ".");
    git("commit", "-q", "-m", "base");
    git("update-ref", "refs/remotes/origin/main", "HEAD");
    writeFileSync(join(dir, "scenarios", "platform.yaml"), headText);
    return dir;
  }
  const gate = (dir: string, env: Record<string, string> = {}) =>
    spawnSync("bash", [resolve("bin/cost-gate.sh")], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, REPATRIATE: bin, SCENARIO: "scenarios/platform.yaml", ...env },
    });
  const comment = (dir: string) => readFileSync(join(dir, "comment.md"), "utf8");
  const GATES = "savingsPct>=base-10%\npaybackMonths<=base+10%";

  it("is what docs/ci.md documents, with its suggested gates", () => {
    const doc = readFileSync("docs/ci.md", "utf8");
    expect(doc).toContain("bin/cost-gate.sh");
    expect(doc).toContain("GATES=$'savingsPct>=base-10%\\npaybackMonths<=base+10%'");
  });
  it("passes a change that keeps the savings, and posts the Markdown", () => {
    // Colocation 40k → 41k: own TCO +36k; savings 960k → 924k = 25.67% of rent (base 26.67%:
    // the limit is 26.67 × 0.9 = 24.00); payback 20 → 1.2M / 59k = 20.34 months (limit 22).
    const dir = repo(known, known.replace("monthly: 40k", "monthly: 41k"));
    const r = gate(dir, { GATES });
    expect(r.status, r.stderr).toBe(0);
    expect(comment(dir)).toContain("### Known bill vs quoted servers");
    expect(comment(dir)).toContain("### Cost change: Known bill vs quoted servers");
    expect(comment(dir)).toContain("| Own TCO | 2,640,000.00 | 2,676,000.00 | +36,000.00 |");
    expect(comment(dir)).toContain("✅ savingsPct ≥ base -10%");
    expect(JSON.parse(readFileSync(join(dir, "result.json"), "utf8")).verdict).toBe("pass");
    expect(readdirSync(join(dir, "scenarios"))).toEqual(["platform.yaml"]); // the base copy is gone
  });
  it("passes a pull request that grows the workload and the savings (the old ownTco<=base+5% failed it)", () => {
    // Both bills up: rent 100k → 130k, colocation 40k → 46k. Own TCO +216k (+8.2%), but savings
    // 960k → 1,824k (26.67% → 38.97% of rent): the savings gates hold.
    const dir = repo(
      known,
      known.replace("monthly: 100k", "monthly: 130k").replace("monthly: 40k", "monthly: 46k"),
    );
    expect(gate(dir, { GATES }).status).toBe(0);
  });
  it("fails when the savings fall by more than a tenth, still posting the Markdown", () => {
    // Colocation 40k → 45k: savings 780k = 21.67% of rent < 24.00.
    const dir = repo(known, known.replace("monthly: 40k", "monthly: 45k"));
    expect(gate(dir, { GATES }).status).toBe(1);
    expect(comment(dir)).toContain("❌ savingsPct ≥ base -10%");
  });
  it("blocks on a failing percentile gate (P90), as simulate does", () => {
    const ranges = readFileSync("test/uncertainty/known-bill-ranges.yaml", "utf8");
    const dir = repo(ranges, ranges);
    const r = gate(dir);
    expect(r.status).toBe(1);
    expect(comment(dir)).toContain("P10 savingsTotal ≥ 700,000.00 USD");
    expect(JSON.parse(readFileSync(join(dir, "result.json"), "utf8")).verdict).toBe("fail");
  });
  it("gates a scenario that is new on this branch, and says there is nothing to compare with", () => {
    const dir = repo(undefined, known);
    const r = gate(dir, { GATES });
    expect(r.status, r.stderr).toBe(0);
    expect(comment(dir)).toContain("**New scenario:** `scenarios/platform.yaml` is not on origin/main yet");
    expect(comment(dir)).toContain("### Known bill vs quoted servers");
  });
  it("exits 2 on a broken scenario and still writes the comment, with the messages", () => {
    const dir = repo(known, known.replace("monthly: 40k", "montly: 40k"));
    const r = gate(dir);
    expect(r.status).toBe(2);
    expect(comment(dir)).toContain("**repatriate reported** (exit 2):");
    expect(comment(dir)).toContain("did you mean `monthly`?");
    expect(readdirSync(join(dir, "scenarios"))).toEqual(["platform.yaml"]);
  });
  it("action.yml's steps, run as GitHub runs them, gate, set the verdict and fail the job", () => {
    const action = parseYaml(readFileSync("action.yml", "utf8"));
    expect(Object.keys(action.inputs)).toEqual(["scenario", "gates", "baseline", "comment"]);
    const step = (name: string) => action.runs.steps.find((s: { name: string }) => s.name === name);
    const inputs: Record<string, string> = {
      scenario: "scenarios/platform.yaml",
      gates: "savingsPct>=base-10%",
      baseline: "",
    };
    // The expressions the steps use: inputs, the action's folder and the base branch.
    const expand = (v: string) =>
      v
        .replace(/\$\{\{ inputs\.(\w+) \}\}/g, (_, k: string) => inputs[k] ?? "")
        .replace(/\$\{\{ github\.action_path \}\}/g, process.cwd())
        .replace(/\$\{\{ github\.base_ref \|\| 'main' \}\}/g, "main");
    const run = (name: string, dir: string) => {
      const s = step(name);
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries((s.env ?? {}) as Record<string, string>)) env[k] = expand(v);
      return spawnSync("bash", ["-c", s.run], {
        cwd: dir,
        encoding: "utf8",
        env: {
          ...process.env,
          ...env,
          GITHUB_ACTION_PATH: process.cwd(),
          GITHUB_OUTPUT: join(dir, ".output"),
          GITHUB_STEP_SUMMARY: join(dir, ".summary"),
        },
      });
    };
    for (const [headText, verdict, exit] of [
      [known.replace("monthly: 40k", "monthly: 41k"), "pass", 0],
      [known.replace("monthly: 40k", "monthly: 45k"), "pass", 1], // its own gates pass; the one against the base fails
      [known.replace("monthly: 40k", "montly: 40k"), "error", 2],
    ] as const) {
      const dir = repo(known, headText);
      expect(run("Validate, gate and compare", dir).status).toBe(0);
      expect(readFileSync(join(dir, ".output"), "utf8")).toBe(`verdict=${verdict}\n`);
      expect(readFileSync(join(dir, ".summary"), "utf8")).toBe(comment(dir));
      expect(run("Fail when a gate failed or the scenario is broken", dir).status).toBe(exit);
    }
    expect(step("Comment on the pull request").run).toContain("gh pr comment");
  });
});

describe("the JSON Schema", () => {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  const scenario = ajv.compile(scenarioJsonSchema());
  const catalog = ajv.compile(catalogJsonSchema());
  const yaml = (f: string) => parseYaml(readFileSync(f, "utf8"));

  it("accepts every shipped scenario and catalog", () => {
    for (const f of readdirSync("scenarios"))
      expect(scenario(yaml(`scenarios/${f}`)), `${f}: ${ajv.errorsText(scenario.errors)}`).toBe(true);
    for (const f of readdirSync("pricing").filter((n) => n.endsWith(".yaml")))
      expect(catalog(yaml(`pricing/${f}`)), `${f}: ${ajv.errorsText(catalog.errors)}`).toBe(true);
  });
  it("rejects broken ones", () => {
    expect(scenario(yaml("test/errors/unknown-key.yaml"))).toBe(false);
    expect(scenario(yaml("test/errors/money-separators.yaml"))).toBe(false);
    expect(scenario(yaml("test/errors/missing-horizon.yaml"))).toBe(false);
    expect(scenario(yaml("test/errors/bandwidth-for-bytes.yaml"))).toBe(false);
    expect(catalog(yaml("test/errors/pricing/bad-fields.yaml"))).toBe(false);
  });
  it("is printed by repatriate schema", () => {
    const out = spawnSync(process.execPath, ["bin/repatriate.js", "schema", "catalog"], { encoding: "utf8" });
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).title).toBe("repatriate pricing catalog");
  });
});

describe("one gate JSON in calc, diff and simulate", () => {
  it("prints a limit as written in each (diff printed 24.00 and 10.00 where calc printed 24 and 10)", async () => {
    const calc = JSON.parse(runCalc(KNOWN, { format: "json" }).stdout).gates;
    const diff = JSON.parse(runDiff(KNOWN, KNOWN, { format: "json" }).stdout).gates;
    expect(diff).toEqual(calc);
    expect(diff.map((g: { limit: unknown }) => g.limit)).toEqual([24, "10"]);
    expect(JSON.parse(runDiff(KNOWN, KNOWN, { format: "json" }).stdout).verdict).toBe("pass");
  });
});
