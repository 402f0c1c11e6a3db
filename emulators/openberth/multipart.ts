/**
 * `r.ParseMultipartForm` for the upload endpoints, using undici's form-data parser (it reads
 * chunked bodies, and fields may come before or after the file). `FormValue` looks at the
 * URL query first and then the form, as Go's r.Form does; `env` and `secrets` read only the
 * multipart values, as upstream's helpers do.
 */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { header } from "./auth.ts";

export interface MultipartForm {
  /** Text fields, every value in order. */
  values: Map<string, string[]>;
  /** File parts (the first per field name), by field name. */
  files: Map<string, Buffer>;
  query: URLSearchParams;
}

export type MultipartResult = { form: MultipartForm } | { error: string };

export async function parseMultipart(req: IncomingMessage, query: URLSearchParams): Promise<MultipartResult> {
  const contentType = header(req, "content-type");
  const media = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (media !== "multipart/form-data") return { error: "request Content-Type isn't multipart/form-data" };
  if (!/;\s*boundary=/i.test(contentType)) return { error: "no multipart boundary param in Content-Type" };

  let formData: FormData;
  try {
    const request = new Request("http://openberth.local/upload", {
      method: "POST",
      headers: { "content-type": contentType },
      body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
      duplex: "half",
    } as RequestInit);
    formData = await request.formData();
  } catch {
    return { error: "multipart: NextPart: EOF" };
  }

  const values = new Map<string, string[]>();
  const files = new Map<string, Buffer>();
  for (const [name, value] of formData.entries()) {
    if (typeof value === "string") {
      const list = values.get(name) ?? [];
      list.push(value);
      values.set(name, list);
    } else if (!files.has(name)) {
      files.set(name, Buffer.from(await value.arrayBuffer()));
    }
  }
  return { form: { values, files, query } };
}

/** `r.FormValue(name)`: the query's first value, else the form's, else "". */
export function formValue(form: MultipartForm, name: string): string {
  const fromQuery = form.query.get(name);
  if (fromQuery !== null) return fromQuery;
  return form.values.get(name)?.[0] ?? "";
}

/** `parseEnvVars`: repeated `KEY=VALUE` fields; no `=` or an empty key is ignored. */
export function formEnv(form: MultipartForm): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of form.values.get("env") ?? []) {
    const idx = entry.indexOf("=");
    if (idx > 0) env[entry.slice(0, idx)] = entry.slice(idx + 1);
  }
  return env;
}

/** `parseSecrets`: the repeated `secrets` fields. */
export function formSecrets(form: MultipartForm): string[] {
  return form.values.get("secrets") ?? [];
}
