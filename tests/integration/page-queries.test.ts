/**
 * What one page costs in D1: the session is read once per request (the root middleware),
 * the workspace once (the layout's middleware), whatever the page. Counted at the D1
 * binding's edge (every statement of the Worker, Better Auth's included), and printed.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { d1FaultsStatus, setD1Faults } from "../../server/test-controls/d1-faults";
import { AppClient, signIn } from "./support/app-client";
import { createWorkspace, pumpUntil } from "./support/infra-world";

let client: AppClient;
let slug: string;

beforeAll(async () => {
  // Set before this file's first request, so every database handle in the isolate counts.
  setD1Faults({ delayMs: [0, 0] });
  client = new AppClient();
  await signIn(client, { email: "queries@example.com", name: "Queries" });
  await env.DB.prepare(
    "UPDATE accounts SET plan_id = 'pro@1', billing_state = 'active' WHERE email = 'queries@example.com'",
  ).run();
  const created = await createWorkspace(client, "Counted");
  slug = created.slug;
  await pumpUntil(created.id, "ready");
});

async function statementsFor(path: string): Promise<string[]> {
  setD1Faults({ delayMs: [0, 0] });
  const res = await client.fetch(path);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return d1FaultsStatus().statements;
}

describe("D1 queries per page", () => {
  it.each(["/workspaces", "/workspaces/{slug}", "/workspaces/{slug}/secrets", "/workspaces/{slug}/settings"])(
    "%s reads the session once",
    async (template) => {
      const path = template.replace("{slug}", slug);
      const statements = await statementsFor(path);
      const sessionReads = statements.filter((sql) => /from "sessions"/i.test(sql));
      const workspaceReads = statements.filter((sql) => /from "workspaces"/i.test(sql) && /"memberships"/i.test(sql));
      console.info(
        `D1 statements for ${template}: ${statements.length} (session reads ${sessionReads.length}, workspace reads ${workspaceReads.length})`,
      );
      expect(sessionReads).toHaveLength(1);
      if (template.includes("{slug}")) expect(workspaceReads).toHaveLength(1);
    },
  );
});
