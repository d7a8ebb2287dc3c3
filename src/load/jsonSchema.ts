import * as z from "zod";
import { Decimal } from "../units/decimal.js";
import { catalogSchema } from "./catalogSchema.js";
import type { MoneyContext } from "./fields.js";
import { scenarioSchema } from "./scenarioSchema.js";

// The schemas convert money as they read; for describing the format any rate will do.
const DESCRIBE: MoneyContext = {
  defaultCurrency: "USD",
  scenarioCurrency: "USD",
  rate: () => new Decimal(1),
};

/** A range standing for a number: triangular, uniform, normal or lognormal. */
const RANGE = {
  type: "object",
  properties: Object.fromEntries(
    ["low", "mode", "high", "mean", "sd", "median", "p90"].map((k) => [k, { type: ["number", "string"] }]),
  ),
  additionalProperties: false,
  anyOf: [{ required: ["low", "high"] }, { required: ["mean", "sd"] }, { required: ["median", "p90"] }],
};
RANGE.properties.dist = { enum: ["triangular", "uniform", "normal", "lognormal"] } as never;

function toJsonSchema(schema: z.ZodType, id: string, title: string): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const meta = z.globalRegistry.get(ctx.zodSchema) as
        | { jsonSchema?: Record<string, unknown> }
        | undefined;
      const target = ctx.jsonSchema as Record<string, unknown>;
      delete target.jsonSchema;
      if (!meta?.jsonSchema) return;
      const { "x-rangeable": rangeable, ...fragment } = meta.jsonSchema;
      // A number may also be written as a range (docs/uncertainty.md).
      Object.assign(target, rangeable ? { anyOf: [fragment, RANGE] } : fragment);
    },
  }) as Record<string, unknown>;
  return { $schema: generated.$schema, $id: id, title, ...generated };
}

/** The JSON Schema (draft 2020-12) of the scenario format, for editors (yaml-language-server). */
export function scenarioJsonSchema(): Record<string, unknown> {
  return toJsonSchema(
    scenarioSchema(DESCRIBE),
    "https://repatriate.dev/schema/scenario-v1.json",
    "repatriate scenario (version 1)",
  );
}

/** The JSON Schema of the pricing catalog format (a rent or an own catalog). */
export function catalogJsonSchema(): Record<string, unknown> {
  return toJsonSchema(
    z.union([catalogSchema("rent", DESCRIBE), catalogSchema("own", DESCRIBE)]),
    "https://repatriate.dev/schema/catalog-v1.json",
    "repatriate pricing catalog",
  );
}
