/** Reading typed values out of form parameters, with Stripe's refusals for wrong ones. */
import type Stripe from "stripe";
import { errors } from "./api-error.ts";
import type { Param, Params } from "./form-params.ts";

/** Every parameter must be one the endpoint takes (`expand` always is). */
export function accept(params: Params, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== "expand" && !allowed.includes(key)) throw errors.unknown(key);
  }
}

/** The same for a nested object (`subscription_data[...]`). */
export function acceptNested(value: Param | undefined, prefix: string, allowed: readonly string[]): void {
  if (value === undefined || typeof value === "string" || Array.isArray(value)) return;
  for (const key of Object.keys(value)) if (!allowed.includes(key)) throw errors.unknown(`${prefix}[${key}]`);
}

export function str(params: Params | undefined, key: string, prefix = ""): string | undefined {
  const v = params?.[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw errors.invalid(`${prefix}${key}`, `Invalid string: ${JSON.stringify(v)}`);
  return v;
}

export function required(params: Params | undefined, key: string, prefix = ""): string {
  const v = str(params, key, prefix);
  if (v === undefined) throw errors.missing(`${prefix}${key}`);
  if (v === "") throw errors.emptyString(`${prefix}${key}`);
  return v;
}

export function int(params: Params | undefined, key: string, prefix = ""): number | undefined {
  const v = str(params, key, prefix);
  if (v === undefined || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) throw errors.invalid(`${prefix}${key}`, `Invalid integer: ${v}`, "parameter_invalid_integer");
  return Number(v);
}

export function bool(params: Params | undefined, key: string, prefix = ""): boolean | undefined {
  const v = str(params, key, prefix);
  if (v === undefined || v === "") return undefined;
  if (v !== "true" && v !== "false") throw errors.invalid(`${prefix}${key}`, `Invalid boolean: ${v}`);
  return v === "true";
}

export function oneOf<T extends string>(params: Params | undefined, key: string, values: readonly T[], prefix = ""): T | undefined {
  const v = str(params, key, prefix);
  if (v === undefined || v === "") return undefined;
  if (!values.includes(v as T)) throw errors.invalid(`${prefix}${key}`, `Invalid ${prefix}${key}: must be one of ${values.join(", ")}`);
  return v as T;
}

export function obj(params: Params | undefined, key: string): Params | undefined {
  const v = params?.[key];
  if (v === undefined || v === "") return undefined;
  if (typeof v === "string" || Array.isArray(v)) throw errors.invalid(key, `Invalid object`);
  return v;
}

export function arr(params: Params | undefined, key: string): Param[] | undefined {
  const v = params?.[key];
  if (v === undefined || v === "") return undefined;
  if (!Array.isArray(v)) {
    // `key[a]=…` with non-numeric keys is an object, not a list.
    if (typeof v === "object") return Object.values(v);
    return [v];
  }
  return v;
}

export function strings(params: Params | undefined, key: string): string[] | undefined {
  const v = arr(params, key);
  if (v === undefined) return undefined;
  return v.map((x) => {
    if (typeof x !== "string") throw errors.invalid(key, `Invalid array`);
    return x;
  });
}

/** `metadata[k]=v` merged into the old metadata; `metadata[k]=` removes k; `metadata=` clears it. */
export function mergeMetadata(old: Stripe.Metadata | null, params: Params, key = "metadata"): Stripe.Metadata {
  const v = params[key];
  if (v === undefined) return { ...(old ?? {}) };
  if (v === "") return {};
  if (typeof v !== "object" || Array.isArray(v)) throw errors.invalid(key, "Invalid hash");
  const out: Stripe.Metadata = { ...(old ?? {}) };
  for (const [k, value] of Object.entries(v)) {
    if (typeof value !== "string") throw errors.invalid(`${key}[${k}]`, "Invalid string");
    if (k.length > 40) throw errors.invalid(`${key}[${k}]`, "Metadata keys can have up to 40 characters.");
    if (value.length > 500) throw errors.invalid(`${key}[${k}]`, "Metadata values can have up to 500 characters.");
    if (value === "") delete out[k];
    else out[k] = value;
  }
  if (Object.keys(out).length > 50) throw errors.invalid(key, "Metadata can have up to 50 keys.");
  return out;
}
