/**
 * One place that makes text from inputs (scenario and item names, catalog sources, YAML keys,
 * file names) safe where people read it. See docs/exports.md, "Text from your files".
 */

/**
 * Characters that change what a terminal shows or how text runs instead of being shown: C0
 * controls but the newline (ESC sequences, OSC title changes, BEL, clear-screen, NUL, CR), DEL, C1
 * controls, bidirectional overrides and isolates, zero-width characters, line and paragraph
 * separators, and the byte-order mark.
 */
const UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Terminal and stderr text with every unsafe character written as a visible escape (\x1b, \u{202e}). */
export function visible(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const n = c.codePointAt(0) ?? 0;
    return n < 0x100 ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u{${n.toString(16)}}`;
  });
}

/**
 * User-written text made inert in Markdown (a pull-request comment): line breaks of every kind
 * become spaces, so no heading, rule, list or table row can start; Markdown and HTML punctuation
 * and table pipes are backslash-escaped; `@` gets a zero-width space after it (as an entity) so
 * that no user or team is mentioned.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?|[\n\u2028\u2029]/g, " ")
    .replace(/[\\`*_[\]<>|#~!&]/g, (c) => `\\${c}`)
    .replace(/@/g, "@&#8203;");
}

/** Text as a Markdown code span: a fence longer than any run of backticks inside, on one line. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n?|[\n\u2028\u2029]/g, " ");
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = "`".repeat(longest + 1);
  const pad = /^[ `]|[ `]$/.test(flat) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}
