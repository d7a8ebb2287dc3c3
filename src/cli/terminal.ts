// The terminal's width, read by every command line's start: kept free of imports so that knowing
// it loads nothing (the fitting itself is in report/fit.ts, loaded with the command).

/** The width to fit: COLUMNS when set, else the terminal's (80 when it does not say); undefined for a pipe or a file. */
export function terminalWidth(
  env: NodeJS.ProcessEnv,
  stdout: { isTTY?: boolean; columns?: number },
): number | undefined {
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns >= 40) return columns;
  if (stdout.isTTY) return stdout.columns && stdout.columns >= 40 ? stdout.columns : 80;
  return undefined;
}
