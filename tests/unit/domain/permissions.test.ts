import { describe, expect, it } from "vitest";
import type { Role } from "../../../domain/permissions";
import { PERMISSIONS, ROLES, isPermission, isRole, roleCan, rolesWith } from "../../../domain/permissions";
import { EXPECTED_ROLE_TABLE } from "./role-table";

const ROLE_INDEX: Record<Role, 0 | 1 | 2> = { owner: 0, admin: 1, member: 2 };

describe("permissions", () => {
  it("lists every permission once, as action:entity", () => {
    expect([...PERMISSIONS].sort()).toEqual(Object.keys(EXPECTED_ROLE_TABLE).sort());
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
    for (const p of PERMISSIONS) expect(p).toMatch(/^[a-z]+:[a-z-]+$/);
  });

  it("has three roles", () => {
    expect(ROLES).toEqual(["owner", "admin", "member"]);
  });

  it.each(ROLES.flatMap((role) => PERMISSIONS.map((permission) => [role, permission] as const)))(
    "roleCan(%s, %s)",
    (role, permission) => {
      expect(roleCan(role, permission)).toBe(EXPECTED_ROLE_TABLE[permission][ROLE_INDEX[role]]);
    },
  );

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
    expect(isRole("admin")).toBe(true);
    expect(isRole("superuser")).toBe(false);
  });
});
