import { describe, expect, it } from "vitest";
import { identityFromClaims, parseUaaConfig, roleAtSignIn, roleFromScopes, uaaErrorMessage } from "./uaa-policy";

const full = { UAA_URL: "https://uaa.sys.example.com/", UAA_CLIENT_ID: "rootless-ready", UAA_CLIENT_SECRET: "s3cret" };

describe("parseUaaConfig", () => {
  it("is off, quietly, without any UAA variable", () => {
    expect(parseUaaConfig({})).toEqual({ on: false, problem: null });
    expect(parseUaaConfig({ UAA_URL: "  " })).toEqual({ on: false, problem: null });
  });

  it("is on with all three, discovering at <UAA_URL>/.well-known/openid-configuration", () => {
    expect(parseUaaConfig(full)).toEqual({
      on: true,
      config: { url: "https://uaa.sys.example.com", clientId: "rootless-ready", clientSecret: "s3cret", discoveryUrl: "https://uaa.sys.example.com/.well-known/openid-configuration" },
    });
  });

  it("is off with a problem naming what is missing when only some are set", () => {
    expect(parseUaaConfig({ UAA_URL: full.UAA_URL, UAA_CLIENT_ID: "x" })).toEqual({ on: false, problem: "UAA_CLIENT_SECRET is not set (UAA_URL and UAA_CLIENT_ID are)" });
    expect(parseUaaConfig({ UAA_CLIENT_SECRET: "x" })).toEqual({ on: false, problem: "UAA_URL and UAA_CLIENT_ID are not set (UAA_CLIENT_SECRET is)" });
  });

  it("refuses a URL the client secret should not travel to, without echoing it", () => {
    const off = (url: string) => parseUaaConfig({ ...full, UAA_URL: url });
    expect(off("uaa.example.com")).toEqual({ on: false, problem: "UAA_URL is not a URL" });
    expect(off("http://uaa.example.com")).toEqual({ on: false, problem: "UAA_URL must be an https:// URL" });
    expect(off("https://u:p@uaa.example.com")).toMatchObject({ on: false });
    expect(off("http://127.0.0.1:8080/uaa")).toMatchObject({ on: true, config: { discoveryUrl: "http://127.0.0.1:8080/uaa/.well-known/openid-configuration" } });
  });
});

describe("roles from UAA scopes", () => {
  it("admin over owner over viewer", () => {
    expect(roleFromScopes(["openid", "email"])).toBe("viewer");
    expect(roleFromScopes(["openid", "rootless_ready.owner"])).toBe("owner");
    expect(roleFromScopes(["rootless_ready.owner", "rootless_ready.admin"])).toBe("admin");
    expect(roleFromScopes(["rootless_ready.administrator", "cloud_controller.admin"])).toBe("viewer");
  });

  const uaaOnly = { hasPassword: false, hasOwnerAssignments: false };
  it("follows UAA's groups at every sign-in of an account without a password: leaving a group demotes", () => {
    expect(roleAtSignIn("admin", { ...uaaOnly, current: "viewer" })).toBe("admin");
    expect(roleAtSignIn("viewer", { ...uaaOnly, current: "admin" })).toBe("viewer");
    expect(roleAtSignIn("owner", { ...uaaOnly, current: "admin" })).toBe("owner");
  });

  it("keeps an account with owner assignments an owner", () => {
    expect(roleAtSignIn("viewer", { ...uaaOnly, hasOwnerAssignments: true, current: "owner" })).toBe("owner");
    expect(roleAtSignIn("admin", { ...uaaOnly, hasOwnerAssignments: true, current: "owner" })).toBe("admin");
  });

  it("leaves the role of an account with a password as /admin set it", () => {
    expect(roleAtSignIn("viewer", { hasPassword: true, hasOwnerAssignments: false, current: "admin" })).toBe("admin");
    expect(roleAtSignIn("admin", { hasPassword: true, hasOwnerAssignments: false, current: "viewer" })).toBe("viewer");
  });
});

describe("identityFromClaims", () => {
  it("takes the email claim, lower-cased, and a name from given and family name", () => {
    expect(identityFromClaims({ email: "Ana@Example.com", user_name: "ana", given_name: "Ana", family_name: "Lima" })).toEqual({ email: "ana@example.com", name: "Ana Lima" });
  });

  it("falls back to user_name when it is an address, and names by user_name", () => {
    expect(identityFromClaims({ user_name: "bo@example.com" })).toEqual({ email: "bo@example.com", name: "bo@example.com" });
    expect(identityFromClaims({ email: "not an address", user_name: "bo@example.com" })?.email).toBe("bo@example.com");
    expect(identityFromClaims({ email: "cy@example.com", user_name: "cy" })).toEqual({ email: "cy@example.com", name: "cy" });
  });

  it("is null without an email claim or an address as user_name", () => {
    expect(identityFromClaims({ user_name: "admin" })).toBeNull();
    expect(identityFromClaims({ email: 42, user_name: ["x@y.z"] })).toBeNull();
  });
});

describe("uaaErrorMessage", () => {
  it("explains a missing email and an unverified email, and is generic otherwise", () => {
    expect(uaaErrorMessage(["uaa", "email_not_found"])).toMatch(/no email address/);
    expect(uaaErrorMessage(["uaa", "account_not_linked"])).toMatch(/not verified/);
    expect(uaaErrorMessage(["uaa", "<script>"])).toBe("Cloud Foundry sign-in did not complete. Try again, or ask your platform team.");
  });
});
