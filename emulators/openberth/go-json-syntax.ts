/**
 * The syntax half of Go's json.Decoder: reads the first JSON value of a body, or fails with
 * the scanner's own words (`EOF`, `unexpected EOF`, `invalid character 'x' looking for
 * beginning of value`, …). Nothing is decoded when the syntax is wrong.
 */

/** A parsed value; numbers keep their literal so int fields can be checked as Go does. */
export type JsonNode =
  | { t: "str"; v: string }
  | { t: "num"; raw: string }
  | { t: "bool"; v: boolean }
  | { t: "null" }
  | { t: "arr"; items: JsonNode[] }
  | { t: "obj"; entries: [string, JsonNode][] };

type Node = JsonNode;

class SyntaxFailure {
  message: string;
  constructor(message: string) {
    this.message = message;
  }
}

function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const quoted = JSON.stringify(c);
  // strconv.Quote spells control characters \x01 where JSON spells \u0001.
  const inner = quoted.slice(1, -1).replace(/\\u00([0-9a-f]{2})/g, "\\x$1");
  return `'${inner}'`;
}

function invalid(c: string, context: string): SyntaxFailure {
  return new SyntaxFailure(`invalid character ${quoteChar(c)} ${context}`);
}

const UNEXPECTED_EOF = new SyntaxFailure("unexpected EOF");

/** The characters that end a run inside a string literal. */
const SPECIAL = /["\\\u0000-\u001f]/g;

function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

export function parseFirstValue(text: string): { node: Node } | { error: string } {
  let i = 0;
  const peek = (): string | undefined => text[i];
  const skipSpace = () => {
    while (isSpace(text[i])) i++;
  };

  const parseValue = (context: string): Node => {
    const c = peek();
    if (c === undefined) throw UNEXPECTED_EOF;
    if (c === "{") return parseObject();
    if (c === "[") return parseArray();
    if (c === '"') return { t: "str", v: parseString() };
    if (c === "-" || (c >= "0" && c <= "9")) return parseNumber();
    if (c === "t") return parseLiteral("true", { t: "bool", v: true });
    if (c === "f") return parseLiteral("false", { t: "bool", v: false });
    if (c === "n") return parseLiteral("null", { t: "null" });
    throw invalid(c, context);
  };

  const parseLiteral = (word: string, node: Node): Node => {
    for (let k = 0; k < word.length; k++) {
      const c = text[i + k];
      if (c === undefined) throw UNEXPECTED_EOF;
      if (c !== word[k]) throw invalid(c, `in literal ${word} (expecting ${quoteChar(word[k] ?? "")})`);
    }
    i += word.length;
    return node;
  };

  const parseNumber = (): Node => {
    const start = i;
    if (peek() === "-") {
      i++;
      const c = peek();
      if (c === undefined) throw UNEXPECTED_EOF;
      if (!(c >= "0" && c <= "9")) throw invalid(c, "in numeric literal");
    }
    if (peek() === "0") i++;
    else while ((peek() ?? "") >= "0" && (peek() ?? "") <= "9") i++;
    if (peek() === ".") {
      i++;
      const c = peek();
      if (c === undefined) throw UNEXPECTED_EOF;
      if (!(c >= "0" && c <= "9")) throw invalid(c, "after decimal point in numeric literal");
      while ((peek() ?? "") >= "0" && (peek() ?? "") <= "9") i++;
    }
    if (peek() === "e" || peek() === "E") {
      i++;
      if (peek() === "+" || peek() === "-") i++;
      const c = peek();
      if (c === undefined) throw UNEXPECTED_EOF;
      if (!(c >= "0" && c <= "9")) throw invalid(c, "in exponent of numeric literal");
      while ((peek() ?? "") >= "0" && (peek() ?? "") <= "9") i++;
    }
    return { t: "num", raw: text.slice(start, i) };
  };

  const parseString = (): string => {
    i++; // opening quote
    let out = "";
    for (;;) {
      // Copy the run of ordinary characters in one slice (file contents can be megabytes).
      SPECIAL.lastIndex = i;
      const next = SPECIAL.exec(text);
      const stop = next ? next.index : text.length;
      out += text.slice(i, stop);
      i = stop;
      const c = peek();
      if (c === undefined) throw UNEXPECTED_EOF;
      if (c === '"') {
        i++;
        return out;
      }
      if (c < " ") throw invalid(c, "in string literal");
      i++;
      const e = peek();
      if (e === undefined) throw UNEXPECTED_EOF;
      const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
      if (e in simple) {
        out += simple[e];
        i++;
        continue;
      }
      if (e !== "u") throw invalid(e, "in string escape code");
      i++;
      let hex = "";
      for (let k = 0; k < 4; k++) {
        const h = peek();
        if (h === undefined) throw UNEXPECTED_EOF;
        if (!/[0-9a-fA-F]/.test(h)) throw invalid(h, "in \\u hexadecimal character escape");
        hex += h;
        i++;
      }
      out += String.fromCharCode(parseInt(hex, 16));
    }
  };

  /** After a member: `,` means another follows (false), `close` ends the value (true). */
  const closes = (close: "}" | "]", context: string): boolean => {
    skipSpace();
    const next = peek();
    if (next === undefined) throw UNEXPECTED_EOF;
    if (next !== "," && next !== close) throw invalid(next, context);
    i++;
    return next === close;
  };

  const parseObject = (): Node => {
    i++;
    const entries: [string, Node][] = [];
    skipSpace();
    if (peek() === "}") {
      i++;
      return { t: "obj", entries };
    }
    for (;;) {
      skipSpace();
      const c = peek();
      if (c === undefined) throw UNEXPECTED_EOF;
      if (c !== '"') throw invalid(c, "looking for beginning of object key string");
      const key = parseString();
      skipSpace();
      const colon = peek();
      if (colon === undefined) throw UNEXPECTED_EOF;
      if (colon !== ":") throw invalid(colon, "after object key");
      i++;
      skipSpace();
      entries.push([key, parseValue("looking for beginning of value")]);
      if (closes("}", "after object key:value pair")) return { t: "obj", entries };
    }
  };

  const parseArray = (): Node => {
    i++;
    const items: Node[] = [];
    skipSpace();
    if (peek() === "]") {
      i++;
      return { t: "arr", items };
    }
    for (;;) {
      skipSpace();
      items.push(parseValue("looking for beginning of value"));
      if (closes("]", "after array element")) return { t: "arr", items };
    }
  };

  skipSpace();
  if (i >= text.length) return { error: "EOF" };
  try {
    const node = parseValue("looking for beginning of value");
    if (node.t !== "obj" && node.t !== "arr") {
      // A top-level scalar only ends at the next byte: whitespace or EOF ends it, anything
      // else is rejected. (An object or array ends at its closing bracket.)
      const c = peek();
      if (c !== undefined && !isSpace(c)) throw invalid(c, "after top-level value");
    }
    return { node };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { error: error.message };
    throw error;
  }
}
