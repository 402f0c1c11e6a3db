/**
 * Letter avatars for the `picture` claim, served by the stand-in itself so the app's
 * <img> tags load without reaching the internet.
 *
 * The URL carries everything needed to draw the picture (`/avatar/<email sha256>.svg?i=AL`),
 * so it keeps working after a restart even though the stand-in stores nothing. Because the
 * query is attacker-controllable, the initials are cut down to at most two letters before
 * they reach the SVG.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeHtml } from "./html.ts";

export const AVATAR_PATH_PATTERN = /^\/avatar\/([0-9a-f]{64})\.svg$/;

export function avatarPath(hash: string, initials: string): string {
  return `/avatar/${hash}.svg?i=${encodeURIComponent(initials)}`;
}

/** At most two letters (any script), upper-cased; "?" when nothing usable is left. */
export function sanitiseInitials(raw: string | null | undefined): string {
  const letters = Array.from((raw ?? "").toUpperCase()).filter((char) => /^\p{L}$/u.test(char));
  return letters.slice(0, 2).join("") || "?";
}

/** A stable hue per person; the fixed saturation and lightness keep white text readable. */
export function avatarColour(hash: string): string {
  const hue = Number.parseInt(hash.slice(0, 4), 16) % 360;
  return `hsl(${hue} 55% 36%)`;
}

export function renderAvatarSvg(hash: string, initials: string): string {
  const text = escapeHtml(initials);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96" role="img" aria-label="${text}">`,
    `<circle cx="48" cy="48" r="48" fill="${avatarColour(hash)}"/>`,
    `<text x="48" y="48" dy="0.35em" text-anchor="middle" font-family="Roboto, Arial, sans-serif" font-size="40" fill="#ffffff">${text}</text>`,
    `</svg>`,
  ].join("");
}

export function serveAvatar(req: IncomingMessage, res: ServerResponse, hash: string): void {
  const initials = sanitiseInitials(new URL(req.url ?? "/", "http://localhost").searchParams.get("i"));
  const svg = renderAvatarSvg(hash, initials);
  res.statusCode = 200;
  res.setHeader("Content-Type", "image/svg+xml");
  res.setHeader("Content-Length", Buffer.byteLength(svg));
  res.setHeader("Cache-Control", "public, max-age=86400");
  // The app shows the picture from its own origin; without this, COEP pages refuse it.
  res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
  res.setHeader("X-Content-Type-Options", "nosniff");
  // Opened directly, an SVG is a document: make sure it can never run anything.
  res.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  res.end(req.method === "HEAD" ? undefined : svg);
}
