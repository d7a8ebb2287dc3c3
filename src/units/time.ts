/** Hours in a model month (MODEL.md §1), as cloud bills count them. */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/** A catalog price this many years older than the newest price beside it is flagged as stale. */
export const STALE_YEARS = 3;

/** Years (of 365.25 days) from one ISO date to another: price dates compared with each other, never with the clock. */
export function yearsBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / (365.25 * 86_400_000);
}
