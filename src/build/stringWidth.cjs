// Bundled in place of string-width (src/build/bundle.ts). cli-table3 measures every cell with it, and
// string-width strips ANSI codes and matches emoji with a very large regular expression made anew
// on every call: about 4 ms of a calc's start. Printable ASCII has no escape codes, emoji, wide or
// zero-width characters, so its width is its length; any other text goes to string-width itself.
"use strict";
const stringWidth = require("string-width");

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

const width = (text) => (typeof text === "string" && PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text));

module.exports = width;
module.exports.default = width;
