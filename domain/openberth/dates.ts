/**
 * OpenBerth writes two date formats (API.md §0): RFC 3339 for createdAt, and
 * "YYYY-MM-DD HH:MM:SS" (UTC, no zone) or "" for expiresAt and secrets' updatedAt.
 */
export function parseOpenBerthDate(value: string | undefined): Date | null {
  if (!value) return null;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(" ", "T")}Z` : value;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
