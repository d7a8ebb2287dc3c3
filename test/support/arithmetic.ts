import { Decimal } from "../../src/units/decimal.js";

/**
 * Checks the equations `explain` prints as plain arithmetic: "a × b / (c × d%) = x = y …".
 * Numbers may carry units (bytes in decimal or binary units, converted; kW, h, s, vCPU, Gbps and
 * the like count as plain numbers), words between them are read as nothing, `of` before a number as ×. A shown
 * number is rounded, so an equation holds when both sides agree within what the rounding of
 * every number in it can explain. Statements this reader cannot parse (algebra with letters)
 * are returned as skipped, never as holding.
 */

const BYTES: Record<string, number> = {
  B: 1,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  PB: 1e15,
  EB: 1e18,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
};

/** A value and the relative error its shown digits allow. */
interface Value {
  v: Decimal;
  rel: Decimal;
}

type Token = { kind: "num"; value: Value } | { kind: "op"; op: string };

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = [];
  const re =
    /\s*(?:(10\^\d+)|(-?\d[\d,]*(?:\.\d+)?)(?:\^([−-]?\d+))?(?:\s*(%|[kMGTPE]?i?B\b))?|([×/+−()])|(of)(?=\s+\d)|([A-Za-z][\w-]*|[^\s\d×/+−()]))/y;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) return undefined;
    at = re.lastIndex;
    if (m[1] !== undefined) {
      tokens.push({
        kind: "num",
        value: { v: new Decimal(10).pow(Number(m[1].slice(3))), rel: new Decimal(0) },
      });
    } else if (m[2] !== undefined) {
      const digits = m[2].replace(/,/g, "");
      const decimals = digits.includes(".") ? (digits.split(".")[1] as string).length : 0;
      let v = new Decimal(digits);
      const half = new Decimal(5).times(new Decimal(10).pow(-(decimals + 1)));
      // A whole number is exact (a count, 730 hours, 8 bits); a decimal is good to half its last digit.
      let rel = v.isZero() || decimals === 0 ? new Decimal(0) : half.dividedBy(v.abs());
      const unit = m[4];
      // 1.005^−36: the power of the number as written (its shown digits' error grows with it)
      if (m[3] !== undefined) {
        const k = Number(m[3].replace("−", "-"));
        v = v.pow(k);
        rel = rel.times(Math.abs(k));
      }
      if (unit === "%") v = v.dividedBy(100);
      else if (unit !== undefined) {
        const factor = BYTES[unit];
        if (factor === undefined) return undefined;
        v = v.times(factor);
      }
      if (v.isZero()) rel = new Decimal(0);
      tokens.push({ kind: "num", value: { v, rel } });
    } else if (m[5] !== undefined) tokens.push({ kind: "op", op: m[5] });
    else if (m[6] !== undefined) tokens.push({ kind: "op", op: "×" });
    // words and punctuation are read as nothing
  }
  return tokens;
}

/** Evaluates + − × / and parentheses; undefined when an operand is missing. */
function evaluate(tokens: Token[], partial = false): Value | undefined {
  let i = 0;
  const primary = (): Value | undefined => {
    const t = tokens[i];
    if (!t) return undefined;
    if (t.kind === "num") {
      i++;
      return t.value;
    }
    if (t.op === "(") {
      i++;
      const v = sum();
      if (tokens[i]?.kind !== "op" || (tokens[i] as { op: string }).op !== ")") return undefined;
      i++;
      return v;
    }
    return undefined;
  };
  const product = (): Value | undefined => {
    let left = primary();
    while (left) {
      const t = tokens[i];
      if (t?.kind !== "op" || (t.op !== "×" && t.op !== "/")) break;
      i++;
      const right = primary();
      if (!right) return undefined;
      left =
        t.op === "×"
          ? { v: left.v.times(right.v), rel: left.rel.plus(right.rel) }
          : { v: left.v.dividedBy(right.v), rel: left.rel.plus(right.rel) };
    }
    return left;
  };
  const sum = (): Value | undefined => {
    let left = product();
    while (left) {
      const t = tokens[i];
      if (t?.kind !== "op" || (t.op !== "+" && t.op !== "−")) break;
      i++;
      const right = product();
      if (!right) return undefined;
      const v = t.op === "+" ? left.v.plus(right.v) : left.v.minus(right.v);
      // absolute errors add
      const abs = left.v.abs().times(left.rel).plus(right.v.abs().times(right.rel));
      left = { v, rel: v.isZero() ? abs : abs.dividedBy(v.abs()) };
    }
    return left;
  };
  const v = sum();
  // The last side may run on into prose with numbers ("36,506.32 USD a month for 36 months").
  return i === tokens.length || (partial && tokens[i]?.kind === "num") ? v : undefined;
}

export interface Checked {
  statement: string;
  holds: boolean;
  left?: string;
  right?: string;
}

/** Every "x = y" in a worked line, checked; statements that cannot be read come back as skipped. */
export function checkWorked(line: string): { checked: Checked[]; skipped: string[] } {
  const checked: Checked[] = [];
  const skipped: string[] = [];
  const body = line.replace(/^((paid in )?month|year) \d+: /, "");
  // Statements end at "; ", at ": " and at ", " before a word ("… = 6,000.00 USD, principal …"),
  // outside parentheses.
  const statements: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (
      depth === 0 &&
      (c === ";" || c === ":" || (c === "," && /^ [A-Za-z]/.test(body.slice(i + 1, i + 3)))) &&
      body[i + 1] === " "
    ) {
      statements.push(body.slice(start, i));
      start = i + 2;
    }
  }
  statements.push(body.slice(start));
  for (const statement of statements) {
    // "19.53 → 20 nodes": the value before the arrow is the equation's; what follows is a rounding.
    const sides = statement
      .split(" = ")
      .map((s) => s.split(" → ")[0] as string)
      // a closing note in parentheses after the last figure is prose
      .map((s, k, all) =>
        k === all.length - 1 ? s.replace(/\s\((with|the|rounded|never)[^)]*\)?.*$/, "") : s,
      );
    // "payback = 19 + …": a name before the first "=" is a label, not a side.
    if (sides.length > 0 && /^(?:[^\d]*|[A-Za-z]\(\d+\))$/.test((sides[0] as string).trim())) sides.shift();
    if (sides.length < 2) continue;
    const values = sides.map((s, k) => {
      const t = tokenize(s);
      return t && t.length > 0 ? evaluate(t, k === sides.length - 1) : undefined;
    });
    if (values.some((v) => v === undefined)) {
      skipped.push(statement);
      continue;
    }
    for (let k = 0; k + 1 < values.length; k++) {
      const a = values[k] as Value;
      const b = values[k + 1] as Value;
      const tolerance = a.v
        .abs()
        .times(a.rel)
        .plus(b.v.abs().times(b.rel))
        .plus(new Decimal("1e-9").times(a.v.abs()));
      checked.push({
        statement,
        holds: a.v.minus(b.v).abs().lte(tolerance),
        left: a.v.toString(),
        right: b.v.toString(),
      });
    }
  }
  return { checked, skipped };
}
