// Bundled in place of string-width (src/build/bundle.ts). cli-table3 measures every cell and every
// border line with it, and string-width strips ANSI codes and matches emoji with a very large
// regular expression made anew on every call: about 4 ms of a calc's start. Printable ASCII and the
// box-drawing and block characters (U+2500-U+259F: table borders, chart bars) have no escape codes,
// emoji, wide or zero-width characters, so such text is as wide as it is long; any other text
// goes to string-width itself.
"use strict";
const stringWidth = require("string-width");

const NARROW = /^[\x20-\x7e\u2500-\u259f]*$/;

const width = (text) => (typeof text === "string" && NARROW.test(text) ? text.length : stringWidth(text));

module.exports = width;
module.exports.default = width;
