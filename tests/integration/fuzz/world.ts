/**
 * The world the fuzz suite throws requests at: a Ready workspace (the target) with a
 * deployment, a sandbox and an access key in it; its owner, a member (role "member") and a
 * stranger (signed in, not a member of anything); and a second, foreign workspace of a
 * fourth account's (which never sends a request) with its own deployment, sandbox and
 * access key, whose ids are the "foreign ids" sent to the target's addresses.
 *
 * `snapshot()` is what must not move when a request is refused: D1 for both workspaces and
 * the three accounts, and what each workspace's OpenBerth server holds (deployments, users,
 * secrets, settings, the sandboxes' files), read with the workspace's admin key as the
 * dashboard tests do. `repair()` puts back a fixture that an accepted request removed.
 */
import { env } from "cloudflare:workers";
import { AppClient } from "../support/app-client";
import { joinAs, type Person, readyWorkspace, signedIn } from "../support/fixtures";
import { adminKeyOf } from "../support/infra-world";

export type Persona = "owner" | "member" | "stranger";
export const PERSONAS: readonly Persona[] = ["owner", "member", "stranger"];

export interface WorkspaceFixture {
  id: string;
  slug: string;
  resourceId: string;
  endpointUrl: string;
  adminKey: string;
  deploymentId: string;
  sandboxId: string;
  accessKey: string;
}

export interface FuzzWorld {
  people: Record<Persona, Person>;
  target: WorkspaceFixture;
  foreign: WorkspaceFixture;
}

/** Unusual enough that no generated string equals it by chance (deleting asks for it). */
export const TARGET_NAME = "Fuzz Target Qx7";
const FOREIGN_NAME = "Fuzz Elsewhere Qx8";

let made = 0;
const tag = () => `${Date.now().toString(36).slice(-4)}${(made++).toString(36)}`;

export async function buildWorld(): Promise<FuzzWorld> {
  const ws = await readyWorkspace({ plan: "pro@1", role: "owner", name: TARGET_NAME });
  const member = await joinAs(ws, "member", { name: "Fuzz Member" });
  const stranger = await signedIn({ name: "Fuzz Stranger" });
  // The foreign workspace's owner never sends a request: everything in it must stay put.
  const other = await readyWorkspace({ plan: "pro@1", role: "owner", name: FOREIGN_NAME, owner: { name: "Fuzz Outsider" } });

  const fixture = async (w: { id: string; slug: string; resourceId: string; endpointUrl: string }, client: AppClient) => {
    const f: WorkspaceFixture = {
      ...w,
      adminKey: await adminKeyOf(w.id),
      deploymentId: "",
      sandboxId: "",
      accessKey: "",
    };
    f.deploymentId = await createDeployment(client, f.slug);
    f.sandboxId = await createSandbox(client, f.slug);
    f.accessKey = await createAccessKey(client, f.slug);
    return f;
  };
  const target = await fixture(ws, ws.owner.client);
  const foreign = await fixture(other, other.owner.client);
  return { people: { owner: ws.owner, member, stranger }, target, foreign };
}

export async function createDeployment(client: AppClient, slug: string): Promise<string> {
  const res = await client.fetch(`/workspaces/${slug}/deployments/new`, {
    form: { intent: "paste", name: `fz-site-${tag()}`, fileName: "index.html", code: "<p>fuzz</p>", ttl: "24h" },
  });
  return idFrom(res, "deployments");
}

export async function createSandbox(client: AppClient, slug: string): Promise<string> {
  const res = await client.fetch(`/workspaces/${slug}/sandboxes/new`, {
    form: { intent: "create", name: `fz-box-${tag()}`, fileName: "index.html", code: "<p>box</p>" },
  });
  return idFrom(res, "sandboxes");
}

export async function createAccessKey(client: AppClient, slug: string): Promise<string> {
  const name = `fz-key-${tag()}`;
  const res = await client.fetch(`/workspaces/${slug}/access-keys`, { form: { intent: "create", name } });
  if (res.status !== 200) throw new Error(`access key ${name}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  await res.arrayBuffer();
  return name;
}

async function idFrom(res: Response, kind: "deployments" | "sandboxes"): Promise<string> {
  const location = res.headers.get("location") ?? "";
  const id = new RegExp(`/${kind}/([0-9a-v]{20})$`).exec(location)?.[1];
  if (!id) throw new Error(`no ${kind} id: ${res.status} ${location} ${(await res.text()).slice(0, 300)}`);
  return id;
}

// ---------------------------------------------------------------------------------------
// What must not change on a refusal.

export type Snapshot = Record<string, unknown>;

async function openBerth(f: WorkspaceFixture, path: string): Promise<unknown> {
  const res = await fetch(`${f.endpointUrl}${path}`, { headers: { Authorization: `Bearer ${f.adminKey}` } });
  const text = await res.text();
  if (!res.ok) return { status: res.status, text: text.slice(0, 200) };
  return JSON.parse(text) as unknown;
}

/** A deployment as it stays put: its build status moves on its own, so it is left out. */
function steadyDeployment(d: Record<string, unknown>) {
  const { status: _s, containerStatus: _c, updatedAt: _u, url: _url, port: _p, ...rest } = d;
  return rest;
}

async function serverState(f: WorkspaceFixture) {
  const [deployments, users, secrets, settings] = await Promise.all([
    openBerth(f, "/api/deployments"),
    openBerth(f, "/api/admin/users"),
    openBerth(f, "/api/secrets"),
    openBerth(f, "/api/admin/settings"),
  ]);
  const list = ((deployments as { deployments?: Record<string, unknown>[] }).deployments ?? []).map(steadyDeployment);
  // The files of each sandbox (a sandbox's files change without a new version).
  const sandboxes = list.filter((d) => d["mode"] === "sandbox").map((d) => String(d["id"]));
  const files = Object.fromEntries(
    await Promise.all(
      sandboxes.map(async (id) => [id, await openBerth(f, `/api/deployments/${id}/source?format=json`)] as const),
    ),
  );
  // The list leaves out titles and descriptions: the fixtures' own details show them.
  const details = Object.fromEntries(
    await Promise.all(
      [f.deploymentId, f.sandboxId].map(async (id) => {
        const d = (await openBerth(f, `/api/deployments/${id}`)) as Record<string, unknown>;
        return [id, typeof d === "object" && d && "id" in d ? steadyDeployment(d) : d] as const;
      }),
    ),
  );
  return { deployments: list, details, users, secrets, settings, files };
}

async function d1State(world: FuzzWorld) {
  const ids = [world.target.id, world.foreign.id];
  const accounts = Object.values(world.people).map((p) => p.accountId);
  const q = (sql: string, ...binds: unknown[]) => env.DB.prepare(sql).bind(...binds);
  const inWs = `(?, ?)`;
  const inAcc = `(?, ?, ?)`;
  const results = await env.DB.batch([
    q(
      `SELECT id, slug, name, created_by_account_id, billing_owner_account_id, lifecycle_state, pause_reason,
              suspension_grace_ends_at, lifecycle_version, deleted_at, updated_at FROM workspaces WHERE id IN ${inWs} ORDER BY id`,
      ...ids,
    ),
    q(
      `SELECT account_id, workspace_id, role FROM memberships WHERE workspace_id IN ${inWs} OR account_id IN ${inAcc} ORDER BY 1, 2`,
      ...ids,
      ...accounts,
    ),
    q(
      `SELECT workspace_id, infra_resource_id, region, endpoint_url, desired_state, workspace_state, infra_state, infra_sequence,
              provision_attempts, last_error, lifecycle_version FROM workspace_instances WHERE workspace_id IN ${inWs} ORDER BY 1`,
      ...ids,
    ),
    q(
      `SELECT workspace_id, hex(admin_key_ciphertext) AS ct, hex(wrapped_data_key) AS wdk, key_version, admin_openberth_user_id,
              lifecycle_version, rotated_at FROM workspace_credentials WHERE workspace_id IN ${inWs} ORDER BY 1`,
      ...ids,
    ),
    q(`SELECT workspace_id, count(*) AS n FROM workspace_events WHERE workspace_id IN ${inWs} GROUP BY 1 ORDER BY 1`, ...ids),
    q(`SELECT id, email, name, image, plan_id, trial_ends_at FROM accounts WHERE id IN ${inAcc} ORDER BY id`, ...accounts),
    q(
      `SELECT created_by_account_id AS id, count(*) AS n FROM workspaces WHERE created_by_account_id IN ${inAcc} GROUP BY 1 ORDER BY 1`,
      ...accounts,
    ),
    q(`SELECT count(*) AS n FROM infra_events`),
  ]);
  const [workspaces, memberships, instances, credentials, timeline, people, created, infraEvents] = results.map((r) => r.results);
  return { workspaces, memberships, instances, credentials, timeline, people, created, infraEvents };
}

/** D1's part always; the OpenBerth servers' part unless `server` is false (account-level actions). */
export async function snapshot(world: FuzzWorld, options: { server?: boolean } = {}): Promise<Snapshot> {
  if (options.server === false) return { d1: await d1State(world) };
  const [d1, target, foreign] = await Promise.all([d1State(world), serverState(world.target), serverState(world.foreign)]);
  return { d1, target, foreign };
}

/** The paths at which two snapshots differ (at most `limit`), for a readable failure. */
export function differences(a: unknown, b: unknown, path = "", out: string[] = [], limit = 8): string[] {
  if (out.length >= limit) return out;
  if (Object.is(a, b)) return out;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${path || "(root)"}: ${short(a)} → ${short(b)}`);
    return out;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys)
    differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`, out, limit);
  return out;
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

// ---------------------------------------------------------------------------------------
// Putting the world back after an accepted request.

const exists = async (f: WorkspaceFixture, id: string, mode: "deploy" | "sandbox") => {
  const d = (await openBerth(f, `/api/deployments/${id}`)) as { id?: string; mode?: string };
  return d.id === id && (mode === "sandbox" ? d.mode === "sandbox" : d.mode !== "sandbox");
};

/**
 * After a request was accepted: sessions that were ended are started again, and the
 * target's deployment, sandbox and access key are made again if the request removed them
 * (deleted, promoted…). The target and foreign workspaces themselves are never deleted:
 * the suite never sends their exact names as a confirmation.
 */
export async function repair(world: FuzzWorld): Promise<void> {
  for (const persona of PERSONAS) await keepSignedIn(world.people[persona]);
  const owner = world.people.owner.client;
  const t = world.target;
  if (!(await exists(t, t.deploymentId, "deploy"))) t.deploymentId = await createDeployment(owner, t.slug);
  if (!(await exists(t, t.sandboxId, "sandbox"))) t.sandboxId = await createSandbox(owner, t.slug);
  const users = (await openBerth(t, "/api/admin/users")) as { users?: { name: string }[] };
  if (!users.users?.some((u) => u.name === t.accessKey)) t.accessKey = await createAccessKey(owner, t.slug);
  // The slug follows a rename of the target (a member's or the owner's accepted rename).
  const row = await env.DB.prepare("SELECT slug FROM workspaces WHERE id = ?").bind(t.id).first<string>("slug");
  if (row) t.slug = row;
}

/** Starts the person's session again if a request ended it (sign-out, revoking sessions). */
export async function keepSignedIn(person: Person): Promise<void> {
  const cookie = [...person.client.cookies].find(([name]) => name.endsWith("session_token"))?.[1];
  const token = cookie ? decodeURIComponent(cookie).split(".")[0] : undefined;
  const alive = token
    ? await env.DB.prepare("SELECT 1 AS ok FROM sessions WHERE token = ? AND expires_at > ?").bind(token, Date.now()).first("ok")
    : null;
  if (alive) return;
  const again = await signedIn({ email: person.email, name: person.name });
  person.client.cookies.clear();
  for (const [k, v] of again.client.cookies) person.client.cookies.set(k, v);
}

/** A fresh session of the same person, for requests that may end the session they carry. */
export async function disposableSession(person: Person): Promise<AppClient> {
  return (await signedIn({ email: person.email, name: person.name })).client;
}
