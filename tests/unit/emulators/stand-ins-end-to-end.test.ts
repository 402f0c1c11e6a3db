/**
 * The stand-ins together, as a customer meets them: the infra service provisions a
 * workspace's OpenBerth server, and the open-source CLI (its exact requests, API.md §9)
 * configured with that endpoint and admin key deploys a folder, sees it served, reads its
 * logs, redeploys and destroys it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInfraClient } from "../../../server/infra/infra-client";
import { startInfraEmulator, type InfraEmulator } from "../../../emulators/infra/infra-server.ts";
import { startOpenBerthHost, type OpenBerthHost } from "../../../emulators/openberth/host.ts";
import { loopbackRequest } from "../../../emulators/openberth/testing/loopback-request.ts";
import { BerthCli } from "../../support/berth-cli.ts";
import { eventually, startWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver.ts";

let dir: string;
let host: OpenBerthHost;
let infra: InfraEmulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "stand-ins-"));
  receiver = await startWebhookReceiver();
  host = await startOpenBerthHost({ port: 0, stateDir: path.join(dir, "ob"), buildDelayMs: 60 });
  infra = await startInfraEmulator({
    port: 0,
    stateDir: path.join(dir, "infra"),
    fleet: host,
    apiToken: "token",
    webhookSecret: "secret",
    webhookUrl: receiver.url,
    timings: { provisionStepMs: 30, stepMs: 30 },
  });
});
afterAll(async () => {
  await infra.close();
  await host.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("a provisioned workspace, driven by the berth CLI", () => {
  it("deploy → running → served → logs → redeploy → destroy", async () => {
    const client = createInfraClient({ baseUrl: infra.url, token: "token" });
    const { instance } = await client.provision("ws_cli_journey", "eu-west");
    await eventually(
      () => receiver.deliveries.some((d) => d.body.resourceId === instance.resourceId && d.body.state === "running"),
      3_000,
    );

    // berth config set server <endpoint> · berth config set key <key>
    const cli = new BerthCli({ pollIntervalMs: 50 });
    cli.configSet("server", instance.endpointUrl);
    cli.configSet("key", instance.adminKey);
    expect((await cli.version()).domain).toBe(host.domainFor(instance.resourceId));

    const project = path.join(dir, "my-site");
    mkdirSync(project);
    writeFileSync(path.join(project, "index.html"), "<h1>Hello from the CLI</h1>");
    const first = await cli.deploy(project);
    expect(first).toMatchObject({ kind: "created", status: "running" });
    expect(first.url).toBe(`http://my-site.${host.domainFor(instance.resourceId)}`);

    const served = await loopbackRequest(first.url);
    expect(served.status).toBe(200);
    expect(served.body).toContain("Hello from the CLI");

    const listed = await cli.list();
    expect(listed.map((d) => d.id)).toContain(first.id);
    expect(typeof (await cli.logs(first.id))).toBe("string");

    writeFileSync(path.join(project, "index.html"), "<h1>Version two</h1>");
    const second = await cli.deploy(project);
    expect(second).toMatchObject({ kind: "updated", id: first.id });
    await eventually(async () => (await loopbackRequest(first.url)).body.includes("Version two"), 3_000);

    await cli.destroy(first.id);
    expect((await cli.list()).map((d) => d.id)).not.toContain(first.id);
    expect((await loopbackRequest(first.url)).status).toBe(502);

    // Pausing the workspace takes its server offline; resuming brings it back.
    await client.suspend(instance.resourceId);
    await eventually(async () => (await client.get(instance.resourceId))?.state === "stopped", 3_000);
    await expect(cli.list()).rejects.toThrow();
    await client.resume(instance.resourceId);
    await eventually(async () => (await client.get(instance.resourceId))?.state === "running", 3_000);
    expect(await cli.list()).toEqual([]);
  });
});
