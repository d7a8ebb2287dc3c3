import type { RentDerived, Workload } from "../model/scenario.js";
import { ONE, ZERO } from "../units/decimal.js";
import { grown, HOURS_PER_MONTH, type ItemSeries, opexSeries, zeros } from "./series.js";
import { supportFee, tieredCost } from "./tiers.js";

/**
 * The cloud bill derived from the workload (MODEL.md §3 "Rent"):
 * compute = vCPU · 730 h · price per vCPU-hour · (1 − discount); storage and egress tiered and
 * marginal; support a tiered percentage of their sum with the plan's minimum.
 */
export function rentDerivedSeries(workload: Workload, rent: RentDerived, horizon: number): ItemSeries[] {
  const { prices } = rent;
  const compute = zeros(horizon);
  const storage = zeros(horizon);
  const egress = zeros(horizon);
  const hourlyNet = prices.computePerVcpuHour?.times(ONE.minus(rent.computeDiscount));

  for (let m = 1; m <= horizon; m++) {
    if (workload.vcpu && hourlyNet) {
      compute[m - 1] = grown(workload.vcpu, m).times(HOURS_PER_MONTH).times(hourlyNet);
    }
    if (workload.storedBytes && prices.storage) {
      storage[m - 1] = tieredCost(grown(workload.storedBytes, m), prices.storage);
    }
    if (workload.egressBytesPerMonth && prices.egress) {
      egress[m - 1] = tieredCost(grown(workload.egressBytesPerMonth, m), prices.egress);
    }
  }

  const series: ItemSeries[] = [];
  if (workload.vcpu) series.push(opexSeries("rent", "Compute", "compute", compute));
  if (workload.storedBytes) series.push(opexSeries("rent", "Storage", "storage", storage));
  if (workload.egressBytesPerMonth) series.push(opexSeries("rent", "Egress", "egress", egress));
  if (rent.support) {
    const plan = rent.support;
    const fee = compute.map((c, i) => supportFee(c.plus(storage[i] ?? ZERO).plus(egress[i] ?? ZERO), plan));
    series.push(opexSeries("rent", `Support (${plan.name})`, "support", fee));
  }
  return series;
}
