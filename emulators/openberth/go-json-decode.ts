/**
 * Decodes request bodies the way OpenBerth's `json.NewDecoder(r.Body).Decode(&v)` does, so
 * clients see the same `Invalid JSON: <decoder text>` messages the Go server sends:
 *
 * - the first JSON value is read; anything after a complete object or array is ignored;
 * - an empty body gives `EOF`, a body cut short gives `unexpected EOF`, bad syntax gives the
 *   scanner's `invalid character 'x' …` text (and nothing is decoded);
 * - a value of the wrong type gives `json: cannot unmarshal <kind> into Go struct field
 *   <Struct>.<path> of type <type>`, but decoding carries on and the first such error is
 *   returned along with everything that did decode (Go keeps the other fields);
 * - object keys match struct fields exactly first, then case-insensitively; unknown keys are
 *   ignored; `null` leaves a field at its zero value (and sets pointers, maps, slices to nil).
 */
import { type JsonNode as Node, parseFirstValue } from "./go-json-syntax.ts";

export type GoType =
  | "string"
  | "int"
  | "bool"
  | { kind: "slice"; elem: GoType }
  | { kind: "map"; elem: GoType }
  | { kind: "ptr"; elem: GoType }
  | GoStruct;

export interface GoStruct {
  kind: "struct";
  /** What reflect's Type.Name() gives: "" for an anonymous struct. */
  name: string;
  /** What reflect's Type.String() gives, e.g. "httphandler.CodeDeployRequest". Derived when omitted. */
  typeString?: string;
  fields: GoField[];
}

export interface GoField {
  json: string;
  /** The Go field name, only used to spell anonymous struct types in messages. */
  go: string;
  type: GoType;
  tagOptions?: string;
}

export type Decoded = string | number | boolean | null | Decoded[] | { [key: string]: Decoded };

export interface DecodeResult<T> {
  value: T;
  /** Go's err.Error() text, or null when Decode succeeded. */
  error: string | null;
}

export function slice(elem: GoType): GoType {
  return { kind: "slice", elem };
}
export function map(elem: GoType): GoType {
  return { kind: "map", elem };
}
export function ptr(elem: GoType): GoType {
  return { kind: "ptr", elem };
}
/** A struct field whose Go name is the JSON name with its first letter upper-cased. */
export function field(json: string, type: GoType, go?: string, tagOptions?: string): GoField {
  return { json, type, go: go ?? json.charAt(0).toUpperCase() + json.slice(1), tagOptions };
}

export function decodeGoJson<T>(body: string, type: GoType): DecodeResult<T> {
  const parsed = parseFirstValue(body);
  if ("error" in parsed) return { value: zeroValue(type) as T, error: parsed.error };
  const state: { error: string | null } = { error: null };
  const value = unmarshal(parsed.node, type, zeroValue(type), state, { struct: null, path: [] });
  return { value: value as T, error: state.error };
}

export function goTypeString(type: GoType): string {
  if (typeof type === "string") return type;
  switch (type.kind) {
    case "slice":
      return `[]${goTypeString(type.elem)}`;
    case "map":
      return `map[string]${goTypeString(type.elem)}`;
    case "ptr":
      return `*${goTypeString(type.elem)}`;
    case "struct": {
      if (type.typeString) return type.typeString;
      const parts = type.fields.map((f) => {
        const tag = `json:"${f.json}${f.tagOptions ? `,${f.tagOptions}` : ""}"`;
        return `${f.go} ${goTypeString(f.type)} ${JSON.stringify(tag)}`;
      });
      return `struct { ${parts.join("; ")} }`;
    }
  }
}

function zeroValue(type: GoType): Decoded {
  if (type === "string") return "";
  if (type === "int") return 0;
  if (type === "bool") return false;
  if (type.kind === "struct") {
    const out: { [key: string]: Decoded } = {};
    for (const f of type.fields) out[f.json] = zeroValue(f.type);
    return out;
  }
  return null;
}

interface ErrorContext {
  struct: GoStruct | null;
  path: string[];
}

function kindOf(node: Node): string {
  switch (node.t) {
    case "str":
      return "string";
    case "num":
      return "number";
    case "bool":
      return "bool";
    case "arr":
      return "array";
    case "obj":
      return "object";
    case "null":
      return "null";
  }
}

function typeError(state: { error: string | null }, value: string, type: GoType, ctx: ErrorContext): void {
  if (state.error !== null) return;
  const typeName = goTypeString(type);
  state.error =
    ctx.struct !== null || ctx.path.length > 0
      ? `json: cannot unmarshal ${value} into Go struct field ${ctx.struct?.name ?? ""}.${ctx.path.join(".")} of type ${typeName}`
      : `json: cannot unmarshal ${value} into Go value of type ${typeName}`;
}

function unmarshal(node: Node, type: GoType, current: Decoded, state: { error: string | null }, ctx: ErrorContext): Decoded {
  if (node.t === "null") {
    // Go: null is a no-op except for pointers, maps, slices and interfaces, which become nil.
    if (typeof type !== "string" && (type.kind === "ptr" || type.kind === "map" || type.kind === "slice")) return null;
    return current;
  }
  if (typeof type === "string") {
    if (type === "string") {
      if (node.t === "str") return node.v;
      typeError(state, kindOf(node), type, ctx);
      return current;
    }
    if (type === "bool") {
      if (node.t === "bool") return node.v;
      typeError(state, kindOf(node), type, ctx);
      return current;
    }
    // int
    if (node.t === "num") {
      if (/^-?\d+$/.test(node.raw)) {
        const big = BigInt(node.raw);
        if (big <= 9223372036854775807n && big >= -9223372036854775808n) return Number(big);
      }
      typeError(state, `number ${node.raw}`, type, ctx);
      return current;
    }
    typeError(state, kindOf(node), type, ctx);
    return current;
  }
  switch (type.kind) {
    case "ptr":
      return unmarshal(node, type.elem, zeroValue(type.elem), state, ctx);
    case "slice": {
      if (node.t !== "arr") {
        typeError(state, kindOf(node), type, ctx);
        return current;
      }
      return node.items.map((item) => unmarshal(item, type.elem, zeroValue(type.elem), state, ctx));
    }
    case "map": {
      if (node.t !== "obj") {
        typeError(state, kindOf(node), type, ctx);
        return current;
      }
      // A null-prototype object, so a "__proto__" key is just a key.
      const out: { [key: string]: Decoded } =
        current !== null && typeof current === "object" && !Array.isArray(current) ? current : Object.create(null);
      for (const [key, valueNode] of node.entries) {
        const decoded = unmarshal(valueNode, type.elem, zeroValue(type.elem), state, ctx);
        // Go only stores the element when its value decoded (a failed literal leaves the zero value).
        out[key] = decoded;
      }
      return out;
    }
    case "struct": {
      if (node.t !== "obj") {
        typeError(state, kindOf(node), type, ctx);
        return current;
      }
      const out: { [key: string]: Decoded } =
        current !== null && typeof current === "object" && !Array.isArray(current) ? { ...current } : {};
      for (const [key, valueNode] of node.entries) {
        const f = type.fields.find((x) => x.json === key) ?? type.fields.find((x) => x.json.toLowerCase() === key.toLowerCase());
        if (!f) continue;
        const inner: ErrorContext = { struct: type, path: [...ctx.path, f.json] };
        out[f.json] = unmarshal(valueNode, f.type, out[f.json] ?? zeroValue(f.type), state, inner);
      }
      return out;
    }
  }
}
