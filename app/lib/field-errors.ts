/** Per-field messages for a form, as the components read them (conform uses null for "none"). */
export type FieldErrors = Record<string, string[] | undefined>;

export function toFieldErrors(errors: Record<string, string[] | null> | null | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, messages] of Object.entries(errors ?? {})) if (messages?.length) out[field] = messages;
  return out;
}
