/** The local notification receiver (emulators/notification-receiver): records, answers as told, resets. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startNotificationReceiver,
  type RunningNotificationReceiver,
} from "../../../emulators/notification-receiver/receiver-server.ts";

let r: RunningNotificationReceiver;
beforeAll(async () => {
  r = await startNotificationReceiver({ port: 0 });
});
afterAll(() => r.close());

describe("notification receiver", () => {
  it("records each POST, answers as told for a number of times, then 200; Slack paths answer ok", async () => {
    await fetch(`${r.url}/__control/respond`, { method: "POST", body: JSON.stringify({ status: 500, times: 1, path: "/a" }) });
    const first = await fetch(`${r.url}/a`, {
      method: "POST",
      body: '{"x":1}',
      headers: { "webhook-id": "nd_1", "webhook-signature": "v1,abc" },
    });
    const second = await fetch(`${r.url}/a`, { method: "POST", body: "{}" });
    const slack = await fetch(`${r.url}/services/T/B/X`, { method: "POST", body: "{}" });
    expect([first.status, second.status, slack.status]).toEqual([500, 200, 200]);
    expect(await slack.text()).toBe("ok");
    const { deliveries } = (await (await fetch(`${r.url}/deliveries.json?path=/a`)).json()) as {
      deliveries: { body: string; headers: Record<string, string> }[];
    };
    expect(deliveries.map((d) => d.body)).toEqual(["{}", '{"x":1}']);
    expect(deliveries[1]!.headers["webhook-id"]).toBe("nd_1");
    const page = await (await fetch(`${r.url}/`)).text();
    expect(page).toContain("signed (nd_1)");
    await fetch(`${r.url}/__control/reset`, { method: "POST" });
    expect(((await (await fetch(`${r.url}/deliveries.json`)).json()) as { deliveries: unknown[] }).deliveries).toEqual([]);
  });
});
