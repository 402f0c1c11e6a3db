import { describe, expect, it } from "vitest";
import type { Membership } from "../../../domain/authorize";
import { authorizeMembershipChange, checkMembershipInvariants } from "../../../domain/authorize";

const owner = (accountId: string): Membership => ({ accountId, role: "owner" });
const admin = (accountId: string): Membership => ({ accountId, role: "admin" });
const member = (accountId: string): Membership => ({ accountId, role: "member" });

const TEAM = [owner("a"), admin("b"), member("c")];

describe("checkMembershipInvariants: exactly one owner, nobody twice", () => {
  it.each([
    ["a lone owner", [owner("a")]],
    ["an owner, an admin and a member", TEAM],
  ])("%s is fine", (_label, memberships) => {
    expect(checkMembershipInvariants(memberships)).toEqual({ allowed: true });
  });

  it.each([
    ["nobody", []],
    ["no owner", [admin("a"), member("b")]],
    ["two owners", [owner("a"), owner("b")]],
    ["the same account twice", [owner("a"), member("a")]],
    ["the same owner twice", [owner("a"), owner("a")]],
  ])("%s is refused", (_label, memberships) => {
    const decision = checkMembershipInvariants(memberships);
    expect(decision).toMatchObject({ allowed: false, status: 403, code: "invariant" });
    if (!decision.allowed) expect(decision.message.length).toBeGreaterThan(0);
  });
});

describe("authorizeMembershipChange", () => {
  it.each([
    ["add a member", { accountId: "d", newRole: "member" as const }],
    ["add an admin", { accountId: "d", newRole: "admin" as const }],
    ["promote a member to admin", { accountId: "c", newRole: "admin" as const }],
    ["demote an admin to member", { accountId: "b", newRole: "member" as const }],
    ["remove a member", { accountId: "c", newRole: null }],
    ["remove an admin", { accountId: "b", newRole: null }],
    ["remove someone who isn't there", { accountId: "z", newRole: null }],
    ["keep the owner an owner", { accountId: "a", newRole: "owner" as const }],
  ])("allowed: %s", (_label, change) => {
    expect(authorizeMembershipChange(TEAM, change)).toEqual({ allowed: true });
  });

  it.each([
    [
      "demote the only owner",
      { accountId: "a", newRole: "admin" as const },
      "A workspace needs an owner. Make someone else the owner first.",
    ],
    [
      "remove the only owner",
      { accountId: "a", newRole: null },
      "A workspace needs an owner. Make someone else the owner first.",
    ],
    ["make a second owner", { accountId: "b", newRole: "owner" as const }, "A workspace can only have one owner."],
    ["add a second owner", { accountId: "d", newRole: "owner" as const }, "A workspace can only have one owner."],
  ])("refused: %s", (_label, change, message) => {
    expect(authorizeMembershipChange(TEAM, change)).toEqual({ allowed: false, status: 403, code: "invariant", message });
  });

  it("does not quietly repair a list that was already broken", () => {
    const broken = [owner("a"), member("b"), admin("b")];
    expect(authorizeMembershipChange(broken, { accountId: "b", newRole: "member" })).toMatchObject({
      allowed: false,
      code: "invariant",
    });
  });

  it("does not change the list it was given", () => {
    const list = [owner("a"), member("b")];
    authorizeMembershipChange(list, { accountId: "b", newRole: null });
    expect(list).toEqual([owner("a"), member("b")]);
  });
});
