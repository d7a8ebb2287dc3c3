// (e) `repatriate import` on 100,000, 250,000 and 500,000 FOCUS rows: the shipped sample
// (test/fixtures/focus-sample, FinOps Foundation, CC BY 4.0) repeated into one CSV (~377 MB at
// 500,000 rows). Reports rows/s, peak memory, and beside it the engine alone: DuckDB grouping the
// same file by period and category, summing exact decimals. Target: >= 100,000 rows/s, < 1.5 GB,
// within 2x of the engine alone, time linear in rows. Run alone: node test/bench/import.mjs
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DuckDBInstance } from "@duckdb/node-api";

const root = new URL("../../", import.meta.url).pathname;
const bin = join(root, "bin/repatriate.js");
const sample = join(root, "test/fixtures/focus-sample/focus_sample.csv");
if (!existsSync(sample)) {
  console.log(`(e) import: skipped, the FOCUS sample is not at ${sample}`);
} else {
  const [header, ...body] = readFileSync(sample, "utf8").trimEnd().split("\n");
  const bill = async (copies) => {
    const file = join(tmpdir(), `repatriate-focus-${copies}k.csv`);
    if (existsSync(file)) return file;
    const out = createWriteStream(file);
    out.write(`${header}\n`);
    const chunk = `${body.join("\n")}\n`;
    for (let i = 0; i < copies; i++) if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
    await new Promise((r) => out.end(r));
    return file;
  };
  const peak = "data:text/javascript,process.on('exit',()=>process.stderr.write(`maxrss=${process.resourceUsage().maxRSS}\\n`))";
  for (const copies of [100, 250, 500]) {
    const file = await bill(copies);
    const rows = copies * 1000;
    // The engine alone, in this process: group by period and category, exact decimals.
    const db = await DuckDBInstance.create(":memory:");
    const c = await db.connect();
    let t = performance.now();
    await c.runAndReadAll(
      `SELECT BillingPeriodStart, ServiceCategory, sum(CAST(EffectiveCost AS DECIMAL(38,12))) FROM read_csv('${file}', header=true, all_varchar=true, nullstr=['NULL','']) GROUP BY ALL`,
    );
    const engine = (performance.now() - t) / 1000;
    c.closeSync();
    t = performance.now();
    const r = spawnSync(process.execPath, ["--import", peak, bin, "import", file, "--out", "/dev/null"], {
      encoding: "utf8",
      stdio: ["ignore", "ignore", "pipe"],
    });
    const s = (performance.now() - t) / 1000;
    const mb = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
    console.log(
      `(e) import ${rows.toLocaleString("en-US")} rows: ${s.toFixed(2)} s = ${Math.round(rows / s).toLocaleString("en-US")} rows/s, ${mb.toFixed(0)} MB peak, exit ${r.status}; engine alone ${engine.toFixed(2)} s (${(s / engine).toFixed(2)}x)`,
    );
  }
}
