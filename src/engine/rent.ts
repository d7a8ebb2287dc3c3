import type { RentDerived } from "../model/scenario.js";
import { ONE, ZERO } from "../units/decimal.js";
import type { Demand } from "./demand.js";
import {
  HOURS_PER_MONTH,
  type ItemSeries,
  opexSeries,
  SECONDS_PER_MONTH,
  trendFactor,
  zeros,
} from "./series.js";
import { supportFee, tieredCost } from "./tiers.js";

/**
 * The cloud bill derived from the workload (MODEL.md §3 "Rent"):
 * compute = vCPU · 730 h · price per vCPU-hour · (1 − discount), the surge part at the on-demand
 * price; storage and egress tiered and marginal; support a tiered percentage of their sum with the
 * plan's minimum. Every unit price moves by the yearly price trend.
 */
export function rentDerivedSeries(demand: Demand, rent: RentDerived, horizon: number): ItemSeries[] {
  const { prices } = rent;
  const compute = zeros(horizon);
  const storage = zeros(horizon);
  const egress = zeros(horizon);

  for (let m = 1; m <= horizon; m++) {
    const i = m - 1;
    const trend = trendFactor(rent.priceTrend, m);
    const base = demand.vcpuBase?.[i];
    const total = demand.vcpuTotal?.[i];
    if (base && total && prices.computePerVcpuHour) {
      const hourly = prices.computePerVcpuHour.times(trend).times(HOURS_PER_MONTH);
      const committed = base.times(hourly).times(ONE.minus(rent.computeDiscount));
      compute[i] = committed.plus(total.minus(base).times(hourly));
    }
    const stored = demand.storedBytes?.[i];
    if (stored && prices.storage) storage[i] = tieredCost(stored, prices.storage).times(trend);
    const sent = demand.egressBytes?.[i];
    if (sent && rent.egressBilling === "bandwidth" && prices.bandwidthPerMbpsMonth) {
      // p95 Mbps = bytes · 8 / seconds in a month / 10^6 · peak-to-average
      const mbps = sent.times(8).dividedBy(SECONDS_PER_MONTH).dividedBy(1e6).times(rent.peakToAverage);
      egress[i] = mbps.times(prices.bandwidthPerMbpsMonth).times(trend);
    } else if (sent && prices.egress) egress[i] = tieredCost(sent, prices.egress).times(trend);
  }

  const series: ItemSeries[] = [];
  if (demand.vcpuTotal) series.push(opexSeries("rent", "Compute", "compute", compute));
  if (demand.storedBytes) series.push(opexSeries("rent", "Storage", "storage", storage));
  if (demand.egressBytes) series.push(opexSeries("rent", "Egress", "egress", egress));
  if (rent.support) {
    const plan = rent.support;
    const fee = compute.map((c, i) => supportFee(c.plus(storage[i] ?? ZERO).plus(egress[i] ?? ZERO), plan));
    series.push(opexSeries("rent", `Support (${plan.name})`, "support", fee));
  }
  return series;
}
