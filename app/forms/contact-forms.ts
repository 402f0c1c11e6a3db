/**
 * The forms of where our emails go: the contact address (account page) and the billing
 * contacts (billing page). The address is judged by domain/email/addresses.ts, the same in
 * the browser as on the server; what is stored is its normalised form.
 */
import { z } from "zod";
import { normalizeEmailAddress } from "../../domain/email/addresses";
import { EMAIL_ADDRESS_PROBLEM_WORDS as M } from "../../domain/vocabulary";

/** One email address, lowercased and trimmed, or the plain reason it isn't one. */
export const emailAddressField = z.string({ error: M.empty }).transform((raw, ctx) => {
  const checked = normalizeEmailAddress(raw);
  if (checked.ok) return checked.address;
  ctx.addIssue({ code: "custom", message: M[checked.problem] });
  return z.NEVER;
});

/**
 * Another address for our emails, or (`use=sign-in`, the second button) back to the sign-in
 * address.
 */
export const contactEmailSchema = z
  .object({
    intent: z.literal("contact-email"),
    use: z.literal("sign-in").optional(),
    email: emailAddressField.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.use !== "sign-in" && value.email === undefined) ctx.addIssue({ code: "custom", path: ["email"], message: M.empty });
  });

const hiddenValue = z.string().min(1).max(300);
export const retryAddressSchema = z.object({ intent: z.literal("retry-address"), address: hiddenValue });

export const addContactSchema = z.object({ intent: z.literal("add-contact"), email: emailAddressField });
export const removeContactSchema = z.object({ intent: z.literal("remove-contact"), id: hiddenValue });
