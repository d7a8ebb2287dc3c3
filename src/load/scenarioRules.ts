import { BUSINESS_GATE_METRICS, SAMPLED_GATE_METRICS } from "../model/scenario.js";
import { ZERO } from "../units/decimal.js";
import { grown } from "../units/growth.js";
import { SECONDS_PER_MONTH } from "../units/time.js";
import type { Sides } from "./derivedSides.js";
import { BOUND_KEYS, type Bounds } from "./scenarioGates.js";
import type { ItemInput, ScenarioInput } from "./scenarioSchema.js";

// The cross-field rules of a scenario: what its schema alone cannot say (docs/scenario.md).
// Split out of loadScenario.ts (issue 14).
/** A problem found by a cross-field rule: a path in the scenario and what is wrong there. */
export interface RuleProblem {
  path: readonly PropertyKey[];
  message: string;
  at?: "key" | "value";
}

export function rules(input: ScenarioInput): RuleProblem[] {
  const business: RuleProblem[] =
    input.business?.peMultiple !== undefined && input.business.valuation !== undefined
      ? [
          {
            path: ["business", "valuation"],
            message:
              "give peMultiple or valuation, not both: peMultiple: 20 is valuation: { multiple: 20, of: netProfit }",
            at: "key",
          },
        ]
      : [];
  return [...itemRules(input), ...sideRules(input), ...gateRules(input), ...business];
}

/** Items on one side at most: far beyond any real bill, small enough to compute a 50-year ledger fast. */
export const MAX_ITEMS = 1000;

function itemRules(input: ScenarioInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  const lists: [string, readonly PropertyKey[], readonly ItemInput[]][] = [
    ["rent", ["rent", "items"], input.rent.items ?? []],
    ["own", ["own", "items"], input.own.items ?? []],
    ["the migration", ["migration", "items"], input.migration?.items ?? []],
  ];
  for (const [side, prefix, items] of lists) {
    if (items.length > MAX_ITEMS)
      out.push({
        path: prefix,
        message: `${items.length} items; at most ${MAX_ITEMS} on a side (group small costs into one item)`,
      });
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const at = (key?: string): readonly PropertyKey[] => (key ? [...prefix, i, key] : [...prefix, i]);
      const kinds = (["monthly", "yearly", "capex"] as const).filter((k) => item[k] !== undefined);
      if (kinds.length === 0)
        out.push({ path: at(), message: "an item needs one of monthly, yearly or capex" });
      if (kinds.length > 1)
        out.push({
          path: at(kinds[1]),
          message: `an item is one kind: it has both ${kinds[0]} and ${kinds[1]}; split it into two items`,
          at: "key",
        });
      if (kinds.length > 1) {
        // One message is enough: what else is wrong depends on which kind was meant.
      } else if (item.capex !== undefined) {
        if (item.lifetime === undefined)
          out.push({
            path: at(),
            message: "a capex item needs a lifetime to depreciate over, such as lifetime: 5y",
          });
        for (const key of ["from", "to"] as const)
          if (item[key] !== undefined)
            out.push({
              path: at(key),
              message: `${key} applies to monthly and yearly items; a capex item is paid in its month`,
              at: "key",
            });
        if (item.financing && Boolean(item.financing.loan) === Boolean(item.financing.lease))
          out.push({
            path: at("financing"),
            message:
              "financing is a loan or a lease: give one, such as { loan: { rate: 6%/yr, term: 36mo } }",
          });
        if (item.growth !== undefined)
          out.push({
            path: at("growth"),
            message:
              "growth applies to monthly and yearly items; a capex item is one price, paid in its month",
            at: "key",
          });
        if (item.month !== undefined && item.month > input.horizon)
          out.push({
            path: at("month"),
            message: `month ${item.month} is after the horizon (${input.horizon} months)`,
          });
      } else {
        for (const key of ["lifetime", "month", "refresh", "salvage", "financing"] as const)
          if (item[key] !== undefined)
            out.push({ path: at(key), message: `${key} applies only to capex items`, at: "key" });
        if (item.from !== undefined && item.to !== undefined && item.from > item.to)
          out.push({
            path: at("to"),
            message: `the last month (${item.to}) is before the first (${item.from})`,
          });
      }
      const previous = seen.get(item.name);
      if (previous !== undefined)
        out.push({
          path: at("name"),
          message: `${side} already has an item named ${JSON.stringify(item.name)} (item ${previous + 1}); names must be unique on a side`,
        });
      else seen.set(item.name, i);
    });
  }
  return out;
}

function sideRules(input: ScenarioInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  const { rent, own, workload } = input;
  const onlyWithCatalog = (side: Sides, keys: readonly string[]) => {
    if (input[side].catalog !== undefined) return;
    for (const key of keys)
      if ((input[side] as Record<string, unknown>)[key] !== undefined)
        out.push({
          path: [side, key],
          message: `${key} applies only when ${side}.catalog prices the workload`,
          at: "key",
        });
  };
  onlyWithCatalog("rent", ["prices", "discount", "support", "commitment", "egressBilling", "priceTrend"]);
  onlyWithCatalog("own", [
    "prices",
    "server",
    "storageNode",
    "gpuServer",
    "utilization",
    "redundancy",
    "fillRatio",
    "lifetime",
    "leadTime",
    "refresh",
    "financing",
    "gpuUtilization",
  ]);
  if (own.financing && Boolean(own.financing.loan) === Boolean(own.financing.lease))
    out.push({
      path: ["own", "financing"],
      message: "financing is a loan or a lease: give one, such as { loan: { rate: 6%/yr, term: 36mo } }",
    });
  if (own.strategy === "hybrid") {
    if (own.baseline === undefined)
      out.push({
        path: ["own", "strategy"],
        message: "strategy: hybrid needs own.baseline, such as baseline: { share: 70% }",
      });
    if (own.catalog === undefined || !workload?.compute)
      out.push({
        path: ["own", "strategy"],
        message:
          "strategy: hybrid sizes owned servers for part of workload.compute; it needs own.catalog and workload.compute",
      });
    if (rent.catalog === undefined)
      out.push({
        path: ["own", "strategy"],
        message:
          "strategy: hybrid buys the burst at the cloud's on-demand compute price; it needs rent.catalog",
      });
  } else if (own.baseline !== undefined) {
    out.push({
      path: ["own", "baseline"],
      message: "baseline applies only with strategy: hybrid",
      at: "key",
    });
  }
  const b = own.baseline;
  if (b && (b.share === undefined) === (b.percentile === undefined))
    out.push({
      path: ["own", "baseline"],
      message: "a baseline is either a share or a percentile, such as { share: 70% } or { percentile: 50 }",
    });
  for (const x of migrationRules(input)) out.push(x);
  const hasWorkload = workload && (workload.compute || workload.storage || workload.egress || workload.gpu);
  if (hasWorkload && rent.catalog === undefined && own.catalog === undefined)
    out.push({
      path: ["workload"],
      message: "the workload is priced by a catalog, but neither rent.catalog nor own.catalog names one",
      at: "key",
    });
  for (const side of ["rent", "own"] as const)
    if (input[side].catalog !== undefined && !hasWorkload)
      out.push({
        path: [side, "catalog"],
        message: `a catalog prices the workload, but the scenario has no workload (compute, storage, egress or gpu)`,
      });
  const ownHasCosts = own.catalog !== undefined || (own.items ?? []).length > 0 || own.staff !== undefined;
  const rentHasCosts = rent.catalog !== undefined || (rent.items ?? []).length > 0;
  if (!rentHasCosts)
    out.push({
      path: ["rent"],
      message: "the rent side has no costs: give it items or a catalog",
      at: "key",
    });
  if (!ownHasCosts)
    out.push({
      path: ["own"],
      message: "the own side has no costs: give it items, staff or a catalog",
      at: "key",
    });
  return out;
}

function migrationRules(input: ScenarioInput): RuleProblem[] {
  const m = input.migration;
  if (!m) return [];
  const out: RuleProblem[] = [];
  const start = m.start ?? 1;
  if (start > input.horizon)
    out.push({
      path: ["migration", "start"],
      message: `month ${start} is after the horizon (${input.horizon} months)`,
    });
  const stored = input.workload?.storage;
  const data = m.data ?? (stored && grown({ atMonth1: stored.stored, growth: stored.growth ?? ZERO }, start));
  const moves = data !== undefined && !data.isZero();
  if (m.egressWaiver !== true && input.rent.catalog === undefined && moves)
    out.push({
      path: ["migration"],
      message:
        "the data moved out is priced at the cloud's egress tiers; add rent.catalog, or declare egressWaiver: true",
      at: "key",
    });
  if (moves && m.link === undefined)
    out.push({
      path: ["migration"],
      message: `migration.link is required to move ${m.data !== undefined ? "migration.data" : "the data stored"}: give the link's speed, such as link: 10 Gbps (or data: 0 when nothing moves)`,
      at: "key",
    });
  if (data && m.link !== undefined && m.duration !== undefined) {
    const transfer = data.times(8).dividedBy(m.link).dividedBy(SECONDS_PER_MONTH);
    if (transfer.greaterThan(m.duration))
      out.push({
        path: ["migration", "duration"],
        message: `services cannot finish moving in ${m.duration} months: the data takes ${transfer.toDecimalPlaces(2).toString()} months over the link; make the duration at least ${transfer.ceil().toString()} months or the link faster`,
      });
  }
  (m.commitments ?? []).forEach((c, i) => {
    const at = (key?: string): readonly PropertyKey[] =>
      key ? ["migration", "commitments", i, key] : ["migration", "commitments", i];
    if (c.schedule) {
      for (const key of ["monthly", "yearly", "until"] as const)
        if (c[key] !== undefined)
          out.push({
            path: at(key),
            message: `${key} goes in the schedule's steps when a commitment rolls off`,
            at: "key",
          });
      let previous = (c.from ?? 1) - 1;
      c.schedule.forEach((x, k) => {
        if ((x.monthly === undefined) === (x.yearly === undefined))
          out.push({ path: [...at("schedule"), k], message: "a step bills either monthly or yearly" });
        if (x.until <= previous)
          out.push({
            path: [...at("schedule"), k, "until"],
            message: `each step must end after the one before (month ${previous}), got ${x.until}`,
          });
        previous = x.until;
      });
    } else {
      if ((c.monthly === undefined) === (c.yearly === undefined))
        out.push({ path: at(), message: "a commitment bills either monthly or yearly" });
      if (c.until === undefined)
        out.push({ path: at(), message: "a commitment needs until: the last month billed", at: "key" });
      else if (c.from !== undefined && c.until < c.from)
        out.push({
          path: at("until"),
          message: `the last month (${c.until}) is before the first (${c.from})`,
        });
    }
  });
  return out;
}

function gateRules(input: ScenarioInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  for (const [metric, bounds] of Object.entries(input.gates ?? {})) {
    const none = (b: Bounds | undefined) => !b || BOUND_KEYS.every((k) => b[k] === undefined);
    if (bounds && none(bounds) && none(bounds.warn) && !bounds.p10 && !bounds.p50 && !bounds.p90)
      out.push({
        path: ["gates", metric],
        message:
          "a gate needs a bound: min, max, maxIncreasePct or maxDecreasePct (or under warn:), such as { max: 24 }",
      });
    for (const p of ["p10", "p50", "p90"] as const) {
      const pb = bounds?.[p];
      if (!pb) continue;
      if (!(SAMPLED_GATE_METRICS as readonly string[]).includes(metric))
        out.push({
          path: ["gates", metric, p],
          message: `the simulation does not sample ${metric}; percentile gates go on ${SAMPLED_GATE_METRICS.join(", ")}`,
          at: "key",
        });
    }
    if ((BUSINESS_GATE_METRICS as readonly string[]).includes(metric) && !input.business)
      out.push({
        path: ["gates", metric],
        message: `the ${metric} gate needs business figures (business: revenue, taxRate)`,
        at: "key",
      });
  }
  return out;
}
