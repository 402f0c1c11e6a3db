/**
 * What the deployment forms need beyond the one form pattern (app/.server/forms/form-reply.ts):
 * an upload bigger than we take is refused before its body is read.
 */
import { DEFAULT_UPLOAD_LIMITS } from "../../../server/uploads";
import { UPLOAD_PROBLEMS } from "../../../domain/openberth/upload-problems";
import { refusedUnread } from "../forms/form-reply";

/** Room for the form's other fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** Whether the request says it is bigger than any upload we take (its body is left unread). */
export function uploadTooLarge(request: Request): boolean {
  const declared = Number(request.headers.get("content-length") ?? "0");
  return declared > DEFAULT_UPLOAD_LIMITS.maxUploadBytes + FORM_OVERHEAD_BYTES;
}

/**
 * The answer to an upload refused unread: 413, the reason on top of the form `intent` and
 * beside its file field. Nothing was read, so there are no values to keep.
 */
export function tooLargeAnswer(intent: string) {
  return refusedUnread(intent, UPLOAD_PROBLEMS.too_large, { status: 413, field: "file" });
}
