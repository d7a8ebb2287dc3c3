import * as z from "zod";
import { Decimal } from "../units/decimal.js";
import { PATTERNS, type Parsed, parseBytes, parseDate, parseNumber } from "../units/quantity.js";
import {
  bool,
  bytes,
  checked,
  currencyCode,
  json,
  leaf,
  list,
  type MoneyContext,
  mapping,
  money,
  nonNegativeNumber,
  percent,
  positiveNumber,
  prose,
  text,
  yearlyRate,
} from "./fields.js";

const ZERO_PCT = new Decimal(0);
const FULL = new Decimal(1);

/** Every price entry may say where it came from; these keys are allowed on each. */
const provenance = {
  source: prose.optional(),
  asOf: leaf(parseDate, { type: "string", pattern: PATTERNS.date }).optional(),
  estimate: bool.optional(),
  notes: prose.optional(),
};

const side = leaf(
  (v): Parsed<"rent" | "own"> =>
    v === "rent" || v === "own"
      ? { ok: true, value: v }
      : { ok: false, problem: `expected rent or own, got ${JSON.stringify(v)}` },
  { type: "string", enum: ["rent", "own"] },
);

/** The part of a catalog read before its prices: who it is, and the currency its prices are in. */
export const catalogHeaderSchema = z.looseObject({
  name: text("a catalog name"),
  side,
  currency: currencyCode,
  asOf: leaf(parseDate, { type: "string", pattern: PATTERNS.date }),
  source: text("a source (URL or document)"),
});

const billingUnit = leaf(
  (v): Parsed<{ name: string; bytes: Decimal }> => {
    const r = typeof v === "string" ? parseBytes(`1 ${v.trim()}`) : undefined;
    return r?.ok
      ? { ok: true, value: { name: String(v).trim(), bytes: r.value } }
      : {
          ok: false,
          problem: `expected the unit prices are quoted per, such as GB (10^9 bytes) or GiB (2^30 bytes), got ${JSON.stringify(v)}`,
        };
  },
  {
    type: "string",
    enum: ["B", "kB", "MB", "GB", "TB", "PB", "EB", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"],
  },
);

function tiered(ctx: MoneyContext, what: string) {
  return mapping(
    {
      unit: billingUnit,
      tiers: list(
        mapping(
          { upTo: bytes("a tier bound").optional(), price: money(ctx, "once") },
          "a tier such as { upTo: 50 TB, price: 0.023 }",
        ),
        "tiers",
      ),
      ...provenance,
    },
    what,
  );
}

/** Named commitment levels `{ <name>: { discount: 28% } }` a scenario picks with `rent.commitment`. */
const commitmentLevels = (example: string) =>
  z
    .record(
      z.string(),
      mapping(
        { discount: percent(ZERO_PCT, FULL, { maxExclusive: true }), ...provenance },
        `a commitment level such as { discount: ${example} }`,
      ),
    )
    .optional();

function rentPrices(ctx: MoneyContext) {
  const plan = mapping(
    {
      minimum: money(ctx, "once"),
      tiers: list(
        mapping(
          { upTo: money(ctx, "once", "positive").optional(), rate: percent(ZERO_PCT, FULL) },
          "a band such as { upTo: 150k, rate: 10% }",
        ),
        "bands",
      ),
    },
    "a support plan with a minimum and tiers",
  );
  return mapping(
    {
      compute: mapping(
        {
          vcpuHour: money(ctx, "once"),
          instance: text("an instance type").optional(),
          commitments: commitmentLevels("28%"),
          ...provenance,
        },
        "a compute price such as { vcpuHour: 0.05 }",
      ).optional(),
      storage: tiered(ctx, "a tiered storage price per unit-month").optional(),
      egress: tiered(ctx, "a tiered egress price per unit").optional(),
      gpu: mapping(
        {
          gpuHour: money(ctx, "once"),
          instance: text("an instance type").optional(),
          commitments: commitmentLevels("45%"),
          ...provenance,
        },
        "a GPU price such as { gpuHour: 3.93, instance: p5.48xlarge }",
      ).optional(),
      bandwidth: mapping(
        { perMbpsMonth: money(ctx, "once"), ...provenance },
        "internet bandwidth bought per Mbps-month, such as { perMbpsMonth: 80 }",
      ).optional(),
      support: mapping(
        { plans: z.record(z.string(), plan), ...provenance },
        "support plans such as { plans: { enterprise: { minimum: 15k, tiers: [...] } } }",
      ).optional(),
      priceTrend: mapping(
        { cloud: yearlyRate, ...provenance },
        "a price trend such as { cloud: -2%/yr }",
      ).optional(),
    },
    "rent prices (compute, storage, egress, gpu, bandwidth, support, priceTrend)",
  );
}

/** The owned hardware a catalog can list: one model (`server:`) or several by name (`servers:`). */
export const HARDWARE = { server: "servers", storageNode: "storageNodes", gpuServer: "gpuServers" } as const;
export type HardwareEntry = keyof typeof HARDWARE;

function hardwareShapes(ctx: MoneyContext) {
  const common = {
    price: money(ctx, "once", "positive"),
    watts: nonNegativeNumber("watts per unit"),
    salvage: percent(ZERO_PCT, FULL).optional(),
    ...provenance,
  };
  return {
    server: {
      model: text("a server model"),
      vcpu: positiveNumber("vCPUs (hardware threads) per server"),
      ...common,
    },
    storageNode: {
      model: text("a storage node model"),
      rawCapacity: bytes("raw capacity per node"),
      ...common,
    },
    gpuServer: { model: text("a GPU server model"), gpus: positiveNumber("GPUs per server"), ...common },
  };
}

const HARDWARE_EXAMPLES: Record<HardwareEntry, string> = {
  server: "a server such as { model: ..., price: 30k, vcpu: 256, watts: 900 }",
  storageNode: "a storage node such as { model: ..., price: 25k, rawCapacity: 1.44 PB, watts: 800 }",
  gpuServer: "a GPU server such as { model: ..., price: 300k, gpus: 8, watts: 10200 }",
};

/** Several models of one kind of hardware, each with a name; the first is the default unless one says default: true. */
function models<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
  return list(
    mapping(
      {
        name: text("a model name, which own.server, own.storageNode or own.gpuServer picks"),
        default: bool.optional(),
        ...shape,
      },
      `${what}, with a name`,
    ),
    "models",
  );
}

function ownPrices(ctx: MoneyContext) {
  const h = hardwareShapes(ctx);
  return mapping(
    {
      server: mapping(h.server, HARDWARE_EXAMPLES.server).optional(),
      servers: models(h.server, HARDWARE_EXAMPLES.server).optional(),
      storageNode: mapping(h.storageNode, HARDWARE_EXAMPLES.storageNode).optional(),
      storageNodes: models(h.storageNode, HARDWARE_EXAMPLES.storageNode).optional(),
      gpuServer: mapping(h.gpuServer, HARDWARE_EXAMPLES.gpuServer).optional(),
      gpuServers: models(h.gpuServer, HARDWARE_EXAMPLES.gpuServer).optional(),
      network: mapping(
        { share: percent(ZERO_PCT, new Decimal(10)), ...provenance },
        "network gear such as { share: 10% }",
      ).optional(),
      space: mapping(
        { perKwMonth: money(ctx, "once"), ...provenance },
        "colocation such as { perKwMonth: 190 }",
      ).optional(),
      energy: mapping(
        {
          pue: leaf(
            checked(
              (v) => parseNumber(v, "a PUE"),
              (d) =>
                d.greaterThanOrEqualTo(1)
                  ? undefined
                  : `expected a PUE (total facility power / IT power) of 1 or more, got ${d.toString()}`,
            ),
            json.number,
          ),
          perKwh: money(ctx, "once"),
          ...provenance,
        },
        "energy such as { pue: 1.4, perKwh: 0.12 }",
      ).optional(),
      transit: mapping(
        {
          perGbpsMonth: money(ctx, "once"),
          peakToAverage: positiveNumber("a peak-to-average ratio").optional(),
          ...provenance,
        },
        "transit such as { perGbpsMonth: 500, peakToAverage: 2 }",
      ).optional(),
      maintenance: mapping(
        { yearly: percent(ZERO_PCT, FULL), ...provenance },
        "maintenance such as { yearly: 5% }",
      ).optional(),
      priceTrend: mapping(
        { hardware: yearlyRate, ...provenance },
        "a price trend such as { hardware: -10%/yr }",
      ).optional(),
    },
    "own prices (server or servers, storageNode or storageNodes, gpuServer or gpuServers, network, space, energy, transit, maintenance, priceTrend)",
  );
}

/** The whole catalog, for one side, with prices converted to the scenario's currency. */
export function catalogSchema(whichSide: "rent" | "own", ctx: MoneyContext) {
  return mapping(
    {
      name: text("a catalog name"),
      side,
      currency: currencyCode,
      asOf: leaf(parseDate, { type: "string", pattern: PATTERNS.date }),
      source: text("a source (URL or document)"),
      description: prose.optional(),
      notes: prose.optional(),
      prices: whichSide === "rent" ? rentPrices(ctx) : ownPrices(ctx),
    },
    "a pricing catalog",
  );
}

export type RentCatalogInput = z.output<ReturnType<typeof rentPrices>>;
export type OwnCatalogInput = z.output<ReturnType<typeof ownPrices>>;
