/** The exit codes of MODEL.md §6. */
export const EXIT = {
  ok: 0,
  gateFailed: 1,
  badInput: 2,
  internal: 3,
} as const;

/** Wrong usage of the command line (an unknown format, a missing file argument): exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A whole-number flag such as `--runs` or `--seed`, between `min` and `max`; exit 2 otherwise. */
export function wholeNumberOption(
  flag: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  // Decimal digits only: Number() would also take "0x10" (16), "1e3", " 7" and "" (0).
  const n = text === undefined ? fallback : /^[0-9]{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return n;
}

/** `--seed`: any 32-bit unsigned whole number, 1 by default. */
export const seedOption = (text: string | undefined) => wholeNumberOption("--seed", text, 1, 0, 2 ** 32 - 1);
