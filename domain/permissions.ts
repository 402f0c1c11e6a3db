// Roles and what each may do. THE one table of permissions: for each permission, which
// roles hold it and how the workspace's plan and state bear on it. Every list of
// permissions is derived from it, and authorize.ts reads it (adding plan entitlements and
// invariants on top).

export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];
/** What an invitation or a role change can give: never owner (ownership moves only by transfer, phase 5). */
export const INVITED_ROLES = ["admin", "member"] as const;
export type InvitedRole = (typeof INVITED_ROLES)[number];

/** Inside a workspace: its role holders may do it, subject to the workspace's state and plan. */
type WorkspaceRow = {
  scope: "workspace";
  /** Roles that hold it, strongest first. */
  roles: readonly Role[];
  /**
   * Still allowed while the workspace is paused — also when its billing owner's trial has
   * ended, or its plan can't be read. Everyday changes are not; looking around, renaming
   * (the name is Harbor's own label, nothing on the server changes) and the ways out of a
   * pause (delete, billing, transfer to a billing owner with room) are.
   */
  whilePaused: boolean;
  /** Adds a deployment (sandboxes included): refused once the plan's count is reached. */
  creates: boolean;
  /** May ask for memory or processor cores: refused above the plan's sizes. */
  sized: boolean;
};

/** About the signed-in account itself: no workspace role grants it. */
type AccountRow = { scope: "account" };

const EVERYONE = ROLES;
const ADMINS = ["owner", "admin"] as const;
// Things that can't be undone or that touch money stay with the owner.
const OWNER = ["owner"] as const;

export const PERMISSION_TABLE = Object.freeze({
  // Looking around: every member, always.
  "view:workspace": { scope: "workspace", roles: EVERYONE, whilePaused: true, creates: false, sized: false },
  "view:deployment": { scope: "workspace", roles: EVERYONE, whilePaused: true, creates: false, sized: false },
  "view:sandbox": { scope: "workspace", roles: EVERYONE, whilePaused: true, creates: false, sized: false },
  "view:logs": { scope: "workspace", roles: EVERYONE, whilePaused: true, creates: false, sized: false },
  // Everyday changes to what runs: every member, not while paused.
  "create:deployment": { scope: "workspace", roles: EVERYONE, whilePaused: false, creates: true, sized: true },
  "update:deployment": { scope: "workspace", roles: EVERYONE, whilePaused: false, creates: false, sized: true },
  "delete:deployment": { scope: "workspace", roles: EVERYONE, whilePaused: false, creates: false, sized: false },
  "create:sandbox": { scope: "workspace", roles: EVERYONE, whilePaused: false, creates: true, sized: true },
  "update:sandbox": { scope: "workspace", roles: EVERYONE, whilePaused: false, creates: false, sized: true },
  "delete:sandbox": { scope: "workspace", roles: EVERYONE, whilePaused: false, creates: false, sized: false },
  // Everyday changes to how the workspace works: owner and admins, not while paused.
  "manage:access-key": { scope: "workspace", roles: ADMINS, whilePaused: false, creates: false, sized: false },
  "manage:secret": { scope: "workspace", roles: ADMINS, whilePaused: false, creates: false, sized: false },
  "manage:settings": { scope: "workspace", roles: ADMINS, whilePaused: false, creates: false, sized: false },
  // Harbor's own label: open while paused.
  "rename:workspace": { scope: "workspace", roles: ADMINS, whilePaused: true, creates: false, sized: false },
  // People (phase 4). Seeing who is in: everyone. Inviting: owner and admins, not while paused.
  // Removing people and leaving stay open while paused (access must be taken away at any time);
  // which role may remove or re-role whom is domain/people/membership-rules.ts.
  "view:people": { scope: "workspace", roles: EVERYONE, whilePaused: true, creates: false, sized: false },
  "invite:people": { scope: "workspace", roles: ADMINS, whilePaused: false, creates: false, sized: false },
  "remove:member": { scope: "workspace", roles: ADMINS, whilePaused: true, creates: false, sized: false },
  "change:role": { scope: "workspace", roles: OWNER, whilePaused: true, creates: false, sized: false },
  "leave:workspace": { scope: "workspace", roles: EVERYONE, whilePaused: true, creates: false, sized: false },
  // The ways out of a pause: the owner only, open while paused.
  "delete:workspace": { scope: "workspace", roles: OWNER, whilePaused: true, creates: false, sized: false },
  "manage:billing": { scope: "workspace", roles: OWNER, whilePaused: true, creates: false, sized: false },
  "transfer:workspace": { scope: "workspace", roles: OWNER, whilePaused: true, creates: false, sized: false },
  // The signed-in account's own.
  "create:workspace": { scope: "account" },
  "view:account": { scope: "account" },
} as const satisfies Record<`${string}:${string}`, WorkspaceRow | AccountRow>);

type Table = typeof PERMISSION_TABLE;

/** Every permission, as "action:entity". */
export type Permission = keyof Table;
/** Permissions checked against a workspace membership. */
export type WorkspacePermission = { [P in Permission]: Table[P] extends WorkspaceRow ? P : never }[Permission];
/** Permissions about the signed-in account itself; no workspace role involved. */
export type AccountPermission = Exclude<Permission, WorkspacePermission>;
/** Permissions whose requests may ask for memory or processor cores. */
export type SizedPermission = { [P in Permission]: Table[P] extends { sized: true } ? P : never }[Permission];

export const PERMISSIONS: readonly Permission[] = Object.freeze(Object.keys(PERMISSION_TABLE) as Permission[]);

export function isPermission(x: unknown): x is Permission {
  return typeof x === "string" && Object.hasOwn(PERMISSION_TABLE, x);
}

export function isWorkspacePermission(p: Permission): p is WorkspacePermission {
  return isPermission(p) && PERMISSION_TABLE[p].scope === "workspace";
}

function workspaceRow(p: Permission): WorkspaceRow | null {
  const row: WorkspaceRow | AccountRow | undefined = isPermission(p) ? PERMISSION_TABLE[p] : undefined;
  return row?.scope === "workspace" ? row : null;
}

export const WORKSPACE_PERMISSIONS: readonly WorkspacePermission[] = Object.freeze(PERMISSIONS.filter(isWorkspacePermission));
export const ACCOUNT_PERMISSIONS: readonly AccountPermission[] = Object.freeze(
  PERMISSIONS.filter((p): p is AccountPermission => !isWorkspacePermission(p)),
);

/** Still allowed while the workspace is paused (or its trial has ended, or its plan is unreadable). */
export function allowedWhilePaused(p: WorkspacePermission): boolean {
  return workspaceRow(p)?.whilePaused ?? false;
}

/** Adds a deployment or sandbox: counts against the plan's limit. */
export function countsAgainstPlan(p: Permission): boolean {
  return workspaceRow(p)?.creates ?? false;
}

/** May ask for memory or processor cores: checked against the plan's sizes. */
export function isSized(p: Permission): p is SizedPermission {
  return workspaceRow(p)?.sized ?? false;
}

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly WorkspacePermission[]>> = Object.freeze(
  Object.fromEntries(
    ROLES.map((role) => [role, Object.freeze(WORKSPACE_PERMISSIONS.filter((p) => workspaceRow(p)!.roles.includes(role)))]),
  ) as Record<Role, readonly WorkspacePermission[]>,
);

export function roleCan(role: Role, permission: Permission): boolean {
  return workspaceRow(permission)?.roles.includes(role) ?? false;
}

/** Roles that hold a permission, strongest first (used to word refusals). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => roleCan(role, permission));
}

export function isRole(x: unknown): x is Role {
  return typeof x === "string" && (ROLES as readonly string[]).includes(x);
}
