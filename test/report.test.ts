import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCalc } from "../src/cli/calc.js";
import { runReport } from "../src/cli/report.js";
import { optimizeShare } from "../src/engine/optimize.js";
import { loadScenario } from "../src/load/loadScenario.js";
import {
  categoryColor,
  compact,
  esc,
  OWN_COLOR,
  RENT_COLOR,
  ticks,
  yearlyByCategory,
} from "../src/report/html.js";
import { Decimal } from "../src/units/decimal.js";

// `repatriate report`: one self-contained HTML page. The page is checked as a browser sees it
// (Debian's chromium, driven by playwright-core: no browser download) and as text.

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser) {
  const notice = `\n!!! ${CHROMIUM} not found: the browser tests of the HTML report are SKIPPED.\n!!! Install it with: sudo apt-get install -y chromium (CI installs it; under CI=true they fail instead).\n`;
  process.stderr.write(notice);
}
const mustRun = process.env.CI === "true";

// biome-ignore lint/suspicious/noExplicitAny: the JSON contract, read field by field
type Json = any;
const dir = mkdtempSync(join(tmpdir(), "repatriate-report-"));
function render(scenario: string, name: string, extra: Record<string, string> = {}) {
  const out = runReport(scenario, { runs: "1000", seed: "1", ...extra });
  const file = join(dir, name);
  writeFileSync(file, out.stdout);
  const calc: Json = JSON.parse(runCalc(scenario, { format: "json" }).stdout);
  return { html: out.stdout, file, calc, exitCode: out.exitCode };
}

/** The JSON value at a dotted path such as `summary.rent.tco` or `years.0.revenue`. */
function at(json: Json, path: string): unknown {
  return path.split(".").reduce((v: Json, k) => (v === null || v === undefined ? v : v[k]), json);
}

describe("report: the page as text", () => {
  const kb = render("scenarios/known-bill.yaml", "known-bill.html");

  it("has no script and no external resource, and forbids fetching any", () => {
    expect(kb.html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(kb.html).not.toMatch(/(src|href)=/i);
    expect(kb.html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });
  it("is the same bytes on every run (no clock in it)", () => {
    expect(runReport("scenarios/known-bill.yaml", {}).stdout).toBe(kb.html);
  });
  it("has a print stylesheet and a phone viewport", () => {
    expect(kb.html).toContain("@media print");
    expect(kb.html).toContain('name="viewport" content="width=device-width, initial-scale=1"');
  });
  it("sums the yearly bars from the ledger: by hand, year 1 own = 1.2M + 12 × 40k = 1.68M", () => {
    const { stacks } = yearlyByCategory(kb.calc);
    const own1 = stacks.find((s) => s.year === 1 && s.side === "own");
    const total = own1?.parts.reduce((a, p) => a.plus(p.amount), new Decimal(0));
    expect(total?.toFixed(2)).toBe("1680000.00");
    // years 2 and 3: 12 × 40k = 480k own, 12 × 100k = 1.2M rent
    const rent3 = stacks.find((s) => s.year === 3 && s.side === "rent");
    expect(rent3?.parts.map((p) => p.amount.toFixed(2))).toEqual(["1200000.00"]);
  });
  it("escapes what the scenario says", () => {
    expect(esc(`<b a="1">&'`)).toBe("&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
  });
  it("labels axes with round ticks", () => {
    // 0 … 3.6M in about 5 steps: 3.6M/5 = 720k → the next of 1, 2, 5 × 10^5 is 1M
    expect(ticks(new Decimal(0), new Decimal(3_600_000), 5).map(compact)).toEqual(["0", "1M", "2M", "3M"]);
    expect(compact(new Decimal("-250000"))).toBe("-250K");
  });
  it("exits 1 when a gate fails, with the page still produced", () => {
    const never = runReport("test/golden/never.yaml", {});
    expect(never.exitCode).toBe(1);
    expect(never.stdout).toContain('data-break-even-month=""');
    expect(never.stdout).not.toContain('id="break-even"');
  });
  it("writes tornado inputs as the scenario does, with their units", () => {
    const rn = runReport("scenarios/rednote.yaml", { runs: "0" }).stdout;
    // server price: lognormal, median 269.6k, p90 330k; its P10 is median²/p90 = 72,684.16/330
    // = 220.2550…k, shown to six significant digits
    expect(rn).toContain("220.255k – 330k");
    expect(rn).toContain("15%/yr – 40%/yr");
    expect(rn).not.toContain('id="simulation"'); // --runs 0 leaves the Monte Carlo out
    expect(rn).toContain('id="sensitivity"');
  });
  it("draws the hybrid burst month by month, from the JSON's drivers", () => {
    const rn = runReport("scenarios/rednote.yaml", { runs: "0" }).stdout;
    const calc: Json = JSON.parse(runCalc("scenarios/rednote.yaml", { format: "json" }).stdout);
    const bars = [...rn.matchAll(/<rect [^>]*data-month="(\d+)" data-value="([^"]*)"/g)].map((m) => [
      Number(m[1]),
      m[2],
    ]);
    const bursting = (calc.months as Json[])
      .filter((m) => m.drivers.burstVcpu !== null && Number(m.drivers.burstVcpu) > 0)
      .map((m) => [m.month, m.drivers.burstVcpu]);
    expect(bursting.length).toBeGreaterThan(0);
    expect(bars).toEqual(bursting);
    expect(kb.html).not.toContain('id="burst"'); // no hybrid, no burst chart
  });
  it("--currency converts every amount on the page; gates keep their verdicts (hand-worked, 1 EUR = 1.25 USD)", () => {
    const out = runReport("test/uncertainty/known-bill-ranges-eur.yaml", {
      runs: "2000",
      seed: "1",
      currency: "EUR",
    });
    const html = out.stdout;
    const value = (field: string) => new RegExp(`data-field="${field}" data-value="([^"]*)"`).exec(html)?.[1];
    // Point values: savings 36 × (100k − 40k) − 1.2M = 960,000 USD = 960,000 / 1.25 = 768,000.00 EUR;
    // own TCO 1.2M + 36 × 40k = 2.64M USD = 2,112,000.00 EUR; capex 1.2M / 1.25 = 960,000.00 EUR.
    expect(value("summary.savings.total")).toBe("768000.00");
    expect(value("summary.own.tco")).toBe("2112000.00");
    expect(value("summary.own.capex")).toBe("960000.00");
    expect(value("summary.savings.pct")).toBe("26.67"); // a ratio: unchanged
    expect(html).toContain("amounts in EUR (converted from USD at 1.25)");
    // Tornado: colocation 30k–50k swings savings by 36 × 20k = 720,000 USD = 576,000.00 EUR;
    // the cloud bill 95k–105k by 360,000 USD = 288,000.00 EUR.
    expect(html).toContain('swing="576000.00"');
    expect(html).toContain('swing="288000.00"');
    // Monte Carlo P50 ≈ 960,000 USD ≈ 768,000 EUR (within 1%); the gate P10 ≥ 700k USD reads 560000 EUR
    // and still fails (P10 ≈ 658k USD ≈ 526k EUR), so the exit code is 1.
    expect(Math.abs(Number(value("simulation.savings.p50")) - 768000)).toBeLessThan(7680);
    expect(html).toContain("P10 savingsTotal ≥ 560000");
    expect(out.exitCode).toBe(1);
    expect(() =>
      runReport("test/uncertainty/known-bill-ranges-eur.yaml", { runs: "0", currency: "GBP" }),
    ).toThrow("--currency GBP: the scenario has no fx rate for GBP");
  });

  it("rejects a bad --runs", () => {
    expect(() => runReport("scenarios/known-bill.yaml", { runs: "-1" })).toThrow("--runs must be");
  });
});

describe("report: colours and words that do not depend on the scenario (issue 18)", () => {
  const reports = readdirSync("scenarios").map((f) => runReport(`scenarios/${f}`, { runs: "0" }).stdout);
  it("gives a category the same colour in every shipped scenario's report", () => {
    const seen = new Map<string, Set<string>>();
    for (const html of reports)
      for (const m of html.matchAll(/<rect [^>]*fill="(#[0-9A-Fa-f]{6})"[^>]*data-category="([^"]*)"/g)) {
        const set = seen.get(m[2] as string) ?? new Set();
        set.add(m[1] as string);
        seen.set(m[2] as string, set);
      }
    expect(seen.size).toBeGreaterThan(5);
    for (const [category, colours] of seen) {
      expect([...colours], category).toEqual([categoryColor(category)]);
    }
    // compute and storage differ from rent's and own's colours (one pair everywhere).
    expect([categoryColor("compute"), categoryColor("storage")]).not.toContain(RENT_COLOR);
    expect([categoryColor("compute"), categoryColor("storage")]).not.toContain(OWN_COLOR);
  });
  it("draws legends inside the SVGs (they print without background colours) and names the lines at their ends", () => {
    for (const html of reports) {
      expect(html).not.toMatch(/<i style="background/);
      expect(html).toMatch(/<text class="end-label" data-side="rent"[^>]*>rent /);
      expect(html).toMatch(/<text class="end-label" data-side="own"[^>]*>own /);
    }
  });
  it("draws the J-curve, yearly net savings and the P&L view from the JSON (known-bill, by hand)", () => {
    const html = runReport("scenarios/known-bill.yaml", {}).stdout;
    const bar = (id: string, series: string, year: number) =>
      new RegExp(
        `<rect [^>]*data-year="${year}" data-series="${series.replace(/[()&+]/g, (c) => `\\${c}`)}" data-value="([^"]*)"`,
      ).exec(html.slice(html.indexOf(`id="${id}"`)))?.[1];
    expect(html).toContain('id="j-curve"');
    // Cumulative savings 60k × m − 1.2M: −480k at the end of year 1, +240k after 2, +960k after 3.
    expect(html).toMatch(/<td>1<\/td><td class="num"><span title="-480,000.00">-480K<\/span>/);
    expect(html).toMatch(/<td>3<\/td><td class="num"><span title="960,000.00">960K<\/span>/);
    // Year 1 on cash: 1.2M rent − (1.2M + 480k) own = −480k; on the P&L 1.2M − 880k = 320k.
    expect(bar("yearly-savings", "savings (cash)", 1)).toBe("-480000.00");
    expect(bar("yearly-savings", "savings (P&amp;L)", 1)).toBe("320000.00");
    // The P&L view: rent 1.2M, own 880k of which 400k is the servers' depreciation.
    expect(bar("pnl", "rent (P&amp;L)", 2)).toBe("1200000.00");
    expect(bar("pnl", "own (P&amp;L)", 2)).toBe("880000.00");
    expect(bar("pnl", "own: depreciation + interest", 2)).toBe("400000.00");
    expect(html).not.toContain('id="optimize"'); // not a hybrid
  });
  it("draws the optimize curve of a hybrid, unless --no-optimize", () => {
    const html = runReport("test/golden/hybrid-optimize.yaml", {}).stdout;
    expect(html).toContain('id="optimize"');
    expect(html).toMatch(/optimum: own [\d.]+%/);
    expect(runReport("test/golden/hybrid-optimize.yaml", { optimize: false }).stdout).not.toContain(
      'id="optimize"',
    );
    // The curve is drawn in floats; its optimum is the exact search's (repatriate optimize).
    const l = loadScenario("test/golden/hybrid-optimize.yaml");
    const exact = optimizeShare(l.scenario, l.catalogs, "tco");
    expect(html).toContain(`optimum: own ${exact.best.share.times(100).toFixed(1)}%`);
  });
  it("says so when there are no ranges, and writes a probability as a percentage when there are", () => {
    expect(runReport("scenarios/known-bill.yaml", {}).stdout).toContain(
      "No ranges given: these are point estimates.",
    );
    const ranged = runReport("test/uncertainty/known-bill-ranges.yaml", { runs: "1000", seed: "1" }).stdout;
    expect(ranged).not.toContain("No ranges given");
    expect(ranged).toMatch(/data-field="simulation.probabilityOwningCheaper" data-value="[0-9.]+">\d+\.\d%</);
    // The histogram measures what the tornado measures, savings NPV; every run lands in one bin.
    expect(ranged).toContain('aria-label="Distribution of savings NPV over the simulated runs"');
    const counts = [...ranged.matchAll(/data-count="(\d+)"/g)].reduce((a, m) => a + Number(m[1]), 0);
    expect(counts).toBe(1000);
    // The tornado names inputs by their item: own.items[1].monthly is Colocation.
    expect(ranged).toContain("Colocation (own, monthly)");
  });
});

describe.skipIf(!haveBrowser && !mustRun)("report: the page in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    if (!haveBrowser) throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs it from Debian`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string, width = 1000) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return { page, errors, requests };
  }

  it("known-bill: no console errors, no requests, break-even marker on month 20", async () => {
    const kb = render("scenarios/known-bill.yaml", "known-bill.html");
    const { page, errors, requests } = await open(kb.file);
    expect(errors).toEqual([]);
    expect(requests).toEqual([pathToFileURL(kb.file).href]);
    // By hand (scenarios/known-bill.yaml): cumulative savings 60k × m − 1.2M reach 0 at m = 20.
    const svg = page.locator("svg#cumulative");
    expect(await svg.count()).toBe(1);
    expect(await svg.getAttribute("data-break-even-month")).toBe("20");
    expect(await page.locator("#break-even").getAttribute("data-month")).toBe("20");
    // The marker stands where the curves have their 20th point.
    const markerX = await page.locator("#break-even line").getAttribute("x1");
    const rentPoints = (await page.locator("polyline.rent").getAttribute("points"))?.split(" ") ?? [];
    expect(rentPoints).toHaveLength(36);
    expect(rentPoints[19]?.split(",")[0]).toBe(markerX);
    // and there the two curves meet: 20 × 100k = 1.2M + 20 × 40k = 2.0M, the same height
    const ownPoints = (await page.locator("polyline.own").getAttribute("points"))?.split(" ") ?? [];
    expect(ownPoints[19]).toBe(rentPoints[19]);
    const box = await svg.boundingBox();
    expect(box?.width).toBeGreaterThan(600);
    mkdirSync("test-artifacts", { recursive: true });
    await page.screenshot({ path: "test-artifacts/report-known-bill.png", fullPage: true });
    await page.close();
  }, 60_000);

  it("every number shown is the JSON's string: digits grouped, or money at a glance with the cents on hover", async () => {
    const kb = render("scenarios/known-bill.yaml", "known-bill.html");
    const { page } = await open(kb.file);
    const shown = await page.$$eval("[data-field]", (els) =>
      els.map((e) => ({
        field: e.getAttribute("data-field") ?? "",
        value: e.getAttribute("data-value") ?? "",
        text: e.textContent ?? "",
        title: e.getAttribute("title"),
      })),
    );
    expect(shown.length).toBeGreaterThan(20);
    for (const s of shown) {
      const want = at(kb.calc, s.field);
      expect(s.value, s.field).toBe(want === null ? "" : String(want));
    }
    // Spot checks against the hand-worked figures: 3.6M rent, 2.64M own, 4.8M valuation; the title
    // (hover) has the cents.
    const one = (f: string) => shown.find((s) => s.field === f);
    expect(one("summary.rent.tco")).toMatchObject({ text: "3.60M USD", title: "3,600,000.00 USD" });
    expect(one("summary.own.tco")).toMatchObject({ text: "2.64M USD", title: "2,640,000.00 USD" });
    expect(one("summary.margin.valuationDelta")).toMatchObject({
      text: "4.80M USD",
      title: "4,800,000.00 USD",
    });
    await page.close();
  }, 60_000);

  it("at 1440×900: nothing wider than its column, no full amount of a million or more on the first screen, lines named in the SVG", async () => {
    for (const scenario of ["rednote", "mid-size-platform", "known-bill"]) {
      const r = render(`scenarios/${scenario}.yaml`, `${scenario}-1440.html`);
      const { page } = await open(r.file, 1440);
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: document.documentElement.clientWidth,
        tables: [...document.querySelectorAll("table")].map((t) => ({
          table: t.getBoundingClientRect().width,
          box: (t.parentElement as HTMLElement).clientWidth,
        })),
      }));
      expect(widths.page, scenario).toBeLessThanOrEqual(widths.view);
      for (const t of widths.tables) expect(t.table, scenario).toBeLessThanOrEqual(t.box + 0.5);
      // The first screen: every text node whose box starts above 900 px.
      const firstScreen = await page.evaluate(() => {
        const out: string[] = [];
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(n);
          const box = range.getBoundingClientRect();
          if (box.height > 0 && box.top < 900) out.push(n.textContent ?? "");
        }
        return out.join(" ");
      });
      expect(firstScreen, scenario).not.toMatch(/\d{1,3}(,\d{3}){2,}/);
      const labels = await page.$$eval("svg#cumulative text.end-label", (els) =>
        els.map((e) => e.textContent ?? ""),
      );
      expect(
        labels.some((l) => l.startsWith("rent ")) && labels.some((l) => l.startsWith("own ")),
        scenario,
      ).toBe(true);
      await page.close();
    }
  }, 120_000);

  it("rednote: the tornado and the Monte Carlo histogram, readable on a phone, printable", async () => {
    const rn = render("scenarios/rednote.yaml", "rednote.html");
    const { page, errors, requests } = await open(rn.file);
    expect(errors).toEqual([]);
    expect(requests).toHaveLength(1);
    expect(await page.locator("svg#tornado rect.swing").count()).toBeGreaterThan(2);
    const counts = await page.$$eval("svg#histogram rect", (els) =>
      els.map((e) => Number(e.getAttribute("data-count"))),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000); // every run lands in one bin
    expect(await page.locator("svg#cumulative").getAttribute("data-break-even-month")).toBe(
      String(rn.calc.summary.breakEvenMonth),
    );
    await page.screenshot({ path: "test-artifacts/report.png", fullPage: true });
    // A phone: 390 px wide; wide tables scroll inside their box, the page itself does not.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(390);
    await page.screenshot({ path: "test-artifacts/report-phone.png" });
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4" });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    writeFileSync(resolve("test-artifacts/report.pdf"), pdf);
    await page.close();
  }, 120_000);
});
