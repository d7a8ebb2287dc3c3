/** Where one input value came from: a file, a line, and for a catalog price its source and date. */
export interface Origin {
  file: string;
  line: number | undefined;
  /** The field's path in its file: `workload.compute.vcpu`, `prices.server.price`. */
  field: string;
  /** The value exactly as written there. */
  written: string;
  /** For catalog prices: which catalog, as of when, and the price's (or else the catalog's) source. */
  catalog?: { name: string; asOf: string; source: string; estimate: boolean } | undefined;
}

/**
 * Origins keyed by the scenario's own paths: `workload.compute.vcpu`, `own.utilization`, and
 * catalog prices as a scenario would override them: `own.prices.server.price`.
 */
export type Provenance = Readonly<Record<string, Origin>>;
