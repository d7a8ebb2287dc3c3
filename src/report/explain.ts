import { exact } from "../engine/arith.js";
import { annuity, marginal } from "../engine/model.js";
import type { Origin, Provenance } from "../model/provenance.js";
import type { Result } from "../model/result.js";
import type { Financing, Scenario, TieredPrice } from "../model/scenario.js";
import { Decimal, fixed, ONE, sum, ZERO } from "../units/decimal.js";
import { trendFactor } from "../units/growth.js";
import { HOURS_PER_MONTH, SECONDS_PER_MONTH } from "../units/time.js";
import { bytes, groupDigits, money } from "./format.js";

/** One input of a figure: what it is, the value used, and where that value was written. */
export interface ExplainedInput {
  label: string;
  value: string;
  origin: Origin | undefined;
  /** Why there is no origin: "default", "derived", … */
  note?: string | undefined;
}

/** Everything needed to check one figure by hand. */
export interface Explanation {
  target: string;
  side: string | undefined;
  category: string | undefined;
  formula: string[];
  inputs: ExplainedInput[];
  /** The formula applied to month 1 (or the figure's own numbers), with the values. */
  worked: string[];
  totals: { label: string; cash: Decimal; pnl: Decimal }[];
}

/** How a loan or an operating lease is paid, in words (MODEL.md §8). */
function financingFormula(f: Financing): string[] {
  const terms = `${pct(f.rate)}/yr over ${f.termMonths} months`;
  const payment = "payment = P × i / (1 − (1 + i)^(−n)), i = yearly rate / 12, n = term in months";
  return f.kind === "loan"
    ? [
        `bought on a loan (${terms}): no cash up front; ${payment}, from the purchase month`,
        "each month's interest = the balance still owed × i; the rest of the payment repays the balance",
        "P&L: the asset's depreciation (price × (1 − salvage) / lifetime from go-live) + the month's interest",
      ]
    : [
        `an operating lease (${terms}): no cash up front; ${payment}, from the purchase month`,
        "P&L: the payment itself (operating cost, inside EBITDA); nothing is depreciated, nothing is sold",
      ];
}

/** The payment on `amount` and the first month's interest split, worked with the engine's annuity. */
function financingWorked(f: Financing, amount: Decimal, cur: string): string[] {
  const { payment, interest } = annuity(exact, amount, f);
  const i = f.rate.dividedBy(12);
  const first = interest[0] ?? ZERO;
  const lines = [
    `i = ${pct(f.rate)} / 12 = ${pct(i)} a month; payment = ${money(amount)} × ${i.toString()} / (1 − ${ONE.plus(i).toString()}^−${f.termMonths}) = ${money(payment)} ${cur} a month for ${f.termMonths} months`,
  ];
  if (f.kind === "loan")
    lines.push(
      `month 1: interest ${money(amount)} × ${i.toString()} = ${money(first)} ${cur}, principal repaid ${money(payment.minus(first))} ${cur}; over the term the interest adds up to ${money(payment.times(f.termMonths).minus(amount))} ${cur}`,
    );
  return lines;
}

/**
 * A tiered charge as arithmetic: "units × rate + units × rate …", one term per tier the volume
 * reaches, as the engine's own marginal pricing cuts them, and its list cost.
 */
function tierWorking(price: TieredPrice, bytes: Decimal): { terms: string; list: Decimal } {
  const terms: string[] = [];
  const list = marginal(
    exact,
    bytes.dividedBy(price.unitBytes),
    price.tiers.map((t) => ({ upTo: t.upTo?.dividedBy(price.unitBytes) })),
    (i) => price.tiers[i]?.price ?? ZERO,
    (slice, i) => terms.push(`${num(slice)} × ${(price.tiers[i]?.price ?? ZERO).toString()}`),
  );
  return { terms: terms.join(" + ") || "0", list };
}

/** The list cost and the factors on it ("2,250.00 × (1 − 20%) = "), or nothing when there are none. */
const through = (list: Decimal, factors: string) =>
  factors ? `${money(list)}; ${money(list)}${factors} = ` : "";

/** Summary figures `explain` knows, with what they mean. */
export const EXPLAINABLE_FIGURES = [
  "rentTco",
  "ownTco",
  "savings",
  "savingsPct",
  "npv",
  "breakEvenMonth",
  "paybackMonths",
  "grossMarginDeltaPp",
  "netProfitDelta",
  "valuationDelta",
] as const;

const num = (d: Decimal | undefined, places = 2) => (d === undefined ? "n/a" : groupDigits(fixed(d, places)));
const pct = (d: Decimal) => `${d.times(100).toDecimalPlaces(4).toString()}%`;

function input(
  p: Provenance,
  label: string,
  key: string,
  fallback?: string,
  note = "default",
): ExplainedInput {
  const origin = p[key];
  if (origin) return { label, value: origin.written, origin };
  return {
    label,
    value: fallback ?? "not set",
    origin: undefined,
    note: fallback === undefined ? "not set" : note,
  };
}

/** Inputs of every explicit item field that was written. */
function itemInputs(p: Provenance, prefix: string): ExplainedInput[] {
  const keys = [
    "monthly",
    "yearly",
    "capex",
    "lifetime",
    "month",
    "refresh",
    "from",
    "to",
    "growth",
    "salvage",
    "category",
    "source",
  ];
  const financing = Object.keys(p)
    .filter((k) => k.startsWith(`${prefix}.financing.`))
    .map((k) => input(p, k.slice(prefix.length + 1), k));
  return [...keys.filter((k) => p[`${prefix}.${k}`]).map((k) => input(p, k, `${prefix}.${k}`)), ...financing];
}

function tierInputs(p: Provenance, key: string): ExplainedInput[] {
  const out = [input(p, "billing unit", `${key}.unit`)];
  for (let i = 0; p[`${key}.tiers[${i}].price`]; i++) {
    const upTo = p[`${key}.tiers[${i}].upTo`];
    out.push(
      input(p, `tier ${i + 1}${upTo ? ` up to ${upTo.written}` : " (the rest)"}`, `${key}.tiers[${i}].price`),
    );
  }
  return out;
}

/** The explanation of one line item (by name; `side:name` when both sides have one). */
export function explainItem(
  r: Result,
  scenario: Scenario,
  p: Provenance,
  side: "rent" | "own",
  name: string,
  month = 1,
  /** The model's exact (unrounded) cash amount of the item in `month`. */
  exactAmount?: Decimal,
): Explanation {
  // The item's rows in cents, as every output shows them (settle(), docs/model.md "Cents").
  const rows = r.months.flatMap((m) =>
    m.items.filter((i) => i.side === side && i.name === name).map((i) => ({ month: m.month, ...i })),
  );
  const category = rows[0]?.category;
  const years = r.years.map((y) => {
    const mine = rows.filter((row) => Math.ceil(row.month / 12) === y.year);
    return { label: `year ${y.year}`, cash: sum(mine.map((x) => x.cash)), pnl: sum(mine.map((x) => x.pnl)) };
  });
  const totals = [
    { label: "horizon", cash: sum(rows.map((x) => x.cash)), pnl: sum(rows.map((x) => x.pnl)) },
    ...years,
  ];
  const mo = r.months[month - 1];
  const d = mo?.drivers;
  const first = mo?.items.find((i) => i.side === side && i.name === name);
  const at = `month ${month}`;
  // A yearly price trend's factor in this month, written only when it is not 1.
  const trendText = (t: Decimal) =>
    t.isZero() ? "" : ` × trend ${trendFactor(t, month).toDecimalPlaces(6).toString()}`;
  // Units bought in this month: the item's cash over the unit price at this month's trend.
  const bought = (price: Decimal, t: Decimal) => {
    const unit = price.times(trendFactor(t, month));
    // Financed hardware is paid month by month: the month's cash is payments, not purchases.
    const f = scenario.own.derived?.financing;
    if (f)
      return `financed (${f.kind === "loan" ? "a loan" : "an operating lease"}, own.financing): one unit at ${money(unit)} ${cur} is paid ${money(annuity(exact, unit, f).payment)} ${cur} a month for ${f.termMonths} months; ${at} pays ${paidText} for all the units financed so far`;
    const units = (first?.cash ?? ZERO).dividedBy(unit).toDecimalPlaces(0);
    return `paid in ${at}: ${units.toString()} × ${money(unit)} = ${paidText}`;
  };
  const cur = r.scenario.currency;
  // Servers, storage nodes and GPU servers: the units the demand needs (the one whole-unit rule),
  // the units in service (a fleet is never cut back), and what the month pays for them.
  // What the month pays for units at `price`, with the lead time that makes it buy ahead.
  const paidFor = (price: Decimal) => {
    const lead = own?.leadTimeMonths ?? 0;
    return (
      bought(price, own?.prices.hardwarePriceTrend ?? ZERO) +
      (lead > 0
        ? ` (with a ${lead}-month lead time, ${at} pays for what goes live up to month ${month + lead})`
        : "")
    );
  };
  const fleet = (
    demand: string,
    capacity: string,
    q: Decimal,
    inService: Decimal,
    units: string,
    price: Decimal,
  ) => {
    const need = exact.whole(q, ONE);
    return [
      `${at}: ${demand} / ${capacity} = ${num(q)} → ${need.toString()} ${units}${need.eq(inService) ? " in service" : `; ${inService.toString()} in service (a fleet is never cut back)`}`,
      paidFor(price),
    ];
  };
  // The month's amount as the model computes it; the ledger shows the item's running total rounded
  // to the cent, month by month, which can put a month a cent away from it (docs/model.md "Cents").
  const ledger = first?.cash ?? ZERO;
  const modelled = (exactAmount ?? ledger).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
  const paidText = modelled.eq(ledger)
    ? `${money(ledger)} ${cur}`
    : `${money(modelled)} ${cur}, ${money(ledger)} in the ledger (an item's months are its running total rounded to the cent, docs/model.md "Cents")`;
  const e: Explanation = { target: name, side, category, formula: [], inputs: [], worked: [], totals };

  const explicit = (
    side === "rent" ? scenario.rent.items : [...scenario.own.items, ...(scenario.migration?.items ?? [])]
  ).findIndex((i) => i.name === name);
  if (explicit >= 0) {
    const inOwn = side === "own" && explicit < scenario.own.items.length;
    const prefix =
      side === "rent"
        ? `rent.items[${explicit}]`
        : inOwn
          ? `own.items[${explicit}]`
          : `migration.items[${explicit - scenario.own.items.length}]`;
    const item = (
      side === "rent" ? scenario.rent.items : [...scenario.own.items, ...(scenario.migration?.items ?? [])]
    )[explicit];
    e.inputs = itemInputs(p, prefix);
    if (item?.kind === "capex") {
      const kept = ONE.minus(item.salvage);
      e.formula = item.financing
        ? financingFormula(item.financing)
        : [
            "cash: the whole amount in the purchase month (again every lifetime with refresh)",
            "P&L: amount × (1 − salvage) / lifetime in each month from the purchase month, for lifetime months",
          ];
      e.worked =
        item.financing?.kind === "lease"
          ? financingWorked(item.financing, item.amount, cur)
          : [
              `${money(item.amount)} ${cur}${item.salvage.isZero() ? "" : ` × (1 − ${pct(item.salvage)})`} / ${item.lifetimeMonths} months = ${money(item.amount.times(kept).dividedBy(item.lifetimeMonths))} ${cur} a month of depreciation on the P&L`,
              ...(item.financing ? financingWorked(item.financing, item.amount, cur) : []),
            ];
      if (!item.salvage.isZero() && item.financing?.kind !== "lease")
        e.worked.push(
          `sold in month ${item.month + item.lifetimeMonths} for ${pct(item.salvage)} of its price: ${money(item.amount.times(item.salvage))} ${cur} of cash back`,
        );
    } else if (item) {
      e.formula = [
        "the same amount every month from `from` to `to` (a yearly amount counts 1/12 a month), cash = P&L",
      ];
      e.worked = [
        `${money(item.perMonth)} ${cur} a month in months ${item.from}–${Math.min(item.to, r.scenario.horizonMonths)}`,
      ];
    }
    return e;
  }

  const own = scenario.own.derived;
  const rent = scenario.rent.derived;
  const vcpuInputs = [
    input(p, "vCPU in month 1", "workload.compute.vcpu"),
    input(p, "vCPU growth", "workload.compute.growth", "0%/yr"),
  ];
  const hardwareTiming = [
    input(p, "lifetime", "own.lifetime"),
    input(p, "lead time", "own.leadTime", "0mo"),
    input(p, "refresh", "own.refresh", "true"),
    input(p, "hardware price trend", "own.prices.priceTrend.hardware", "0%/yr"),
  ];
  switch (`${side}:${name}`) {
    case "rent:Compute":
      e.formula = [
        "vCPU(m) × 730 h × price per vCPU-hour × (1 − discount), surge vCPU at the undiscounted price; × price trend",
      ];
      e.inputs = [
        ...vcpuInputs,
        input(p, "price per vCPU-hour", "rent.prices.compute.vcpuHour"),
        ...(p["rent.commitment"]
          ? [
              input(p, "commitment", "rent.commitment"),
              input(
                p,
                "discount (the commitment's)",
                `rent.prices.compute.commitments.${p["rent.commitment"].written}.discount`,
                pct(rent?.computeDiscount ?? ZERO),
                "from the catalog",
              ),
            ]
          : [input(p, "discount", "rent.discount", "0%")]),
        input(
          p,
          "cloud price trend",
          "rent.priceTrend",
          p["rent.prices.priceTrend.cloud"]?.written ?? "0%/yr",
        ),
      ];
      if (d?.vcpu && rent?.prices.computePerVcpuHour) {
        const price = `${HOURS_PER_MONTH} h × ${rent.prices.computePerVcpuHour.toString()}${trendText(rent.priceTrend)}`;
        const surge =
          d.surge && !d.surge.isZero() ? d.vcpu.minus(d.vcpu.dividedBy(d.surge.plus(1))) : undefined;
        e.worked = [
          surge
            ? `${at}: (${num(d.vcpu.minus(surge))} vCPU × (1 − ${pct(rent.computeDiscount)}) + ${num(surge)} surge vCPU, undiscounted) × ${price} = ${paidText}`
            : `${at}: ${num(d.vcpu)} vCPU × ${HOURS_PER_MONTH} h × ${rent.prices.computePerVcpuHour.toString()} × (1 − ${pct(rent.computeDiscount)})${trendText(rent.priceTrend)} = ${paidText}`,
        ];
      }
      break;
    case "rent:Storage":
    case "rent:Egress": {
      const isStorage = name === "Storage";
      const byBandwidth = !isStorage && rent?.egressBilling === "bandwidth";
      e.formula = [
        isStorage
          ? "tiered price of the bytes stored, per unit-month: each slice at its own tier's rate; × price trend"
          : byBandwidth
            ? "p95 Mbps(m) = egress bytes(m) × 8 / (730 × 3600 s) / 10^6 × peak-to-average; egress = p95 Mbps × price per Mbps-month × price trend"
            : "tiered price of the bytes sent to the internet that month: each slice at its own tier's rate; × price trend",
      ];
      e.inputs = isStorage
        ? [
            input(p, "stored in month 1", "workload.storage.stored"),
            input(p, "growth", "workload.storage.growth", "0%/yr"),
            ...tierInputs(p, "rent.prices.storage"),
          ]
        : [
            input(p, "egress in month 1", "workload.egress.volume"),
            input(p, "growth", "workload.egress.growth", "0%/yr"),
            ...(byBandwidth
              ? [
                  input(p, "billing", "rent.egressBilling"),
                  input(p, "peak-to-average", "workload.egress.peakToAverage"),
                  input(p, "price per Mbps-month", "rent.prices.bandwidth.perMbpsMonth"),
                ]
              : tierInputs(p, "rent.prices.egress")),
          ];
      const amount = isStorage ? d?.storedBytes : d?.egressBytes;
      const price = isStorage ? rent?.prices.storage : rent?.prices.egress;
      // The negotiated discount on this component, written only when there is one.
      const cut = (isStorage ? rent?.storageDiscount : rent?.egressDiscount) ?? ZERO;
      const kept = cut.isZero() ? "" : ` × (1 − ${pct(cut)})`;
      if (!cut.isZero())
        e.inputs.push(input(p, "discount", `rent.discount.${isStorage ? "storage" : "egress"}`));
      if (amount && byBandwidth && rent?.prices.bandwidthPerMbpsMonth) {
        const mbps = amount.times(8).dividedBy(SECONDS_PER_MONTH).dividedBy(1e6).times(rent.peakToAverage);
        e.worked = [
          `${at}: ${bytes(amount)} × 8 / ${groupDigits(String(SECONDS_PER_MONTH))} s / 10^6 × ${rent.peakToAverage.toString()} = ${num(mbps)} Mbps; ${num(mbps)} Mbps × ${rent.prices.bandwidthPerMbpsMonth.toString()}${trendText(rent.priceTrend)}${kept} = ${paidText}`,
        ];
      } else if (amount && price) {
        const tiers = tierWorking(price, amount);
        e.worked = [
          `${at}: ${bytes(amount)} = ${num(amount.dividedBy(price.unitBytes))} ${price.unitName}; through the tiers ${tiers.terms} = ${through(tiers.list, trendText(rent?.priceTrend ?? ZERO) + kept)}${paidText}`,
        ];
      }
      break;
    }
    case "own:Servers":
      e.formula = [
        "servers needed(m) = ceil(vCPU the fleet is sized for (m) / (vCPU per server × utilization)); never sold",
        "each rise is bought lead time ahead of need at price × (1 + trend)^((m−1)/12); cash when bought",
        "P&L: purchase / lifetime each month from go-live; with refresh, bought again at end of life",
      ];
      e.inputs = [
        ...vcpuInputs,
        input(p, "strategy", "own.strategy", "full"),
        input(p, "utilization", "own.utilization"),
        input(p, "vCPU per server", "own.prices.server.vcpu"),
        input(p, "price per server", "own.prices.server.price"),
        ...hardwareTiming,
      ];
      if (own?.prices.server && d?.servers !== undefined) {
        const server = own.prices.server;
        const capacity = `(${server.vcpu.toString()} × ${pct(own.utilization)})`;
        e.worked =
          own.strategy === "hybrid" || !d.vcpu
            ? [
                `${at}: ${d.servers} servers in service (the hybrid baseline's vCPU / ${capacity}, rounded up to whole servers, never fewer than before)`,
                paidFor(server.price),
              ]
            : fleet(
                `${num(d.vcpu)} vCPU`,
                capacity,
                d.vcpu.dividedBy(server.vcpu.times(own.utilization)),
                d.servers,
                "servers",
                server.price,
              );
      }
      break;
    case "own:Storage nodes":
      e.formula = [
        "nodes needed(m) = ceil(stored(m) × redundancy / (raw capacity per node × fill ratio)); bought and depreciated like servers",
      ];
      e.inputs = [
        input(p, "stored in month 1", "workload.storage.stored"),
        input(p, "growth", "workload.storage.growth", "0%/yr"),
        input(p, "redundancy", "own.redundancy"),
        input(p, "fill ratio", "own.fillRatio"),
        input(p, "raw capacity per node", "own.prices.storageNode.rawCapacity"),
        input(p, "price per node", "own.prices.storageNode.price"),
        ...hardwareTiming,
      ];
      if (own?.prices.storageNode && d?.storageNodes !== undefined && d.storedBytes) {
        const node = own.prices.storageNode;
        e.worked = fleet(
          `${bytes(d.storedBytes)} × ${own.redundancy.toString()}`,
          `(${bytes(node.rawBytes)} × ${pct(own.fillRatio)})`,
          d.storedBytes.times(own.redundancy).dividedBy(node.rawBytes.times(own.fillRatio)),
          d.storageNodes,
          "nodes",
          node.price,
        );
      }
      break;
    case "own:Network gear":
      e.formula = ["network share × each server and storage-node purchase, bought and depreciated with it"];
      e.inputs = [input(p, "network share", "own.prices.network.share")];
      break;
    case "own:Colocation (per kW)":
    case "own:Energy": {
      const energy = name === "Energy";
      e.formula = [
        "IT kW(m) = (servers × watts per server + nodes × watts per node) / 1000, for hardware in service",
        energy ? "energy = IT kW × PUE × 730 h × price per kWh" : "colocation = IT kW × price per kW-month",
      ];
      e.inputs = [
        input(p, "watts per server", "own.prices.server.watts", "no servers"),
        input(p, "watts per node", "own.prices.storageNode.watts", "no storage nodes"),
        ...(energy
          ? [input(p, "PUE", "own.prices.energy.pue"), input(p, "price per kWh", "own.prices.energy.perKwh")]
          : [input(p, "price per kW-month", "own.prices.space.perKwMonth")]),
      ];
      if (d?.itKw && own) {
        const rateText = energy
          ? `${own.prices.energy?.pue.toString()} × ${HOURS_PER_MONTH} h × ${own.prices.energy?.perKwh.toString()}`
          : `${own.prices.spacePerKwMonth?.toString()}`;
        e.worked = [`${at}: ${num(d.itKw, 3)} kW × ${rateText} = ${paidText}`];
      }
      break;
    }
    case "own:Transit":
      e.formula = [
        "p95 Gbps(m) = egress bytes(m) × 8 / (730 × 3600 s) / 10^9 × peak-to-average; transit = p95 Gbps × price per Gbps-month",
      ];
      e.inputs = [
        input(p, "egress in month 1", "workload.egress.volume"),
        input(p, "growth", "workload.egress.growth", "0%/yr"),
        p["workload.egress.peakToAverage"]
          ? input(p, "peak-to-average", "workload.egress.peakToAverage")
          : input(p, "peak-to-average", "own.prices.transit.peakToAverage"),
        input(p, "price per Gbps-month", "own.prices.transit.perGbpsMonth"),
      ];
      if (d?.egressBytes && d.transitGbps && own?.prices.transitPerGbpsMonth) {
        // Only the moved share of the traffic leaves through owned transit during a migration.
        const moved =
          d.cloudShare && !d.cloudShare.isZero() ? ` × ${pct(ONE.minus(d.cloudShare))} moved` : "";
        e.worked = [
          `${at}: ${bytes(d.egressBytes)}${moved} × 8 / ${groupDigits(String(SECONDS_PER_MONTH))} s / 10^9 × ${own.prices.peakToAverage.toString()} = ${num(d.transitGbps, 6)} Gbps; ${num(d.transitGbps, 6)} Gbps × ${own.prices.transitPerGbpsMonth.toString()} = ${paidText}`,
        ];
      }
      break;
    case "own:Maintenance":
      e.formula = [
        "yearly share / 12 × the capex of the hardware in service (servers, nodes, network gear; refreshed cohorts replace the old)",
      ];
      e.inputs = [input(p, "yearly share", "own.prices.maintenance.yearly")];
      break;
    case "rent:GPU":
      e.formula = ["GPUs(m) × 730 h × price per GPU-hour × (1 − GPU discount) × price trend"];
      e.inputs = [
        input(p, "GPUs in month 1", "workload.gpu.count"),
        input(p, "GPU growth", "workload.gpu.growth", "0%/yr"),
        input(p, "price per GPU-hour", "rent.prices.gpu.gpuHour"),
        ...(p["rent.commitment"]
          ? [input(p, "commitment", "rent.commitment")]
          : [input(p, "GPU discount", "rent.discount.gpu", "0%")]),
      ];
      if (d?.gpus && rent?.prices.gpuPerHour)
        e.worked = [
          `${at}: ${num(d.gpus)} GPUs × ${HOURS_PER_MONTH} h × ${rent.prices.gpuPerHour.toString()} × (1 − ${pct(rent.gpuDiscount)})${trendText(rent.priceTrend)} = ${paidText}`,
        ];
      break;
    case "own:GPU servers":
      e.formula = [
        "GPU servers needed(m) = ceil(GPUs(m) / (GPUs per server × GPU utilization)); bought, refreshed and depreciated like servers",
      ];
      e.inputs = [
        input(p, "GPUs in month 1", "workload.gpu.count"),
        input(p, "GPU growth", "workload.gpu.growth", "0%/yr"),
        input(p, "GPU utilization", "own.gpuUtilization", "100%"),
        input(p, "GPUs per server", "own.prices.gpuServer.gpus"),
        input(p, "price per GPU server", "own.prices.gpuServer.price"),
        ...hardwareTiming,
      ];
      if (own?.prices.gpuServer && d?.gpuServers !== undefined && d.gpus)
        e.worked = fleet(
          `${num(d.gpus)} GPUs`,
          `(${own.prices.gpuServer.gpus.toString()} × ${pct(own.gpuUtilization)})`,
          d.gpus.dividedBy(own.prices.gpuServer.gpus.times(own.gpuUtilization)),
          d.gpuServers,
          "GPU servers",
          own.prices.gpuServer.price,
        );
      break;
    case "own:Residual value (book)":
      e.formula = [
        "the book value still undepreciated at the end of the horizon (salvage values included), credited as cash in the last month; nothing on the P&L",
      ];
      e.inputs = [input(p, "residual", "own.residual")];
      e.worked = [
        `book value at the end: ${money(r.summary.own.residualBookValue)} ${cur}`,
        ...(r.summary.own.loanBalance.isZero()
          ? []
          : [
              `less the loan principal still owed: ${money(r.summary.own.loanBalance)} ${cur}; credited ${money(r.summary.own.residualBookValue.minus(r.summary.own.loanBalance))} ${cur}`,
            ]),
      ];
      break;
    case "own:Staff":
      e.formula = ["FTE × yearly cost per FTE / 12, every month"];
      e.inputs = [input(p, "FTE", "own.staff.fte"), input(p, "cost per FTE", "own.staff.costPerFte")];
      if (scenario.own.staff)
        e.worked = [
          `${scenario.own.staff.fte.toString()} × ${money(scenario.own.staff.costPerFtePerMonth)} a month = ${money(scenario.own.staff.fte.times(scenario.own.staff.costPerFtePerMonth))} ${cur} a month`,
        ];
      break;
    case "own:Cloud burst (compute)":
      e.formula = [
        "burst vCPU(m) = max(0, moved demand(m) − servers × vCPU per server × utilization)",
        "cost = burst vCPU × 730 h × the cloud's on-demand price per vCPU-hour (no discount) × price trend",
      ];
      e.inputs = [
        ...vcpuInputs,
        input(p, "baseline share", "own.baseline.share", undefined),
        input(p, "baseline percentile", "own.baseline.percentile", undefined),
        input(p, "on-demand price per vCPU-hour", "rent.prices.compute.vcpuHour"),
      ].filter((i) => i.origin || i.note !== "not set");
      if (d?.burstVcpu && rent?.prices.computePerVcpuHour)
        e.worked = [
          `${at}: ${num(d.burstVcpu)} burst vCPU × ${HOURS_PER_MONTH} h × ${rent.prices.computePerVcpuHour.toString()}${trendText(rent.priceTrend)} = ${paidText}`,
        ];
      break;
    case "own:Dual running (cloud)":
      e.formula = [
        "share still in the cloud(m) × the rent side's bill(m), less what commitments already bill",
        "share still in the cloud during month k of the move = 1 − (k − 0.5) / duration",
      ];
      e.inputs = [
        input(p, "start", "migration.start", "1"),
        input(p, "duration", "migration.duration", "the data transfer time, in whole months", "derived"),
        input(p, "link", "migration.link"),
      ];
      if (d?.cloudShare && mo) {
        // What the commitments bill this month (their own lines): dual running is the usage above it.
        const committed = sum(
          mo.items.filter((i) => i.side === "own" && i.name.startsWith("Commitment: ")).map((i) => i.cash),
        );
        const gross = d.cloudShare.times(mo.rent);
        e.worked = [
          committed.isZero()
            ? `${at}: ${pct(d.cloudShare)} of ${money(mo.rent)} = ${paidText}`
            : gross.gte(committed)
              ? `${at}: ${pct(d.cloudShare)} of ${money(mo.rent)} − ${money(committed)} committed = ${paidText}`
              : `${at}: ${pct(d.cloudShare)} of ${money(mo.rent)} = ${money(gross)} ${cur}, within the ${money(committed)} ${cur} the commitments bill, so nothing above it: ${paidText}`,
        ];
      }
      break;
    case "own:Migration egress":
      e.formula = [
        "the data moved each month, priced through the rent catalog's egress tiers (unless waived)",
      ];
      e.inputs = [
        input(p, "data", "migration.data", "everything stored in the start month", "derived"),
        input(p, "link", "migration.link"),
        ...tierInputs(p, "rent.prices.egress"),
      ];
      if (d?.migratedBytes) {
        const price = scenario.migration?.egress;
        const tiers = price && tierWorking(price, d.migratedBytes);
        e.worked = [
          tiers && !(ledger.isZero() && !d.migratedBytes.isZero())
            ? `${at}: ${bytes(d.migratedBytes)} moved = ${num(d.migratedBytes.dividedBy(price.unitBytes))} ${price.unitName}; through the tiers ${tiers.terms} = ${through(tiers.list, trendText(scenario.migration?.priceTrend ?? ZERO))}${paidText}`
            : `${at}: ${bytes(d.migratedBytes)} moved; ${d.migratedBytes.isZero() ? "nothing to pay" : "its egress is waived (migration.egressWaiver)"}: ${paidText}`,
        ];
      }
      break;
    default:
      if (name.startsWith("Commitment: ")) {
        const i = (scenario.migration?.commitments ?? []).findIndex((c) => `Commitment: ${c.name}` === name);
        e.formula = ["the committed amount every month from `from` through `until`, whether used or not"];
        e.inputs = ["monthly", "yearly", "from", "until"]
          .filter((k) => p[`migration.commitments[${i}].${k}`])
          .map((k) => input(p, k, `migration.commitments[${i}].${k}`));
      } else if (name.startsWith("Support (")) {
        e.formula = ["the plan's tiered percentage of compute + storage + egress, or its minimum if higher"];
        e.inputs = [input(p, "plan", "rent.support")];
      }
  }
  // Derived hardware on a loan or a lease: how it is paid and what its P&L holds.
  const f = own?.financing;
  if (f && side === "own" && ["Servers", "Storage nodes", "GPU servers", "Network gear"].includes(name)) {
    e.formula.push(...financingFormula(f));
    const terms = Object.keys(p).filter((k) => k.startsWith("own.financing."));
    e.inputs.push(...terms.map((k) => input(p, k.slice("own.financing.".length), k)));
  }
  return e;
}

/** The explanation of a summary figure. */
export function explainFigure(r: Result, figure: (typeof EXPLAINABLE_FIGURES)[number]): Explanation {
  const s = r.summary;
  const cur = r.scenario.currency;
  const e: Explanation = {
    target: figure,
    side: undefined,
    category: undefined,
    formula: [],
    inputs: [],
    worked: [],
    totals: [],
  };
  const year = s.margin.year;
  const y = year === undefined ? undefined : r.years[year - 1];
  switch (figure) {
    case "rentTco":
    case "ownTco": {
      const rent = figure === "rentTco";
      e.formula = [`the ${rent ? "rent" : "own"} side's cash over the horizon: the sum of its ledger rows`];
      e.worked = r.years.map((yr) => `year ${yr.year}: ${money(rent ? yr.rent : yr.ownCash)} ${cur}`);
      e.worked.push(`total: ${money(rent ? s.rent.tco : s.own.tco)} ${cur}`);
      break;
    }
    case "savings":
    case "savingsPct":
      e.formula = ["savings = rent TCO − own TCO; as % of rent TCO = savings / rent TCO × 100"];
      e.worked = [
        `${money(s.rent.tco)} − ${money(s.own.tco)} = ${money(s.savings.total)} ${cur}`,
        `${money(s.savings.total)} / ${money(s.rent.tco)} = ${num(s.savings.pct)}%`,
      ];
      break;
    case "npv":
      e.formula = ["NPV = Σ cash(m) × (1 + r)^(−m/12), each side; savings NPV = rent NPV − own NPV"];
      e.worked = [
        `r = ${pct(r.scenario.discountRate)} a year`,
        `rent ${money(s.rent.npv)} − own ${money(s.own.npv)} = ${money(s.savings.npv)} ${cur}`,
      ];
      break;
    case "breakEvenMonth":
    case "paybackMonths": {
      e.formula = [
        "S(m) = Σ (rent − own) cash up to month m; break-even = the first month from which S stays ≥ 0",
        "payback = (m − 1) + (−S(m−1)) / (S(m) − S(m−1)) at that month, S(0) = 0",
      ];
      const m = s.breakEvenMonth;
      if (m === undefined)
        e.worked = [
          `S never stays ≥ 0: it ends at ${money(r.months[r.months.length - 1]?.cumulativeSavings ?? s.savings.total)} ${cur}`,
        ];
      else {
        const before = m >= 2 ? r.months[m - 2]?.cumulativeSavings : undefined;
        const at = r.months[m - 1]?.cumulativeSavings;
        e.worked = [
          `S(${m - 1}) = ${before ? money(before) : "0.00"}, S(${m}) = ${at ? money(at) : "?"}: break-even month ${m}`,
          before === undefined || before.isZero()
            ? `payback = ${num(s.paybackMonths)} months: S(${m - 1}) is 0, so there is nothing to recover`
            : `payback = ${m - 1} + ${money(before.negated())} / ${at ? money(at.minus(before)) : "?"} = ${num(s.paybackMonths)} months`,
        ];
      }
      break;
    }
    case "grossMarginDeltaPp":
    case "netProfitDelta":
    case "valuationDelta":
      e.formula = [
        "gross-margin change (pp) = savings on the P&L basis / revenue × 100, for the last full year",
        "net-profit change = P&L savings × (1 − tax rate); valuation change = net-profit change × P/E",
      ];
      e.worked = y?.revenue
        ? [
            `year ${y.year}: P&L savings ${money(y.savingsPnl)} / revenue ${money(y.revenue)} × 100 = ${num(y.grossMarginDeltaPp)} pp`,
            `net profit ${num(y.netProfitDelta)} ${cur}; valuation ${num(s.margin.valuationDelta)} ${cur}`,
          ]
        : ["no business figures or no full year: not computed"];
      break;
  }
  return e;
}

/** The explanation as text a person reads. */
export function renderExplanation(e: Explanation, currency: string): string {
  const out: string[] = [];
  out.push(e.side ? `${e.target} (${e.side} side, category ${e.category ?? "?"})` : e.target, "");
  out.push("Formula");
  for (const f of e.formula) out.push(`  ${f}`);
  out.push("");
  if (e.inputs.length > 0) {
    out.push("Inputs");
    const width = e.inputs.reduce((a, i) => Math.max(a, i.label.length), 0);
    const valueWidth = e.inputs.reduce((a, i) => Math.max(a, i.value.length), 0);
    for (const i of e.inputs) {
      const where = i.origin
        ? `${i.origin.file}:${i.origin.line ?? "?"} ${i.origin.field}` +
          (i.origin.catalog
            ? ` (catalog ${i.origin.catalog.name}, as of ${i.origin.catalog.asOf}${i.origin.catalog.estimate ? ", an estimate" : ""}; source: ${i.origin.catalog.source})`
            : "")
        : `(${i.note ?? "default"})`;
      out.push(`  ${i.label.padEnd(width)}  ${i.value.padEnd(valueWidth)}  ${where}`);
    }
    out.push("");
  }
  if (e.worked.length > 0) {
    out.push("Worked");
    for (const w of e.worked) out.push(`  ${w}`);
    out.push("");
  }
  if (e.totals.length > 0) {
    out.push(`Totals (${currency})`);
    for (const t of e.totals)
      out.push(
        `  ${t.label.padEnd(8)}  cash ${money(t.cash).padStart(18)}  P&L ${money(t.pnl).padStart(18)}`,
      );
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** The explanation as JSON (money as decimal strings). */
export function explanationJson(e: Explanation): object {
  return {
    target: e.target,
    side: e.side ?? null,
    category: e.category ?? null,
    formula: e.formula,
    inputs: e.inputs.map((i) => ({
      label: i.label,
      value: i.value,
      file: i.origin?.file ?? null,
      line: i.origin?.line ?? null,
      field: i.origin?.field ?? null,
      catalog: i.origin?.catalog ?? null,
      note: i.note ?? null,
    })),
    worked: e.worked,
    totals: e.totals.map((t) => ({ label: t.label, cash: fixed(t.cash), pnl: fixed(t.pnl) })),
  };
}
