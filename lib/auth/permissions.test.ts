import { describe, expect, it } from "vitest";
import { ACTIONS, can, type Actor, type Action, type OwnerScope } from "./permissions";

const actor = (role: Actor["role"], scopes: OwnerScope[] = [], via: Actor["via"] = "session"): Actor => ({ userId: "u1", name: "u1@example.com", role, scopes, via });
const orgA = { foundation: "prod", orgGuid: "org-a", spaceGuid: "space-a1" };
const orgAOtherSpace = { foundation: "prod", orgGuid: "org-a", spaceGuid: "space-a2" };
const orgB = { foundation: "prod", orgGuid: "org-b", spaceGuid: "space-b1" };
const orgAOnStaging = { foundation: "staging", orgGuid: "org-a", spaceGuid: "space-a1" };

describe("the role × action table", () => {
  const expected: Record<Actor["role"], Action[]> = {
    admin: [...ACTIONS],
    owner: ["read", "export"],
    viewer: ["read", "export"],
  };
  for (const role of ["admin", "owner", "viewer"] as const)
    for (const action of ACTIONS)
      if (action !== "act")
        it(`${role} ${expected[role].includes(action) ? "may" : "may not"} ${action}`, () => {
          expect(can(actor(role), action)).toBe(expected[role].includes(action));
        });

  it("an anonymous caller may do nothing, not even read", () => {
    for (const action of ACTIONS) expect(can(actor("admin", [], "anonymous"), action, orgA)).toBe(false);
  });
});

describe("acting on an app: role × scope", () => {
  const orgOwner = actor("owner", [{ foundation: "prod", orgGuid: "org-a", spaceGuid: null }]);
  const spaceOwner = actor("owner", [{ foundation: "prod", orgGuid: "org-a", spaceGuid: "space-a1" }]);

  it("an admin acts on every app", () => {
    for (const app of [orgA, orgB, orgAOnStaging]) expect(can(actor("admin"), "act", app)).toBe(true);
  });
  it("an org owner acts on every space of the org, on that foundation only", () => {
    expect(can(orgOwner, "act", orgA)).toBe(true);
    expect(can(orgOwner, "act", orgAOtherSpace)).toBe(true);
    expect(can(orgOwner, "act", orgB)).toBe(false);
    expect(can(orgOwner, "act", orgAOnStaging)).toBe(false);
  });
  it("a space owner acts on that space only", () => {
    expect(can(spaceOwner, "act", orgA)).toBe(true);
    expect(can(spaceOwner, "act", orgAOtherSpace)).toBe(false);
  });
  it("an app whose org is unknown is outside every owner's scope", () => {
    expect(can(orgOwner, "act", { foundation: "prod", orgGuid: null, spaceGuid: null })).toBe(false);
  });
  it("a viewer acts on nothing, whatever scopes it carries", () => {
    expect(can(actor("viewer", [{ foundation: "prod", orgGuid: "org-a", spaceGuid: null }]), "act", orgA)).toBe(false);
  });
  it("acting without naming the app is refused to owners", () => {
    expect(can(orgOwner, "act")).toBe(false);
  });
});
