import type { SupportPlan, TieredPrice } from "../model/scenario.js";
import { Decimal, ZERO } from "../units/decimal.js";

/**
 * Marginal tiered pricing, as on a cloud bill: each slice of the volume is charged at its own
 * tier's rate. `volume` and every `upTo` are in the same base unit; `rateOf` is per base unit.
 */
export function marginal(
  volume: Decimal,
  tiers: readonly { upTo: Decimal | undefined }[],
  rateOf: (tierIndex: number) => Decimal,
): Decimal {
  let total = ZERO;
  let lower = ZERO;
  for (let i = 0; i < tiers.length && volume.greaterThan(lower); i++) {
    const upper = tiers[i]?.upTo;
    const top = upper === undefined ? volume : Decimal.min(volume, upper);
    total = total.plus(top.minus(lower).times(rateOf(i)));
    if (upper === undefined) break;
    lower = upper;
  }
  return total;
}

/** The monthly charge for `bytes` (stored for a month, or transferred in it) under a tiered price. */
export function tieredCost(bytes: Decimal, price: TieredPrice): Decimal {
  const units = bytes.dividedBy(price.unitBytes);
  const tiersInUnits = price.tiers.map((t) => ({ upTo: t.upTo?.dividedBy(price.unitBytes) }));
  return marginal(units, tiersInUnits, (i) => price.tiers[i]?.price ?? ZERO);
}

/** A support plan's monthly fee: the tiered percentage of spend, or its minimum if that is higher. */
export function supportFee(spend: Decimal, plan: SupportPlan): Decimal {
  const fee = marginal(spend, plan.tiers, (i) => plan.tiers[i]?.rate ?? ZERO);
  return Decimal.max(fee, plan.minimumPerMonth);
}
