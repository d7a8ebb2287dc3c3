/**
 * The category of a line item that names none (docs/scenario.md, "Categories"): the first rule
 * whose words appear in the item's name (any case), so a capex "Servers" is compute like the
 * servers a catalog prices; else capex is hardware, a rent item is the cloud, an own item other. A `category:` written on the item always wins.
 */
const RULES: [RegExp, string][] = [
  [/migrat|dual[- ]running|exit fee/i, "migration"],
  [/egress|data transfer|bandwidth out/i, "egress"],
  [/transit|bandwidth|network|switch|router|cdn|peering|cross[- ]connect/i, "network"],
  [
    /colo(cation)?\b|colocation|rack|cage|space|power|energy|electric|data ?cent(er|re)|facility/i,
    "facility",
  ],
  [/staff|salar|payroll|engineer|people|team|hire|headcount|\bsre\b|\bops\b|fte/i, "staff"],
  [/support/i, "support"],
  [/maint|warrant|spares|repair/i, "maintenance"],
  [/licen[cs]e|software|subscription|saas/i, "software"],
  [/gpu|accelerator/i, "gpu"],
  [/storage|disk|drive|\bs3\b|object store|backup/i, "storage"],
  [/server|compute|\bvm\b|instance|\bec2\b|cpu|hardware/i, "compute"],
];

export function inferCategory(name: string, side: "rent" | "own", capex: boolean): string {
  for (const [words, category] of RULES) if (words.test(name)) return category;
  if (capex) return "hardware";
  return side === "rent" ? "cloud" : "other";
}
