import type { Side } from "../model/result.js";
import type { LineItem } from "../model/scenario.js";
import { type Decimal, ZERO } from "../units/decimal.js";

export { grown, trendFactor } from "../units/growth.js";

export { HOURS_PER_MONTH, SECONDS_PER_MONTH } from "../units/time.js";

/** One line item's cash and P&L amounts for months 1..H (index 0 is month 1). */
export interface ItemSeries {
  side: Side;
  name: string;
  category: string;
  cash: Decimal[];
  pnl: Decimal[];
}

/** A capital purchase: paid in `cashMonth`, in service and depreciated from `goLive` over `lifetime` months. */
export interface Purchase {
  cashMonth: number;
  goLive: number;
  lifetime: number;
  amount: Decimal;
}

export function zeros(horizon: number): Decimal[] {
  return Array.from({ length: horizon }, () => ZERO);
}

/** Adds purchases into cash (in the purchase month) and P&L (straight-line from go-live) series. */
export function addPurchases(cash: Decimal[], pnl: Decimal[], purchases: readonly Purchase[]): void {
  const horizon = cash.length;
  // Depreciation as a difference array: each purchase adds its monthly charge where it starts and
  // takes it off after its last month; a running sum gives each month's charge. Two additions per
  // purchase instead of one per month of its life (a fleet bought monthly over 10 years: 240 vs 14,400).
  const change: (Decimal | undefined)[] = new Array(horizon + 1);
  for (const p of purchases) {
    if (p.cashMonth > horizon) continue;
    cash[p.cashMonth - 1] = (cash[p.cashMonth - 1] ?? ZERO).plus(p.amount);
    const last = Math.min(horizon, p.goLive + p.lifetime - 1);
    if (p.goLive > last) continue;
    const perMonth = p.amount.dividedBy(p.lifetime);
    change[p.goLive - 1] = (change[p.goLive - 1] ?? ZERO).plus(perMonth);
    change[last] = (change[last] ?? ZERO).minus(perMonth);
  }
  let running = ZERO;
  for (let m = 0; m < horizon; m++) {
    const c = change[m];
    if (c !== undefined) running = running.plus(c);
    if (!running.isZero()) pnl[m] = (pnl[m] ?? ZERO).plus(running);
  }
}

/** What is left to depreciate after the horizon, for purchases paid within it. */
export function residualBookValue(purchases: readonly Purchase[], horizon: number): Decimal {
  let total = ZERO;
  for (const p of purchases) {
    if (p.cashMonth > horizon) continue;
    const monthsAfter = Math.min(p.lifetime, Math.max(0, p.goLive + p.lifetime - 1 - horizon));
    total = total.plus(p.amount.times(monthsAfter).dividedBy(p.lifetime));
  }
  return total;
}

/** The purchases of an explicit capex item: once, or every `lifetime` months with `refresh`. */
export function itemPurchases(item: LineItem, horizon: number): Purchase[] {
  if (item.kind !== "capex") return [];
  const purchases: Purchase[] = [];
  for (let m = item.month; m <= horizon; m += item.lifetimeMonths) {
    purchases.push({ cashMonth: m, goLive: m, lifetime: item.lifetimeMonths, amount: item.amount });
    if (!item.refresh) break;
  }
  return purchases;
}

/** Monthly cash and P&L of an explicit line item. */
export function itemSeries(side: Side, item: LineItem, horizon: number): ItemSeries {
  const cash = zeros(horizon);
  const pnl = zeros(horizon);
  if (item.kind === "recurring") {
    for (let m = Math.max(1, item.from); m <= Math.min(horizon, item.to); m++) {
      cash[m - 1] = item.perMonth;
      pnl[m - 1] = item.perMonth;
    }
  } else {
    addPurchases(cash, pnl, itemPurchases(item, horizon));
  }
  return { side, name: item.name, category: item.category, cash, pnl };
}

/** An operating cost: the same amount in cash and P&L. */
export function opexSeries(side: Side, name: string, category: string, perMonth: Decimal[]): ItemSeries {
  return { side, name, category, cash: perMonth, pnl: perMonth };
}
