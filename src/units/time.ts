/** Hours in a model month (MODEL.md §1), as cloud bills count them. */
export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
