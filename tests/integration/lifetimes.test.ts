/**
 * Lifetimes (issue 14): Harbor's defaults keep sites online until deleted, keys made under
 * that default keep theirs online through the 5-minute pass, every page of something that
 * will go offline says when with an Extend button, and deployments meant to last more than
 * two days get one email the day before. Against the OpenBerth stand-in, which keeps
 * OpenBerth's own rules (a key's default lifetime is fixed when it is made).
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../server/bindings/services";
import { createOpenBerthClient, type OpenBerthClient } from "../../server/openberth/openberth-client";
import { runExpiryWarnings } from "../../workers/jobs/expiry-warnings";
import { runKeepUntilDeleted } from "../../workers/jobs/keep-until-deleted";
import { AppClient, waitFor } from "./support/app-client";
import { readyWorkspace, type ReadyWorkspace } from "./support/fixtures";
import { adminKeyOf } from "./support/infra-world";
import { emailsSettled, inboxOf, outboxOf } from "./email/support/resend-world";

const HOUR_MS = 3_600_000;
const control = new AppClient();
const services = () => createServices(env, { traceId: "1f2e3d4c5b6a79881f2e3d4c5b6a7988" });
let ws: ReadyWorkspace;
let admin: OpenBerthClient;
const base = () => `/workspaces/${ws.slug}`;

beforeAll(async () => {
  ws = await readyWorkspace({ plan: "pro@1", role: "owner", name: "Lifetimes" });
  admin = createOpenBerthClient({ endpoint: ws.endpointUrl, key: await adminKeyOf(ws.id) });
});
afterEach(async () => {
  await control.fetch("/__test/clock", { json: { reset: true } });
});

const selectedTtl = (html: string, field = "ttl") =>
  new RegExp(`<select[^>]*name="${field}"[^>]*>[\\s\\S]*?<option value="([^"]*)" selected=""`).exec(html)?.[1];

async function setDefault(ttl: string) {
  return ws.client.fetch(`${base()}/settings`, { form: { intent: "lifetime", ttl } });
}

async function newKey(name: string): Promise<OpenBerthClient> {
  const html = await (await ws.client.fetch(`${base()}/access-keys`, { form: { intent: "create", name } })).text();
  const key = /value="(sc_[0-9a-f]{48})"/.exec(html)?.[1];
  expect(key, html.slice(0, 300)).toBeDefined();
  return createOpenBerthClient({ endpoint: ws.endpointUrl, key: key! });
}

describe("the workspace's default lifetime", () => {
  it("starts at 'until I delete it', is changed on Settings, and preselects the lifetime of new sites", async () => {
    expect(selectedTtl(await (await ws.client.fetch(`${base()}/settings`)).text())).toBe("0");
    expect(selectedTtl(await (await ws.client.fetch(`${base()}/deployments/new`)).text())).toBe("0");

    const saved = await setDefault("72h");
    expect(await saved.text()).toContain("Saved. New sites stay online for 3 days.");
    expect(selectedTtl(await (await ws.client.fetch(`${base()}/deployments/new`)).text())).toBe("72h");

    // A lifetime the page doesn't offer: a plain message, nothing changed.
    const refused = await setDefault("999h");
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Please choose how long it should stay online.");
    expect(selectedTtl(await (await ws.client.fetch(`${base()}/settings`)).text())).toBe("72h");
    await setDefault("0");
  });
});

describe("keys made while the default is 'until I delete it'", () => {
  it("have their sites kept online by the 5-minute pass; chosen lifetimes, sandboxes and older keys are left alone", async () => {
    await setDefault("0");
    const never = await newKey("cli-never");
    const byDefault = await never.deployCode({ "index.html": "<p>kept</p>" }, { name: "cli-default" });
    const chosen = await never.deployCode({ "index.html": "<p>a day</p>" }, { name: "cli-chosen", ttl: "24h" });
    const sandbox = await never.createSandbox({ "index.html": "<p>try</p>" }, { name: "cli-sandbox" });
    await setDefault("72h");
    const older = await newKey("cli-3days");
    const olderSite = await older.deployCode({ "index.html": "<p>3 days</p>" }, { name: "cli-old-key" });
    // OpenBerth gives the key's default: never "never", so a distant expiry first.
    expect((await admin.getDeployment(byDefault.id)).expiresAt).not.toBe("");

    await runKeepUntilDeleted(services());
    await runKeepUntilDeleted(services());

    expect(await admin.getDeployment(byDefault.id)).toMatchObject({ expiresAt: "" });
    expect((await admin.getDeployment(chosen.id)).ttlHours).toBe(24);
    expect((await admin.getDeployment(sandbox.id)).ttlHours).toBe(4);
    expect((await admin.getDeployment(olderSite.id)).ttlHours).toBe(72);

    // The Access keys page says what each key's sites get.
    const keys = await (await ws.client.fetch(`${base()}/access-keys`)).text();
    expect(keys).toMatch(/cli-never[\s\S]*?Until I delete it/);
    expect(keys).toMatch(/cli-3days[\s\S]*?3 days/);
    await setDefault("0");
  });
});

describe("pages of things that will go offline", () => {
  it("say when, offer Extend, and Extend keeps it online for its lifetime again, from now", async () => {
    const made = await ws.client.fetch(`${base()}/deployments/new`, {
      form: { intent: "paste", name: "short-lived", fileName: "index.html", code: "<p>hi</p>", ttl: "24h" },
    });
    const id = /\/deployments\/([0-9a-v]{20})$/.exec(made.headers.get("location") ?? "")![1]!;
    const page = await (await ws.client.fetch(`${base()}/deployments/${id}`)).text();
    expect(page).toMatch(/Goes offline in (23 h \d+ min|1 day)/);
    expect(page).toContain("Keep it online for another 1 day");
    const before = (await admin.getDeployment(id)).expiresAt;

    const extended = await ws.client.fetch(`${base()}/deployments/${id}`, { form: { intent: "extend" } });
    expect(extended.status).toBe(302);
    const after = await admin.getDeployment(id);
    expect(after.ttlHours).toBe(24);
    expect(after.expiresAt >= before).toBe(true);
    expect(await (await ws.client.fetch(`${base()}/deployments/${id}`)).text()).toContain("Done. It now stays online until");

    // A site that stays until deleted says so and has nothing to extend.
    await ws.client.fetch(`${base()}/deployments/${id}`, { form: { intent: "edit", ttl: "0" } });
    const kept = await (await ws.client.fetch(`${base()}/deployments/${id}`)).text();
    expect(kept).toContain("Stays online until you delete it.");
    expect(kept).not.toContain('value="extend"');
  });

  it("a sandbox shows its 4-hour countdown and can be kept longer", async () => {
    const made = await ws.client.fetch(`${base()}/sandboxes/new`, {
      form: { intent: "create", name: "countdown", fileName: "index.html", code: "<p>hi</p>" },
    });
    const id = /\/sandboxes\/([0-9a-v]{20})$/.exec(made.headers.get("location") ?? "")![1]!;
    const page = await (await ws.client.fetch(`${base()}/sandboxes/${id}`)).text();
    expect(page).toMatch(/Goes offline in (3 h \d+ min|4 h 0 min)/);
    expect(page).toContain("Keep it online for another 4 hours");
    expect((await ws.client.fetch(`${base()}/sandboxes/${id}`, { form: { intent: "extend" } })).status).toBe(302);
  });
});

describe("the day-before email", () => {
  it("goes once for a site meant to last more than two days, not for shorter ones, and names the site and its page", async () => {
    const make = async (name: string, ttl: string) => {
      const res = await ws.client.fetch(`${base()}/deployments/new`, {
        form: { intent: "paste", name, fileName: "index.html", code: "<p>x</p>", ttl },
      });
      return /\/deployments\/([0-9a-v]{20})$/.exec(res.headers.get("location") ?? "")![1]!;
    };
    const long = await make("three-days", "72h");
    await make("one-day", "24h");
    // Harbor's clock two days on: the 3-day site has less than a day left (OpenBerth's clock is not moved).
    await control.fetch("/__test/clock", { json: { advanceMs: 48 * HOUR_MS + 5 * 60_000 } });
    await runExpiryWarnings(services());
    await runExpiryWarnings(services());

    const rows = (await outboxOf(ws.owner.accountId, "deployment-expiring")).filter((r) => r.workspace_id === ws.id);
    const names = rows.map((r) => (JSON.parse(String(r.facts)) as { name: string }).name);
    // Once each, however often the pass ran; the 1-day site never (a 3-day one from the berth tool above is due too).
    expect(names.filter((n) => n === "three-days")).toHaveLength(1);
    expect(names).not.toContain("one-day");
    await emailsSettled(ws.owner.accountId);
    const mail = await waitFor(async () =>
      (await inboxOf(ws.owner.email)).find((m) => m.subject === "three-days goes offline tomorrow"),
    );
    expect(mail.text).toContain(`${env.APP_URL}${base()}/deployments/${long}`);
  });
});
