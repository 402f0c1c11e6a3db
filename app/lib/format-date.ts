/**
 * Dates are formatted on the server in the person's time zone (server/http/time-zone.ts),
 * and the same function runs in the browser with the same zone from loader data, so the
 * page reads the same with or without JavaScript. No zone name on each date: the page says
 * once which zone its times are in (app/components/time-zone-line.tsx, decision 0033).
 */
export function formatDate(value: Date | string | number, timeZone: string, style: "date" | "datetime" = "date"): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    ...(style === "datetime" ? { hour: "2-digit", minute: "2-digit" } : {}),
  }).format(date);
}
