import Table from "cli-table3";
import type { GateResult } from "../model/result.js";
import { DIFF_FIGURES, type Snapshot } from "../model/snapshot.js";
import { type Decimal, fixed, HUNDRED, ZERO } from "../units/decimal.js";
import { compact, firstThatFits, fitProse, type Layout, signedCompact } from "./fit.js";
import { money, signed, signedMoney } from "./format.js";
import { gateJson, SCHEMA_VERSION, verdict } from "./json.js";
import { codeSpan, escapeMarkdown } from "./safeText.js";
import { gateHeadline, gateSentence, gateStatus } from "./table.js";

/** The comparison of two results: every summary figure and every line item's TCO. */
export interface Diff {
  base: Snapshot;
  head: Snapshot;
  gates: GateResult[];
}

type Kind = (typeof DIFF_FIGURES)[number]["kind"];

function figureRows(d: Diff) {
  return DIFF_FIGURES.map((f) => {
    const base = d.base.figures[f.key];
    const head = d.head.figures[f.key];
    const change = base !== undefined && head !== undefined ? head.minus(base) : undefined;
    const changePct =
      change !== undefined && base !== undefined && !base.isZero()
        ? change.dividedBy(base.abs()).times(HUNDRED)
        : undefined;
    return { key: f.key, label: f.label, kind: f.kind, base, head, change, changePct };
  });
}

function itemRows(d: Diff) {
  const key = (i: { side: string; name: string }) => `${i.side}\u0000${i.name}`;
  const base = new Map(d.base.items.map((i) => [key(i), i]));
  const head = new Map(d.head.items.map((i) => [key(i), i]));
  const keys = [...new Set([...d.base.items.map(key), ...d.head.items.map(key)])];
  return keys.map((k) => {
    const b = base.get(k);
    const h = head.get(k);
    const change = (h?.tco ?? ZERO).minus(b?.tco ?? ZERO);
    const status = !b ? "added" : !h ? "removed" : change.isZero() ? "same" : "changed";
    const any = (h ?? b) as NonNullable<typeof h>;
    return {
      side: any.side,
      name: any.name,
      category: any.category,
      base: b?.tco,
      head: h?.tco,
      change,
      status,
    };
  });
}

/** How many line items a table or a comment lists; JSON lists them all. */
export const MAX_ITEM_ROWS = 50;

/**
 * At most MAX_ITEM_ROWS rows, the largest changes first to be kept (in their own order), and a
 * line that counts the rest: a comment or a terminal is no place for 10,000 rows.
 */
function listed<T extends { change: Decimal }>(rows: readonly T[]): { rows: T[]; more: string | undefined } {
  if (rows.length <= MAX_ITEM_ROWS) return { rows: [...rows], more: undefined };
  const keep = new Set(
    rows
      .map((r, i) => ({ i, size: r.change.abs() }))
      .sort((a, b) => b.size.comparedTo(a.size) || a.i - b.i)
      .slice(0, MAX_ITEM_ROWS)
      .map((x) => x.i),
  );
  return {
    rows: rows.filter((_, i) => keep.has(i)),
    more: `… and ${rows.length - MAX_ITEM_ROWS} more line items with smaller changes; --format json lists them all.`,
  };
}

function show(kind: Kind, d: Decimal | undefined): string {
  if (d === undefined) return "—";
  if (kind === "money") return money(d);
  if (kind === "months") return fixed(d, d.isInteger() ? 0 : 2);
  return `${fixed(d)}${kind === "pct" ? "%" : " pp"}`;
}

function showChange(kind: Kind, d: Decimal | undefined): string {
  if (d === undefined) return "—";
  if (kind === "money") return signedMoney(d);
  if (kind === "months") return signed(d, d.isInteger() ? 0 : 2);
  return `${signed(d)} pp`;
}

export function renderDiffJson(d: Diff): string {
  const opt = (x: Decimal | undefined) => (x === undefined ? null : fixed(x));
  return `${JSON.stringify(
    {
      schemaVersion: SCHEMA_VERSION,
      currency: d.head.currency,
      base: { name: d.base.name, file: d.base.file, kind: d.base.kind },
      head: { name: d.head.name, file: d.head.file, kind: d.head.kind },
      figures: figureRows(d).map((f) => ({
        name: f.key,
        base: f.kind === "months" && f.base?.isInteger() ? f.base.toNumber() : opt(f.base),
        head: f.kind === "months" && f.head?.isInteger() ? f.head.toNumber() : opt(f.head),
        change: opt(f.change),
        changePct: opt(f.changePct),
      })),
      items: itemRows(d).map((i) => ({
        side: i.side,
        name: i.name,
        category: i.category,
        base: opt(i.base),
        head: opt(i.head),
        change: opt(i.change),
        status: i.status,
      })),
      gates: d.gates.map(gateJson),
      verdict: verdict(d.gates),
    },
    null,
    2,
  )}\n`;
}

const STYLE = { head: [], border: [], compact: true };

export function renderDiffTable(d: Diff, layout: Layout = { width: undefined }): string {
  // In a terminal too narrow for every digit, amounts are shown at a glance (1.20M), then long
  // item names wrap in their column; prose wraps. A file or a pipe gets every digit.
  // Prose wraps first, so only the tables decide whether every digit fits.
  return firstThatFits(layout.width, [
    () => fitProse(diffText(d, money, signedMoney, undefined), layout.width),
    () => fitProse(diffText(d, compact, signedCompact, undefined), layout.width),
    () => fitProse(diffText(d, compact, signedCompact, 24), layout.width),
  ]);
}

function diffText(
  d: Diff,
  amount: (x: Decimal) => string,
  change: (x: Decimal) => string,
  nameWidth: number | undefined,
): string {
  const cur = d.head.currency;
  const out = [`${d.base.name} (${d.base.file}) → ${d.head.name} (${d.head.file}), amounts in ${cur}`, ""];
  const figures = new Table({
    head: ["Figure", "Base", "Head", "Change", "Change %"],
    style: STYLE,
    colAligns: ["left", "right", "right", "right", "right"],
  });
  const shown = (kind: Kind, x: Decimal | undefined) =>
    kind === "money" && x !== undefined ? amount(x) : show(kind, x);
  const changed = (kind: Kind, x: Decimal | undefined) =>
    kind === "money" && x !== undefined ? change(x) : showChange(kind, x);
  for (const f of figureRows(d))
    figures.push([
      f.label,
      shown(f.kind, f.base),
      shown(f.kind, f.head),
      changed(f.kind, f.change),
      f.changePct ? `${signed(f.changePct)}%` : "",
    ]);
  out.push(figures.toString(), "", "Line items (TCO, cash over the horizon)");
  const items = new Table({
    head: ["Side", "Item", "Base", "Head", "Change", ""],
    style: STYLE,
    colAligns: ["left", "left", "right", "right", "right", "left"],
    ...(nameWidth === undefined
      ? {}
      : {
          colWidths: [null, nameWidth + 2, null, null, null, null],
          wordWrap: true,
          wrapOnWordBoundary: true,
        }),
  });
  const table = listed(itemRows(d));
  for (const i of table.rows)
    items.push([
      i.side,
      i.name,
      i.base ? amount(i.base) : "—",
      i.head ? amount(i.head) : "—",
      change(i.change),
      i.status === "changed" || i.status === "same" ? "" : i.status,
    ]);
  out.push(items.toString());
  if (table.more) out.push(table.more);
  if (d.gates.length > 0) {
    out.push("", gateHeadline(d.gates));
    for (const g of d.gates)
      out.push(
        `  ${gateStatus(g).padEnd(4)}  ${gateSentence(g, cur)}${g.level === "warn" ? " (warning level)" : ""}`,
      );
  }
  return `${out.join("\n")}\n`;
}

export function renderDiffMarkdown(d: Diff): string {
  const cur = d.head.currency;
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const out = [
    `### Cost change: ${escapeMarkdown(d.head.name)}`,
    "",
    `Base ${codeSpan(d.base.file)} → head ${codeSpan(d.head.file)}, amounts in ${cur}.`,
    "",
  ];
  out.push(row(["Figure", "Base", "Head", "Change"]), row(["---", "--:", "--:", "--:"]));
  for (const f of figureRows(d))
    out.push(row([f.label, show(f.kind, f.base), show(f.kind, f.head), showChange(f.kind, f.change)]));
  const all = itemRows(d).filter((i) => i.status !== "same");
  const { rows: changed, more } = listed(all);
  out.push("", changed.length === 0 ? "No line item changed." : `**Line items that changed (TCO):**`, "");
  if (changed.length > 0) {
    out.push(row(["Side", "Item", "Base", "Head", "Change"]), row(["---", "---", "--:", "--:", "--:"]));
    for (const i of changed)
      out.push(
        row([
          i.side,
          `${escapeMarkdown(i.name)}${i.status === "changed" ? "" : ` (${i.status})`}`,
          i.base ? money(i.base) : "—",
          i.head ? money(i.head) : "—",
          signedMoney(i.change),
        ]),
      );
    if (more) out.push("", more);
  }
  if (d.gates.length > 0) {
    const icon = { pass: "✅", FAIL: "❌", warn: "⚠️", skip: "➖" } as const;
    out.push("", `**${gateHeadline(d.gates)}**`, "");
    for (const g of d.gates)
      out.push(
        `- ${icon[gateStatus(g)]} ${gateSentence(g, cur).replace(" <= ", " ≤ ").replace(" >= ", " ≥ ")}`,
      );
  }
  return `${out.join("\n")}\n`;
}
