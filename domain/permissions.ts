// Roles and what each may do inside a workspace. The one table of permissions;
// authorize.ts adds plan entitlements and invariants on top.

export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

/** Permissions checked against a workspace membership, as "action:entity". */
export const WORKSPACE_PERMISSIONS = [
  "view:workspace",
  "view:deployment",
  "view:sandbox",
  "view:logs",
  "create:deployment",
  "update:deployment",
  "delete:deployment",
  "create:sandbox",
  "update:sandbox",
  "delete:sandbox",
  "manage:access-key",
  "manage:secret",
  "manage:settings",
  "rename:workspace",
  "delete:workspace",
  "manage:billing",
  "transfer:workspace",
] as const;
export type WorkspacePermission = (typeof WORKSPACE_PERMISSIONS)[number];

/** Permissions about the signed-in account itself; no workspace role involved. */
export const ACCOUNT_PERMISSIONS = ["create:workspace", "view:account"] as const;
export type AccountPermission = (typeof ACCOUNT_PERMISSIONS)[number];

export const PERMISSIONS = [...WORKSPACE_PERMISSIONS, ...ACCOUNT_PERMISSIONS] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isPermission(x: unknown): x is Permission {
  return typeof x === "string" && (PERMISSIONS as readonly string[]).includes(x);
}

export function isWorkspacePermission(p: Permission): p is WorkspacePermission {
  return (WORKSPACE_PERMISSIONS as readonly string[]).includes(p);
}

const EVERYONE: readonly WorkspacePermission[] = [
  "view:workspace",
  "view:deployment",
  "view:sandbox",
  "view:logs",
  "create:deployment",
  "update:deployment",
  "delete:deployment",
  "create:sandbox",
  "update:sandbox",
  "delete:sandbox",
];

const ADMINS: readonly WorkspacePermission[] = [
  ...EVERYONE,
  "manage:access-key",
  "manage:secret",
  "manage:settings",
  "rename:workspace",
];

// Things that can't be undone or that touch money stay with the owner.
const OWNER: readonly WorkspacePermission[] = [...ADMINS, "delete:workspace", "manage:billing", "transfer:workspace"];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly WorkspacePermission[]>> = Object.freeze({
  owner: Object.freeze(OWNER),
  admin: Object.freeze(ADMINS),
  member: Object.freeze(EVERYONE),
});

export function roleCan(role: Role, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role] as readonly string[]).includes(permission);
}

/** Roles that hold a permission, strongest first (used to word refusals). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => roleCan(role, permission));
}

export function isRole(x: unknown): x is Role {
  return typeof x === "string" && (ROLES as readonly string[]).includes(x);
}
