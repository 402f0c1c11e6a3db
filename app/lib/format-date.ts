/**
 * Dates are formatted on the server in the person's time zone (see
 * app/.server/http/time-zone.ts), and the same function runs in the browser with the
 * same zone from loader data, so the page reads the same with or without JavaScript.
 */
export function formatDate(value: Date | string | number, timeZone: string, style: "date" | "datetime" = "date"): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    ...(style === "datetime" ? { hour: "2-digit", minute: "2-digit", timeZoneName: "short" } : {}),
  }).format(date);
}
