/**
 * Who runs Harbor, from configuration (wrangler.jsonc "vars": COMPANY_NAME, COMPANY_ADDRESS,
 * SUPPORT_EMAIL), for the footer, the contact page and the privacy and terms drafts. A
 * missing value falls back rather than leaving a blank on a legal page.
 */
import type { Company } from "../../../domain/vocabulary";

const FALLBACK_NAME = "Harbor";

export function companyDetails(env: { COMPANY_NAME?: string; COMPANY_ADDRESS?: string; SUPPORT_EMAIL?: string }): Company {
  return {
    name: env.COMPANY_NAME?.trim() || FALLBACK_NAME,
    address: env.COMPANY_ADDRESS?.trim() ?? "",
    email: env.SUPPORT_EMAIL?.trim() ?? "",
  };
}
