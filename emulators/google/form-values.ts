/**
 * Reading OAuth parameters out of a parsed query string or form body.
 *
 * oauth2-mock-server parses both into records whose values are a string, or an array
 * when a name repeats. OAuth forbids repeated parameters (RFC 6749 §3.1) and treats an
 * empty value as absent, so every reader here follows those two rules.
 */
export type FormRecord = Record<string, unknown>;

/** The parsed query or body as a record; anything else (a JSON array, no body) reads as empty. */
export function asRecord(value: unknown): FormRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  return value as FormRecord;
}

/** The first of `names` that was sent more than once, if any. */
export function repeatedParameter(source: FormRecord, names: Iterable<string>): string | undefined {
  for (const name of names) if (Array.isArray(source[name])) return name;
  return undefined;
}

/** A parameter's value when it was sent once and is not empty; undefined otherwise. */
export function stringParam(source: FormRecord, name: string): string | undefined {
  const value = source[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}
