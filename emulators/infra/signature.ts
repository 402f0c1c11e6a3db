/** The infra service's event signature (docs/infra-contract.md §4), the scheme in ../shared/hmac-signature.ts. */
export { signedHeaderValue as signatureHeader } from "../shared/hmac-signature.ts";

export const SIGNATURE_HEADER = "Infra-Signature";
