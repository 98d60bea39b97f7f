import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { startTestUaa, type TestUaa } from "@/lib/testing/uaa-provider";
import { migrate } from "../../scripts/migrate.mjs";
import { createUser, setRole } from "./accounts";
import { CLIENT_ADDRESS_HEADER } from "./address.mjs";

// better-auth in this process, its HTTP handler called directly (APP is never listened on), against the test UAA.
const APP = "http://127.0.0.1:3359";
const ADDRESS = "192.0.2.7";
const dir = mkdtempSync(path.join(tmpdir(), "rr-uaa-"));
process.env.DATABASE_URL = `file:${path.join(dir, "uaa.db")}`;
process.env.BETTER_AUTH_URL = APP;
process.env.BETTER_AUTH_SECRET = "test-secret-for-the-uaa-unit-tests-0123456789";

let idp: TestUaa;
let db: Sqlite;
let auth: typeof import("./auth").auth;

beforeAll(async () => {
  migrate({ log: () => {} });
  db = openSqlite();
  idp = await startTestUaa({
    port: 0,
    clientId: "rootless-ready",
    clientSecret: "client-secret",
    redirectUri: `${APP}/api/auth/callback/uaa`,
    users: [
      { user_name: "ana", email: "ana@example.com", given_name: "Ana", family_name: "Lima", groups: ["rootless_ready.admin"] },
      { user_name: "vic", email: "Vic@Example.com" },
      { user_name: "nomail" },
      { user_name: "root@example.com", email: "root@example.com" },
      { user_name: "pat", email: "pat@example.com", email_verified: false },
      { user_name: "pre", email: "pre@example.com" },
    ],
  });
  Object.assign(process.env, { UAA_URL: idp.url, UAA_CLIENT_ID: "rootless-ready", UAA_CLIENT_SECRET: "client-secret" });
  ({ auth } = await import("./auth"));
});
afterAll(async () => {
  await idp?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const headers = { "content-type": "application/json", origin: APP, [CLIENT_ADDRESS_HEADER]: ADDRESS };

function startSignIn(body: object = {}) {
  return auth.handler(
    new Request(`${APP}/api/auth/sign-in/social`, {
      method: "POST",
      headers,
      body: JSON.stringify({ provider: "uaa", callbackURL: "/", errorCallbackURL: "/sign-in?error=uaa", disableRedirect: true, ...body }),
    }),
  );
}

/** The browser's round trip: our sign-in start, UAA's authorize, our callback. */
async function signInThroughUaa(userName: string) {
  idp.signInAs(userName);
  const start = await startSignIn();
  expect(start.status, await start.clone().text()).toBe(200);
  const { url } = (await start.json()) as { url: string };
  const cookie = start.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const authorized = await fetch(url, { redirect: "manual" });
  const callback = authorized.headers.get("location")!;
  expect(callback.startsWith(`${APP}/api/auth/callback/uaa?`)).toBe(true);
  const done = await auth.handler(new Request(callback, { headers: { cookie, [CLIENT_ADDRESS_HEADER]: ADDRESS } }));
  return { location: done.headers.get("location"), signedIn: done.headers.getSetCookie().some((c) => /session_token=[^;]/.test(c)), authorizeUrl: new URL(url) };
}

const user = (email: string) => db.prepare(`SELECT id, role, name FROM User WHERE email = ?`).get(email) as { id: string; role: string; name: string } | undefined;
const events = (action: string) =>
  (db.prepare(`SELECT actor, target, address, details FROM AuditEvent WHERE action = ? ORDER BY id`).all(action) as { actor: string; target: string | null; address: string | null; details: string }[]).map((e) => ({
    ...e,
    details: JSON.parse(e.details) as Record<string, unknown>,
  }));

describe("UAA sign-in", () => {
  it("is refused before /setup made the first administrator", async () => {
    const res = await startSignIn();
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/not set up yet/);
    await createUser(db, { email: "root@example.com", role: "admin", password: "a-long-local-password" }, { actor: "test" });
  });

  it("asks UAA for openid, email, profile and the rootless_ready group scopes, with PKCE and a nonce", async () => {
    const { authorizeUrl } = await signInThroughUaa("vic");
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(`${idp.url}/oauth/authorize`);
    expect(authorizeUrl.searchParams.get("scope")!.split(" ").sort()).toEqual(["email", "openid", "profile", "rootless_ready.admin", "rootless_ready.owner"]);
    expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorizeUrl.searchParams.get("nonce")).toBeTruthy();
    expect(idp.tokenAuth.at(-1)).toBe("client_secret_basic");
  });

  it("creates a viewer at the first sign-in and records it with the client's address", async () => {
    expect(user("vic@example.com")).toMatchObject({ role: "viewer", name: "vic" });
    expect(events("auth.sign_in").at(-1)).toEqual({ actor: "vic@example.com", target: "user vic@example.com", address: ADDRESS, details: { method: "uaa", role: "viewer" } });
  });

  it("makes a member of rootless_ready.admin an admin, and demotes them at the sign-in after they leave the group", async () => {
    expect(await signInThroughUaa("ana")).toMatchObject({ location: "/", signedIn: true });
    expect(user("ana@example.com")).toMatchObject({ role: "admin", name: "Ana Lima" });
    expect(events("user.role").at(-1)).toMatchObject({ actor: "uaa", target: "user ana@example.com", details: { from: "viewer", to: "admin" } });

    idp.setGroups("ana", ["rootless_ready.owner"]);
    await signInThroughUaa("ana");
    expect(user("ana@example.com")?.role).toBe("owner");

    idp.setGroups("ana", []);
    await signInThroughUaa("ana");
    expect(user("ana@example.com")?.role).toBe("viewer");
    expect(events("user.role").at(-1)).toMatchObject({ actor: "uaa", details: { from: "owner", to: "viewer" } });
  });

  it("never demotes the last administrator", async () => {
    idp.setGroups("ana", ["rootless_ready.admin"]);
    await signInThroughUaa("ana");
    setRole(db, "root@example.com", "viewer", { actor: "test" });
    idp.setGroups("ana", []);
    expect((await signInThroughUaa("ana")).signedIn).toBe(true);
    expect(user("ana@example.com")?.role).toBe("admin");
    setRole(db, "root@example.com", "admin", { actor: "test" });
  });

  it("refuses a UAA account without an email, saying so on the sign-in page", async () => {
    const r = await signInThroughUaa("nomail");
    expect(r.signedIn).toBe(false);
    expect(new URL(r.location!, APP).searchParams.getAll("error")).toEqual(["uaa", "email_not_found"]);
    expect(events("auth.sign_in_failed").at(-1)).toMatchObject({ actor: "uaa", address: ADDRESS, details: { method: "uaa", reason: "email_not_found" } });
  });

  it("links an account with a password and keeps the role /admin gave it", async () => {
    const before = user("root@example.com")!;
    expect((await signInThroughUaa("root@example.com")).signedIn).toBe(true);
    expect(user("root@example.com")).toMatchObject({ id: before.id, role: "admin" });
  });

  it("links an account an administrator made for UAA sign-in, by its verified email", async () => {
    const made = await createUser(db, { email: "pre@example.com", role: "viewer", password: null }, { actor: "test" });
    expect((await signInThroughUaa("pre")).signedIn).toBe(true);
    expect(user("pre@example.com")?.id).toBe(made.id);
  });

  it("does not link an existing account to a UAA email UAA has not verified", async () => {
    await createUser(db, { email: "pat@example.com", role: "admin", password: "a-long-local-password" }, { actor: "test" });
    const r = await signInThroughUaa("pat");
    expect(r.signedIn).toBe(false);
    expect(new URL(r.location!, APP).searchParams.getAll("error")).toContain("account_not_linked");
  });

  it("accepts only id tokens from UAA's issuer, <UAA_URL>/oauth/token", async () => {
    idp.misissue(idp.url);
    try {
      const r = await signInThroughUaa("vic");
      expect(r.signedIn).toBe(false);
      expect(new URL(r.location!, APP).searchParams.getAll("error")).toEqual(["uaa", "unable_to_get_user_info"]);
    } finally {
      idp.misissue(null);
    }
    expect((await signInThroughUaa("vic")).signedIn).toBe(true);
  });

  it("refuses an id token posted by a client instead of UAA's sign-in page", async () => {
    const res = await startSignIn({ idToken: { token: "a.b.c" } });
    expect(res.status).toBe(400);
  });
});
