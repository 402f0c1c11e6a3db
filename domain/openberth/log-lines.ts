/**
 * Activity-log lines in plain words. The web server in front of a site writes one line per
 * visit in the Common Log Format (`1.2.3.4 - - [03/Dec/2026:14:05:03 +0000] "GET /about
 * HTTP/1.1" 200 512`); those become "14:05:03 · A visit to /about · Shown". Anything else
 * (what the app itself prints) is kept as it is. Pure, so the page and the live log agree.
 */
import { LOG_LINE_WORDS as W } from "../vocabulary";

const CLF = /^\S+ \S+ \S+ \[(\d{2})\/(\w{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] "(\w+) (\S+)[^"]*" (\d{3}) \S+/;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function readableLogLine(line: string, timeZone: string): string {
  const m = CLF.exec(line);
  if (!m) return line;
  const [, day, mon, year, hh, mm, ss, offset, method, path, status] = m as unknown as string[];
  const month = MONTHS.indexOf(mon!);
  const sign = offset!.startsWith("-") ? -1 : 1;
  const offsetMs = sign * (Number(offset!.slice(1, 3)) * 60 + Number(offset!.slice(3, 5))) * 60_000;
  const at = Date.UTC(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss)) - offsetMs;
  const time = Number.isNaN(at) || month < 0 ? "" : `${clock(at, timeZone)} · `;
  return `${time}${W.visit(method!, path!)} · ${W.outcome(Number(status))}`;
}

function clock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", second: "2-digit" }).format(at);
}
