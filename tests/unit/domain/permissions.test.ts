import { describe, expect, it } from "vitest";
import {
  ACCOUNT_PERMISSIONS,
  PERMISSION_TABLE,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
  WORKSPACE_PERMISSIONS,
  isPermission,
  isRole,
  isWorkspacePermission,
  roleCan,
  rolesWith,
} from "../../../domain/permissions";

// What each role may do is checked as behaviour in authorize.test.ts and, end to end
// through the pages, in tests/integration/openberth-permissions.test.ts (written out by
// hand there). Here: the lists derived from the one table agree with it.

describe("permissions", () => {
  it("lists every permission once, as action:entity", () => {
    expect(PERMISSIONS).toEqual(Object.keys(PERMISSION_TABLE));
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
    for (const p of PERMISSIONS) expect(p).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it("splits into workspace and account permissions, with nothing left over", () => {
    expect([...WORKSPACE_PERMISSIONS, ...ACCOUNT_PERMISSIONS].sort()).toEqual([...PERMISSIONS].sort());
    expect(ACCOUNT_PERMISSIONS).toEqual(["create:workspace", "view:account"]);
    for (const p of WORKSPACE_PERMISSIONS) expect(isWorkspacePermission(p)).toBe(true);
    for (const p of ACCOUNT_PERMISSIONS) expect(isWorkspacePermission(p)).toBe(false);
  });

  it("has three roles", () => {
    expect(ROLES).toEqual(["owner", "admin", "member"]);
  });

  it.each(ROLES)("ROLE_PERMISSIONS.%s is what roleCan says", (role) => {
    expect(ROLE_PERMISSIONS[role]).toEqual(PERMISSIONS.filter((p) => roleCan(role, p)));
  });

  it("the owner holds every workspace permission; no role holds an account permission", () => {
    expect(ROLE_PERMISSIONS.owner).toEqual(WORKSPACE_PERMISSIONS);
    for (const role of ROLES) for (const p of ACCOUNT_PERMISSIONS) expect(roleCan(role, p)).toBe(false);
  });

  it("roles are nested: a member's permissions are an admin's, an admin's are the owner's", () => {
    for (const p of ROLE_PERMISSIONS.member) expect(roleCan("admin", p)).toBe(true);
    for (const p of ROLE_PERMISSIONS.admin) expect(roleCan("owner", p)).toBe(true);
  });

  it("rolesWith names the holders strongest first", () => {
    expect(rolesWith("delete:workspace")).toEqual(["owner"]);
    expect(rolesWith("manage:secret")).toEqual(["owner", "admin"]);
    expect(rolesWith("view:logs")).toEqual(["owner", "admin", "member"]);
    expect(rolesWith("view:account")).toEqual([]);
  });

  it("guards", () => {
    expect(isPermission("view:logs")).toBe(true);
    expect(isPermission("view:everything")).toBe(false);
    expect(isPermission("toString")).toBe(false);
    expect(isPermission("__proto__")).toBe(false);
    expect(roleCan("owner", "toString" as never)).toBe(false);
    expect(isRole("admin")).toBe(true);
    expect(isRole("superuser")).toBe(false);
  });
});
