/**
 * The Resend SDK, pointed at RESEND_API_URL (Resend in production, the stand-in locally):
 * the same calls either way. The SDK never throws on an HTTP error: callers read `error`.
 */
import { Resend } from "resend";

export type ResendClient = Resend;

export function createResendClient(env: Pick<Env, "RESEND_API_KEY" | "RESEND_API_URL">): ResendClient {
  return new Resend(env.RESEND_API_KEY, { baseUrl: env.RESEND_API_URL.replace(/\/$/, "") });
}
