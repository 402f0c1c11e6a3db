/**
 * What an upload left out (unsafe names, links, devices), carried across the redirect to the
 * deployment's page in a short-lived, signed cookie — so the person is told once, there,
 * and nobody can put words on our page with a crafted link.
 */
import { createCookie } from "react-router";
import { leftOutSentence } from "../../../domain/vocabulary";
import type { LeftOutReason } from "../../../server/uploads/archive-paths";
import type { RequestContext } from "../../../server/bindings/request-context";

export interface LeftOut {
  names: { name: string; reason: LeftOutReason }[];
  count: number;
}

function noticeCookie(rc: RequestContext) {
  return createCookie("harbor_left_out", {
    secrets: [rc.env.BETTER_AUTH_SECRET],
    maxAge: 120,
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: rc.url.protocol === "https:",
  });
}

/** Headers for the redirect after an upload; none when nothing was left out. */
export async function leftOutHeaders(rc: RequestContext, leftOut: LeftOut | undefined): Promise<HeadersInit | undefined> {
  if (!leftOut || leftOut.count === 0) return undefined;
  return { "Set-Cookie": await noticeCookie(rc).serialize(leftOut) };
}

/** The sentence for the page, read once (the cookie is cleared with the same answer). */
export async function takeLeftOutNotice(
  request: Request,
  rc: RequestContext,
): Promise<{ notice: string | null; headers?: HeadersInit }> {
  const header = request.headers.get("cookie");
  if (!header?.includes("harbor_left_out=")) return { notice: null };
  const cookie = noticeCookie(rc);
  const value = (await cookie.parse(header)) as LeftOut | null;
  if (!value || !Array.isArray(value.names) || typeof value.count !== "number") return { notice: null };
  return {
    notice: leftOutSentence(value.names, value.count),
    headers: { "Set-Cookie": await cookie.serialize("", { maxAge: 0 }) },
  };
}
