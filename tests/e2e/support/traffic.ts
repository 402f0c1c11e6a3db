/**
 * What the browser received during a test — every response's status, headers and text
 * body (redirects included), the final page, and the cookies — saved for the leak check
 * (tests/e2e/leak-check/). Event streams are read as the page shows them (the final page).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page, Response } from "@playwright/test";

export const TRAFFIC_DIR = path.resolve(import.meta.dirname, "../../../.local/test/traffic");

export interface TrafficRecord {
  test: string;
  kind: "response" | "page" | "cookies";
  url?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

const TEXTUAL = /(text\/|json|javascript|xml|svg)/;

export function recordTraffic(page: Page, context: BrowserContext, testTitle: string) {
  const records: TrafficRecord[] = [];
  const pending: Promise<unknown>[] = [];
  const onResponse = (res: Response) => {
    pending.push(
      (async () => {
        const headers = await res.allHeaders().catch(() => ({}) as Record<string, string>);
        const type = headers["content-type"] ?? "";
        let body: string | undefined;
        const redirect = res.status() >= 300 && res.status() < 400;
        if (!redirect && TEXTUAL.test(type) && !type.includes("event-stream")) body = await res.text().catch(() => undefined);
        records.push({
          test: testTitle,
          kind: "response",
          url: res.url(),
          status: res.status(),
          headers,
          ...(body !== undefined && { body }),
        });
      })(),
    );
  };
  page.on("response", onResponse);
  return {
    async save() {
      page.off("response", onResponse);
      await Promise.allSettled(pending);
      const html = await page.content().catch(() => "");
      records.push({ test: testTitle, kind: "page", url: page.url(), body: html });
      records.push({ test: testTitle, kind: "cookies", body: JSON.stringify(await context.cookies().catch(() => [])) });
      mkdirSync(TRAFFIC_DIR, { recursive: true });
      const file = path.join(TRAFFIC_DIR, `${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
      writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    },
  };
}
