/**
 * The one way integration tests set up who is signed in, on which plan, with which role —
 * and a workspace that is Ready — when that is not what they are about:
 *
 *   const ws = await readyWorkspace({ plan: "pro@1", role: "admin" });
 *   await ws.client.fetch(`/workspaces/${ws.slug}/secrets`); // as the admin
 *   await ws.owner.client.fetch(…);                          // as its owner
 *
 * Plan changes and memberships go through setPlan and addMember, here and nowhere else:
 * tests hold no `UPDATE accounts` or `INSERT INTO memberships` of their own. People are
 * signed in through the session test control; signing in itself is tested through the
 * real flow (the Google stand-in's account chooser) in sign-in.test.ts.
 */
import { env } from "cloudflare:workers";
import { AppClient } from "./app-client";
import { createWorkspace, lifecycleOf, pumpUntil } from "./infra-world";
import { accountIdOf } from "./records";

export type WorkspaceRole = "owner" | "admin" | "member";

/** Someone signed in: their own cookie jar, and who they are. */
export interface Person {
  client: AppClient;
  email: string;
  name: string;
  accountId: string;
}

export interface ReadyWorkspace {
  id: string;
  slug: string;
  name: string;
  region: string;
  /** The infra service's id for its server, and the server's address. */
  resourceId: string;
  endpointUrl: string;
  owner: Person;
  /** Who the test acts as: the owner, or a second account holding `role`. */
  as: Person;
  /** `as.client`, the client most tests use. */
  client: AppClient;
  role: WorkspaceRole;
}

let people = 0;

/**
 * Signs someone in (a new account on first sign-in, on the trial) and, when `plan` is
 * given, puts them on it. Emails default to a fresh one per call.
 */
export async function signedIn(who: { email?: string; name?: string; plan?: string } = {}): Promise<Person> {
  const n = ++people;
  const email = who.email ?? `person-${n}@example.com`;
  const name = who.name ?? `Person ${n}`;
  const client = new AppClient();
  await startSession(client, { email, name });
  if (who.plan) await setPlan(email, who.plan);
  return { client, email, name, accountId: await accountIdOf(email) };
}

/**
 * A workspace that is Ready: its owner signed in and on `plan`, the workspace created
 * through the real form action, and the infra stand-in's events delivered until Ready.
 * For `role` admin or member, a second account signs in and joins it with that role.
 */
export async function readyWorkspace(options: {
  plan: string;
  role: WorkspaceRole;
  region?: string;
  name?: string;
  /** Who owns it: someone already signed in, or a fresh account (optionally named). */
  owner?: Person | { email?: string; name?: string };
  /** Who holds `role`, when it is not owner (defaults to a fresh account). */
  member?: { email?: string; name?: string };
}): Promise<ReadyWorkspace> {
  const { plan, role, region = "eu-west", name = "Workspace" } = options;
  const owner = options.owner && "client" in options.owner ? options.owner : await signedIn({ ...options.owner, plan });
  if (owner === options.owner) await setPlan(owner.email, plan);
  const { id, slug } = await createWorkspace(owner.client, name, region);
  // Signed in while the server boots: the events are pumped after.
  const as = role === "owner" ? owner : await signedIn(options.member);
  await pumpUntil(id, "ready");
  if (role !== "owner") await addMember(as.email, id, role);
  const row = (await lifecycleOf(id))!;
  return {
    id,
    slug,
    name,
    region,
    resourceId: row.infra_resource_id!,
    endpointUrl: row.endpoint_url!,
    owner,
    as,
    client: as.client,
    role,
  };
}

/** Signs a second (or third…) account in and gives it `role` in the workspace. */
export async function joinAs(
  workspace: Pick<ReadyWorkspace, "id">,
  role: Exclude<WorkspaceRole, "owner">,
  who: { email?: string; name?: string } = {},
): Promise<Person> {
  const person = await signedIn(who);
  await addMember(person.email, workspace.id, role);
  return person;
}

/**
 * Puts an account on a plan as a billing sync would record it — a paid plan on an `active`
 * subscription, a trial plan on `trial` — without Stripe (billing's own tests go through the
 * Stripe stand-in); `trialEndsAt` (ms, or null for none) moves or clears its trial's end too.
 */
export async function setPlan(email: string, planId: string, options: { trialEndsAt?: number | null } = {}): Promise<void> {
  const trial = options.trialEndsAt !== undefined;
  const state = planId.startsWith("trial") ? "trial" : "active";
  const result = await env.DB.prepare(
    `UPDATE accounts SET plan_id = ?, billing_state = ?, billing_ended_reason = NULL${trial ? ", trial_ends_at = ?" : ""} WHERE email = ?`,
  )
    .bind(planId, state, ...(trial ? [options.trialEndsAt] : []), email)
    .run();
  if (result.meta.changes !== 1) throw new Error(`setPlan: no account ${email}`);
}

/** Gives an account a role in a workspace (invitations arrive in a later phase). */
export async function addMember(email: string, workspaceId: string, role: Exclude<WorkspaceRole, "owner">): Promise<void> {
  const result = await env.DB.prepare(
    "INSERT INTO memberships (account_id, workspace_id, role) SELECT id, ?, ? FROM accounts WHERE email = ?",
  )
    .bind(workspaceId, role, email)
    .run();
  if (result.meta.changes !== 1) throw new Error(`addMember: no account ${email}`);
}

/**
 * A session for a test that is not about signing in: the `POST /__test/session` test
 * control (app/routes/test-controls/session.ts) finds or creates the account through
 * Better Auth, as the Google callback does, and answers with the real session cookie —
 * without the round trip through the Google stand-in's account chooser (≈ 10× faster).
 */
async function startSession(client: AppClient, who: { email: string; name: string }): Promise<void> {
  const res = await client.fetch("/__test/session", { json: who });
  if (!res.ok) throw new Error(`/__test/session answered ${res.status}: ${await res.text()}`);
  if (!hasSession(client)) throw new Error("/__test/session answered without a session cookie");
}

function hasSession(client: AppClient): boolean {
  return [...client.cookies.keys()].some((name) => name.endsWith("session_token"));
}
