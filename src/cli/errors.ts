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
