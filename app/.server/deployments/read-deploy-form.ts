/**
 * Reads a deployment form (possibly a large multipart upload) without ever failing on bad
 * input: an upload bigger than we take is refused before its body is read.
 */
import { DEFAULT_UPLOAD_LIMITS } from "../../../server/uploads";
import { UPLOAD_PROBLEMS } from "../../../domain/openberth/upload-problems";

/** Room for the form's other fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export type DeployForm = { ok: true; form: FormData } | { ok: false; message: string };

export async function readDeployForm(request: Request): Promise<DeployForm> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > DEFAULT_UPLOAD_LIMITS.maxUploadBytes + FORM_OVERHEAD_BYTES)
    return { ok: false, message: UPLOAD_PROBLEMS.too_large };
  try {
    return { ok: true, form: await request.formData() };
  } catch {
    return { ok: true, form: new FormData() };
  }
}

/** The uploaded file, if the field holds one. */
export function uploadedFile(form: FormData, field = "file"): File | null {
  const value = form.get(field);
  return value instanceof File ? value : null;
}
