import { validateCatalogFile } from "../load/loadCatalog.js";
import { loadScenario } from "../load/loadScenario.js";
import { InputError, type Problem } from "../load/problems.js";
import { checkRangeEnds } from "../load/uncertainty.js";
import { readYamlFile } from "../load/yamlSource.js";
import type { CommandOutput } from "./calc.js";
import { EXIT } from "./errors.js";

export interface ValidateOptions {
  pricing?: string[];
}

/** A YAML file whose top level has `side` and `prices` is a catalog; anything else a scenario. */
function isCatalog(file: string): boolean {
  const value = readYamlFile(file).value;
  return typeof value === "object" && value !== null && "side" in value && "prices" in value;
}

/**
 * `repatriate validate FILE...`: checks scenarios (with the catalogs they name) and catalogs
 * without computing anything. Every problem in every file is reported; exit 2 if there is one.
 */
export function runValidate(files: readonly string[], options: ValidateOptions): CommandOutput {
  const problems: Problem[] = [];
  const ok: string[] = [];
  for (const file of files) {
    try {
      if (isCatalog(file)) {
        const c = validateCatalogFile(file);
        ok.push(`ok  ${file}  (${c.side} catalog ${c.name}, ${c.currency}, as of ${c.asOf})`);
      } else {
        const l = loadScenario(file, { pricingDirs: options.pricing ?? [] });
        const catalogs = l.catalogs;
        // A range must be drawable everywhere: simulate and sensitivity will use its ends.
        checkRangeEnds(l.uncertain, l.variant);
        ok.push(
          `ok  ${file}  (scenario${catalogs.length ? `; catalogs ${catalogs.map((c) => c.name).join(", ")}` : ""})`,
        );
      }
    } catch (e) {
      if (e instanceof InputError) for (const x of e.problems) problems.push(x);
      else throw e;
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return { stdout: `${ok.join("\n")}\n`, exitCode: EXIT.ok };
}
