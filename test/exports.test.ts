import { spawnSync } from "node:child_process";
import * as nodeFs from "node:fs";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import { runExplain } from "../src/cli/explain.js";
import { main } from "../src/cli/main.js";
import { OutputError, writeAtomic } from "../src/cli/output.js";
import { codeSpan, escapeMarkdown } from "../src/report/safeText.js";
import { Decimal, sum } from "../src/units/decimal.js";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
type Row = Record<string, string>;
const csvRows = (text: string): Row[] => parse(text, { columns: true, skip_empty_lines: true });
const dec = (s: string | undefined) => new Decimal(s ?? "NaN");
const total = (rows: Row[], side: string, col: string) =>
  sum(rows.filter((r) => r.side === side).map((r) => dec(r[col]))).toFixed(2);

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

describe("CSV ledger", () => {
  const scenarios = [
    ...readdirSync("scenarios").map((f) => `scenarios/${f}`),
    here("golden/capex-late.yaml"),
    here("golden/dip.yaml"),
    here("golden/migration.yaml"),
  ];
  it.each(scenarios)("reconciles to the JSON to the cent: %s", (file) => {
    const json = JSON.parse(runCalc(file, { format: "json" }).stdout);
    const rows = csvRows(runCalc(file, { format: "csv" }).stdout);
    expect(rows).toHaveLength(json.months.length * json.months[0].items.length);
    expect(total(rows, "rent", "cash")).toBe(json.summary.rent.tco);
    expect(total(rows, "own", "cash")).toBe(json.summary.own.tco);
    expect(total(rows, "rent", "pnl")).toBe(json.summary.rent.pnl);
    expect(total(rows, "own", "pnl")).toBe(json.summary.own.pnl);
    // The yearly CSV adds up to the same totals, and each year to its ledger rows.
    const years = csvRows(runCalc(file, { format: "csv", csvTable: "years" }).stdout);
    expect(sum(years.map((y) => dec(y.ownCash))).toFixed(2)).toBe(json.summary.own.tco);
    expect(sum(years.map((y) => dec(y.rent))).toFixed(2)).toBe(json.summary.rent.tco);
    for (const y of years) {
      const inYear = rows.filter((r) => Math.ceil(Number(r.month) / 12) === Number(y.year));
      expect(total(inYear, "own", "pnl"), `year ${y.year}`).toBe(y.ownPnl);
    }
  });
  it("has plain decimals, ISO month labels and no grouping", () => {
    const text = runCalc("scenarios/known-bill.yaml", { format: "csv" }).stdout;
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("month,label,side,category,item,cash,pnl,interest,taxShield,currency,fxRate");
    // tax shield = 25% × P&L: 25% × 100,000 = 25,000; 25% × 33,333.33 = 8,333.3325 → 8,333.33
    // Categories inferred from the names (docs/scenario.md): a cloud bill is "cloud", servers "compute".
    expect(lines[1]).toBe("1,2027-01,rent,cloud,Cloud bill,100000.00,100000.00,0.00,25000.00,USD,1");
    expect(lines[2]).toBe("1,2027-01,own,compute,Servers,1200000.00,33333.33,0.00,8333.33,USD,1");
  });
  it("reconciles a hand-worked case row by row", () => {
    // capex 120k paid in month 4, 2k colocation a month, 24 months: own cash 168,000.00
    const rows = csvRows(runCalc(here("golden/capex-late.yaml"), { format: "csv" }).stdout);
    const servers = rows.filter((r) => r.item === "Servers");
    expect(servers.map((r) => r.cash).filter((c) => c !== "0.00")).toEqual(["120000.00"]);
    expect(servers.filter((r) => r.pnl === "10000.00")).toHaveLength(12); // 120k / 12, months 4–15
    expect(total(rows, "own", "cash")).toBe("168000.00");
  });
});

describe("CSV safety", () => {
  const rows = csvRows(runCalc(here("golden/csv-names.yaml"), { format: "csv" }).stdout);
  const names = [...new Set(rows.map((r) => r.item))];
  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(names).toContain(`'=HYPERLINK("http://evil.example","click")`);
    expect(names).toContain("'@SUM(A1:A9)");
    expect(names).toContain("'+cmd|' /C calc'!A0");
    expect(names).toContain("'-2+3");
    expect(rows.find((r) => r.item === "'-2+3")?.category).toBe("'=1+1");
    for (const n of names) expect(n).not.toMatch(/^[=+\-@\t\r]/);
  });
  it("round-trips commas, quotes and newlines through a real CSV parser", () => {
    expect(names).toContain('Comma, "quoted" and\nnewline');
  });
  it("keeps negative amounts numeric (only text cells are neutralised)", () => {
    const years = csvRows(runCalc("test/golden/never.yaml", { format: "csv", csvTable: "years" }).stdout);
    expect(years[0]?.savingsCash).toBe("-120000.00");
  });
});

describe("--currency", () => {
  it("reports every amount in another currency and says at what rate", () => {
    // 1 EUR = 1.25 USD: rent 100.10 + 0.01 = 100.11 USD a month → 80.088 EUR; 3 months 240.264 → 240.26
    const r = runCalc(here("golden/csv-names.yaml"), { format: "json", currency: "EUR" });
    const json = JSON.parse(r.stdout);
    expect(json.scenario.currency).toBe("EUR");
    expect(json.reporting).toEqual({ currency: "EUR", from: "USD", rate: "1.25" });
    expect(json.summary.rent.tco).toBe("240.26");
    const table = runCalc(here("golden/csv-names.yaml"), { format: "table", currency: "EUR" }).stdout;
    expect(table).toContain("fx: 1 EUR = 1.25 USD");
    expect(table).toContain("reported in EUR, converted from USD at 1 EUR = 1.25 USD");
    const csv = csvRows(runCalc(here("golden/csv-names.yaml"), { format: "csv", currency: "EUR" }).stdout);
    expect(csv[0]?.currency).toBe("EUR");
    expect(csv[0]?.fxRate).toBe("1.25");
  });
  it("refuses a currency without a rate", async () => {
    const r = await run(["calc", "scenarios/known-bill.yaml", "--currency", "GBP"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("the scenario has no fx rate for GBP");
    expect(r.stdout).toBe("");
  });
});

describe("Markdown", () => {
  it("is a compact summary with the verdict, tables and gates", () => {
    const md = runCalc("scenarios/known-bill.yaml", { format: "markdown" }).stdout;
    expect(md).toContain("### Known bill vs quoted servers");
    expect(md).toContain("**Owning saves 960,000.00 USD over 36 months (26.67% of the rent TCO).**");
    expect(md).toContain("| TCO (cash) | 3,600,000.00 | 2,640,000.00 | +960,000.00 |");
    expect(md).toContain("- ✅ breakEvenMonths ≤ 24: break-even month is 20");
  });
  it("escapes names so they cannot inject Markdown or HTML", () => {
    expect(escapeMarkdown("a|b <img src=x> **bold** [link](u)")).toBe(
      "a\\|b \\<img src=x\\> \\*\\*bold\\*\\* \\[link\\](u)",
    );
  });
});

describe("text from your files is shown, never obeyed (issue 19, item 6)", () => {
  const dir = mkdtempSync(join(tmpdir(), "repatriate-hostile-"));
  const file = join(dir, "hostile.yaml");
  writeFileSync(
    file,
    [
      "version: 1",
      'name: "Evil\\e]0;pwned\\a\\e[2J \\u202Egnp.exe"',
      "currency: USD",
      "horizon: 12mo",
      "rent:",
      '  items: [{ name: "Bill\\r| own | FAKE ROW |", monthly: 100k }]',
      "own:",
      '  items: [{ name: "@octocat `x` \\\\_", monthly: 50k }]',
      "",
    ].join("\n"),
  );
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
  it("terminal output and messages write control characters as visible escapes", async () => {
    for (const args of [
      ["calc", file],
      ["calc", file, "--chart"],
      ["explain", file],
      ["diff", file, file],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(raw.test(r.stdout), args.join(" ")).toBe(false);
    }
    expect((await run(["calc", file])).stdout).toContain("Evil\\x1b]0;pwned\\x07\\x1b[2J \\u{202e}gnp.exe");
    // A key with an escape sequence, in an error message on stderr.
    const bad = join(dir, "bad-key.yaml");
    writeFileSync(
      bad,
      'version: 1\nname: X\ncurrency: USD\nhorizon: 1mo\n"na\\x1b[31mme": X\nrent: { items: [{ name: A, monthly: 1 }] }\nown: { items: [{ name: B, monthly: 1 }] }\n',
    );
    const err = await run(["calc", bad]);
    expect(err.code).toBe(2);
    expect(raw.test(err.stderr)).toBe(false);
    expect(err.stderr).toContain("na\\x1b[31mme");
  });
  it("JSON keeps the name as data", async () => {
    expect(JSON.parse((await run(["calc", file, "--format", "json"])).stdout).scenario.name).toBe(
      "Evil\u001b]0;pwned\u0007\u001b[2J \u202egnp.exe",
    );
  });
  it("Markdown: no line break, table row, mention, HTML or broken code span can come from a name", () => {
    expect(escapeMarkdown("Title\r\r---\r1. list")).toBe("Title  --- 1. list");
    expect(escapeMarkdown("Bill\r| own | FAKE ROW |")).toBe("Bill \\| own \\| FAKE ROW \\|");
    expect(escapeMarkdown("ping @octocat & <b>")).toBe("ping @&#8203;octocat \\& \\<b\\>");
    expect(codeSpan("a`b")).toBe("``a`b``");
    expect(codeSpan("`x` \\_")).toBe("`` `x` \\_ ``");
    expect(codeSpan("two\nlines")).toBe("`two lines`");
  });
});

describe("--out", () => {
  const dir = mkdtempSync(join(tmpdir(), "repatriate-out-"));
  it("writes the file and nothing to stdout", async () => {
    const target = join(dir, "ledger.csv");
    const r = await run(["calc", "scenarios/known-bill.yaml", "-f", "csv", "--out", target]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(target, "utf8")).toBe(runCalc("scenarios/known-bill.yaml", { format: "csv" }).stdout);
  });
  it("leaves the old file intact when the write dies midway, and no temporary file behind", () => {
    const target = join(dir, "report.json");
    writeFileSync(target, "OLD CONTENT");
    const failing = {
      ...nodeFs,
      writeFileSync: (path: string, data: string) => {
        nodeFs.writeFileSync(path, data.slice(0, 10)); // half of it reaches the disk …
        throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" }); // … then the disk fills up
      },
    };
    expect(() => writeAtomic(target, "NEW CONTENT THAT IS LONG", [], failing)).toThrow(OutputError);
    expect(readFileSync(target, "utf8")).toBe("OLD CONTENT");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
  it("writes a character device in place and leaves it a device (/dev/null, as root too)", async () => {
    const r = await run(["calc", "scenarios/known-bill.yaml", "--out", "/dev/null"]);
    expect(r.code).toBe(0);
    expect(nodeFs.statSync("/dev/null").isCharacterDevice()).toBe(true);
    // A device that fails the write is an error (exit 2), and stays a device.
    const full = await run(["calc", "scenarios/known-bill.yaml", "--out", "/dev/full"]);
    expect(full.code).toBe(2);
    expect(full.stderr).toContain("ENOSPC");
    expect(nodeFs.statSync("/dev/full").isCharacterDevice()).toBe(true);
  });
  // util-linux's `script` gives the run a terminal of its own, so /dev/tty is a device it can open.
  const script = spawnSync("script", ["--version"]).status === 0;
  it.skipIf(!script)("writes the run's terminal in place and leaves /dev/tty a device (as root too)", () => {
    const r = spawnSync(
      "script",
      [
        "-qec",
        `${process.execPath} bin/repatriate.js calc scenarios/known-bill.yaml --no-simulate --out /dev/tty`,
        "/dev/null",
      ],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    // The table reached the terminal (known-bill saves 960,000.00 USD over 36 months), then the note.
    expect(r.stdout).toContain("960,000.00");
    expect(r.stdout).toContain("wrote /dev/tty");
    expect(nodeFs.statSync("/dev/tty").isCharacterDevice()).toBe(true);
  });
  it("writes JSON and CSV in pieces to a file and to stdout, the same bytes as the whole text", async () => {
    for (const format of ["json", "csv"]) {
      const target = join(dir, `pieces.${format}`);
      const whole = runCalc("scenarios/mid-size-platform.yaml", { format }).stdout;
      expect(
        (await run(["calc", "scenarios/mid-size-platform.yaml", "-f", format, "--out", target])).code,
      ).toBe(0);
      expect(readFileSync(target, "utf8")).toBe(whole);
      expect((await run(["calc", "scenarios/mid-size-platform.yaml", "-f", format])).stdout).toBe(whole);
    }
    // And the pieces are JSON.stringify's own text of the whole result.
    const whole = runCalc("scenarios/rednote.yaml", { format: "json", simulate: false });
    expect(whole.stdout).toBe(`${JSON.stringify(JSON.parse(whole.stdout), null, 2)}\n`);
  });
  it("refuses a read-only target, a folder and a name too long, with exit 2", async () => {
    const ro = join(dir, "read-only.txt");
    writeFileSync(ro, "KEEP");
    nodeFs.chmodSync(ro, 0o444);
    const r = await run(["calc", "scenarios/known-bill.yaml", "--out", ro]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is read-only");
    expect(readFileSync(ro, "utf8")).toBe("KEEP");
    expect((await run(["calc", "scenarios/known-bill.yaml", "--out", dir])).stderr).toContain("is a folder");
    const long = await run(["calc", "scenarios/known-bill.yaml", "--out", join(dir, "x".repeat(300))]);
    expect(long.code).toBe(2);
    expect(long.stderr).toContain("the file name is too long");
  });
  it("removes the temporary file a killed run left behind", async () => {
    // pid 2^22 + 1 is above Linux's pid_max default, so no process has it.
    const stale = join(dir, `.ledger2.csv.${2 ** 22 + 1}.0123456789ab.tmp`);
    writeFileSync(stale, "half a ledger");
    const r = await run([
      "calc",
      "scenarios/known-bill.yaml",
      "-f",
      "csv",
      "--out",
      join(dir, "ledger2.csv"),
    ]);
    expect(r.code).toBe(0);
    expect(nodeFs.existsSync(stale)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
  it("refuses to overwrite the scenario or a catalog it read", async () => {
    const copy = join(dir, "scenario.yaml");
    writeFileSync(copy, readFileSync("scenarios/known-bill.yaml"));
    const r = await run(["calc", copy, "--out", copy]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is an input of this run");
    expect(readFileSync(copy, "utf8")).toBe(readFileSync("scenarios/known-bill.yaml", "utf8"));
    const c = await run(["calc", "scenarios/mid-size-platform.yaml", "--out", "pricing/aws-us-east-1.yaml"]);
    expect(c.code).toBe(2);
  });
  it("exits 2 when the folder does not exist", async () => {
    const r = await run([
      "calc",
      "scenarios/known-bill.yaml",
      "--out",
      join(dir, "no", "such", "dir", "x.txt"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("does not exist");
  });
});

describe("explain", () => {
  const explain = (file: string, name?: string, format = "text") => runExplain(file, name, { format }).stdout;

  it("shows a derived item's formula, inputs with their sources, and month 1 worked by hand", () => {
    const text = explain(here("golden/derived-own.yaml"), "Transit");
    // 100 TB × 8 bits / (730 × 3600 s) / 10^9 × 2 (peak-to-average) = 0.608828 Gbps; × 1,000 a Gbps-month = 608.83
    expect(text).toContain(
      "month 1: 100 TB × 8 / 2,628,000 s / 10^9 × 2 = 0.608828 Gbps; 0.608828 Gbps × 1000 = 608.83 USD",
    );
    // 12 months × 608.828006… = 7,305.936… → 7,305.94
    expect(text).toContain("horizon   cash           7,305.94  P&L           7,305.94");
    expect(text).toContain("p95 Gbps(m) = egress bytes(m) × 8 / (730 × 3600 s) / 10^9 × peak-to-average");
    const json = JSON.parse(explain(here("golden/derived-own.yaml"), "own:Transit", "json"));
    const where = (label: string) => json.inputs.find((i: { label: string }) => i.label === label);
    expect(where("egress in month 1")).toMatchObject({
      value: "100 TB/mo",
      line: 8,
      field: "workload.egress.volume",
    });
    expect(where("price per Gbps-month")).toMatchObject({
      value: "1000",
      line: 13,
      field: "prices.transit.perGbpsMonth",
      catalog: { name: "test-colo", asOf: "2026-01-01", source: "repatriate test fixture", estimate: false },
    });
    expect(json.totals[0]).toEqual({ label: "horizon", cash: "7305.94", pnl: "7305.94" });
  });
  it("traces an overridden price to the scenario line that overrode it", () => {
    const json = JSON.parse(explain(here("golden/override.yaml"), "Compute", "json"));
    const price = json.inputs.find((i: { label: string }) => i.label === "price per vCPU-hour");
    expect(price).toMatchObject({
      value: "0.04",
      line: 11,
      field: "rent.prices.compute.vcpuHour",
      catalog: null,
    });
    // 1000 vCPU × 730 h × 0.04 × (1 − 20%) = 23,360
    expect(json.worked[0]).toBe("month 1: 1,000.00 vCPU × 730 h × 0.04 × (1 − 20%) = 23,360.00 USD");
  });
  it("explains summary figures and lists what it can explain", () => {
    // S(19) = −60k, S(20) = 0 → payback 19 + 60k / 60k = 20
    expect(explain("scenarios/known-bill.yaml", "paybackMonths")).toContain(
      "payback = 19 + 60,000.00 / 60,000.00 = 20.00 months",
    );
    const list = explain("scenarios/known-bill.yaml");
    expect(list).toContain("  own:Servers");
    expect(list).toContain("  breakEvenMonth");
  });
  it("says what it did not find", async () => {
    const r = await run(["explain", "scenarios/known-bill.yaml", "Severs"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing named "Severs" to explain; did you mean "Servers"?');
  });
});

describe("explain: the working holds as plain arithmetic (issue 14)", () => {
  const worked = (file: string, name: string, month?: string) =>
    JSON.parse(runExplain(file, name, { format: "json", ...(month ? { month } : {}) }).stdout)
      .worked as string[];
  it("own Transit counts only the moved share during a migration", () => {
    // mid-size-platform month 1: 2 PB of egress, 1/24 moved (month 1 of a 12-month ramp: 1 − (1 − 0.5)/12
    // = 0.0417 moved), × 8 / 2,628,000 s / 10^9 × 2 = 0.507357 Gbps × 266 = 134.957 → 134.96.
    expect(worked("scenarios/mid-size-platform.yaml", "own:Transit")[0]).toBe(
      "month 1: 2 PB × 4.1667% moved × 8 / 2,628,000 s / 10^9 × 2 = 0.507357 Gbps; 0.507357 Gbps × 266 = 134.96 USD",
    );
  });
  it("rent Egress billed by bandwidth shows the bandwidth, not the tiers", () => {
    // rednote month 1: 60 PB × 8 / 2,628,000 s / 10^6 × 2 = 365,296.80 Mbps × 80 = 29,223,744.29 CNY
    expect(worked("scenarios/rednote.yaml", "rent:Egress")[0]).toBe(
      "month 1: 60 PB × 8 / 2,628,000 s / 10^6 × 2 = 365,296.80 Mbps; 365,296.80 Mbps × 80 = 29,223,744.29 CNY",
    );
  });
  it("storage nodes paid are the nodes bought that month, lead time included", () => {
    // rednote (idc-cn hdd-pod, 960 TB raw): 500 PB × 1.5 / (0.96 PB × 80%) = 750 / 0.768 = 976.56
    // → 977 in service; month 1 also pays for what goes live up to month 4: 500 PB × 1.25^(3/12)
    // = 528.68 PB → 1,032.6 → 1,033 nodes × 139,410 = 144,010,530.00.
    expect(worked("scenarios/rednote.yaml", "Storage nodes")).toEqual([
      "month 1: 500 PB × 1.5 / (960 TB × 80%) = 976.56 → 977 nodes in service",
      "paid in month 1: 1033 × 139,410.00 = 144,010,530.00 CNY (with a 3-month lead time, month 1 pays for what goes live up to month 4)",
    ]);
  });
  it("rent Compute lists the commitment and the discount it sets, and splits off surge vCPU (--month)", () => {
    const inputs = JSON.parse(
      runExplain("scenarios/rednote.yaml", "rent:Compute", { format: "json" }).stdout,
    ).inputs;
    expect(inputs.map((i: { label: string; value: string }) => `${i.label}=${i.value}`)).toContain(
      "commitment=1yr-prepay",
    );
    expect(inputs.find((i: { label: string }) => i.label.startsWith("discount")).value).toBe("40.5%");
    // Month 13: 1,470,000 × 1.12 = 1,646,400 base vCPU, and a 20% surge of 329,280;
    // (1,646,400 × 0.595 + 329,280) × 730 × 0.36 = 1,308,888 × 262.8 = 343,975,766.40
    expect(worked("scenarios/rednote.yaml", "rent:Compute", "13")[0]).toBe(
      "month 13: (1,646,400.00 vCPU × (1 − 40.5%) + 329,280.00 surge vCPU, undiscounted) × 730 h × 0.36 = 343,975,766.40 CNY",
    );
  });
  it("--month is checked, and goes with line items only", () => {
    expect(() => runExplain("scenarios/known-bill.yaml", "Servers", { format: "text", month: "37" })).toThrow(
      "--month must be a whole number from 1 to 36",
    );
    expect(() => runExplain("scenarios/known-bill.yaml", "npv", { format: "text", month: "2" })).toThrow(
      "--month goes with a line item",
    );
  });
});
