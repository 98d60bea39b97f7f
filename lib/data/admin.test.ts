import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "@/lib/api/errors";
import { createUser } from "@/lib/auth/accounts";
import type { Actor } from "@/lib/auth/permissions";
import { audit } from "@/lib/db/audit";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { auditQuery } from "@/lib/schemas/admin";
import { migrate } from "../../scripts/migrate.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "rr-admin-data-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const admin = await import("./admin");

let db: Sqlite;
let adminActor: Actor;
const viewer: Actor = { userId: "v1", name: "viewer@example.com", role: "viewer", scopes: [], via: "session" };
const owner: Actor = { userId: "o1", name: "owner@example.com", role: "owner", scopes: [{ foundation: "prod", orgGuid: "o", spaceGuid: null }], via: "token" };

beforeAll(async () => {
  migrate({ log: () => {} });
  db = openSqlite();
  const u = await createUser(db, { email: "root@example.com", role: "admin", password: null }, { actor: "test" });
  adminActor = { userId: u.id, name: u.email, role: "admin", scopes: [], via: "session" };
  const at = (iso: string) => db.prepare(`UPDATE AuditEvent SET at = ? WHERE id = (SELECT MAX(id) FROM AuditEvent)`).run(iso.replace("Z", "+00:00"));
  audit(db, { actor: "ana@example.com", action: "snapshot.upload", foundation: "prod", target: "snapshot 1" });
  at("2026-11-01T10:00:00.000Z");
  audit(db, { actor: "bo@example.com", action: "snapshot.delete", foundation: "prod", target: "snapshot 1" });
  at("2026-11-02T10:00:00.000Z");
  audit(db, { actor: "ana@example.com", action: "snapshot.upload", foundation: "dev", target: "snapshot 2", address: "192.0.2.7", details: { apps: 3 } });
  at("2026-11-03T10:00:00.000Z");
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("every admin data function refuses anyone but an admin", () => {
  // found from the module's exports, so a function added later is covered without editing this test
  const guarded = Object.entries(admin).filter(([name, fn]) => name.startsWith("admin") && typeof fn === "function") as [string, (...a: unknown[]) => unknown][];

  it("covers the functions of users, owners, tokens and the audit log", () => {
    expect(guarded.map(([n]) => n).sort()).toEqual(
      expect.arrayContaining(["adminListUsers", "adminCreateUser", "adminSetRole", "adminDeleteUser", "adminListOwners", "adminAddOwner", "adminRemoveOwner", "adminImportOwners", "adminListTokens", "adminMintToken", "adminRevokeToken", "adminAuditPage", "adminAuditActions"]),
    );
  });

  for (const who of [viewer, owner, { ...viewer, role: "admin", via: "anonymous" } satisfies Actor]) {
    it(`answers 403 to ${who.role} (${who.via}) and changes nothing`, async () => {
      const events = db.prepare(`SELECT COUNT(*) FROM AuditEvent`).pluck().get();
      for (const [name, fn] of guarded) {
        const outcome = await Promise.resolve()
          .then(() => fn(who, "192.0.2.1", { email: "x@example.com", role: "admin", name: "n", foundation: "prod", org: "o" }))
          .then(() => "allowed", (e: unknown) => (e instanceof ApiError ? e.status : e));
        expect(outcome, name).toBe(403);
      }
      expect(db.prepare(`SELECT COUNT(*) FROM AuditEvent`).pluck().get()).toBe(events);
    });
  }
});

describe("the audit log", () => {
  const page = (q: Record<string, string> = {}) => admin.adminAuditPage(adminActor, auditQuery.parse(q));
  const targets = (q: Record<string, string> = {}) => page(q).items.filter((i) => i.action.startsWith("snapshot")).map((i) => `${i.actor} ${i.action} ${i.foundation}`);

  it("lists newest first with each filter, a day's `to` taking the whole day", () => {
    expect(targets()).toEqual(["ana@example.com snapshot.upload dev", "bo@example.com snapshot.delete prod", "ana@example.com snapshot.upload prod"]);
    expect(targets({ action: "snapshot.upload" })).toEqual(["ana@example.com snapshot.upload dev", "ana@example.com snapshot.upload prod"]);
    expect(targets({ actor: "bo@example.com" })).toEqual(["bo@example.com snapshot.delete prod"]);
    expect(targets({ foundation: "prod", from: "2026-11-02" })).toEqual(["bo@example.com snapshot.delete prod"]);
    expect(targets({ from: "2026-11-01", to: "2026-11-02" })).toEqual(["bo@example.com snapshot.delete prod", "ana@example.com snapshot.upload prod"]);
    expect(targets({ to: "2026-11-01T09:59:59Z" })).toEqual([]);
    const first = page({ foundation: "dev" });
    expect(first).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(first.items[0]).toMatchObject({ at: "2026-11-03T10:00:00.000Z", address: "192.0.2.7", details: { apps: 3 }, target: "snapshot 2" });
  });

  it("offers the actions the log holds", () => {
    expect(admin.adminAuditActions(adminActor)).toEqual(["snapshot.delete", "snapshot.upload", "user.create"]);
  });

  // Each filter reads its own (column, at) index newest first: no full scan, no sort of the matches.
  const plans: [Record<string, string>, string][] = [
    [{}, "AuditEvent_at_idx"],
    [{ from: "2026-11-01", to: "2026-11-02" }, "AuditEvent_at_idx"],
    [{ action: "snapshot.upload" }, "AuditEvent_action_at_idx"],
    [{ actor: "ana@example.com" }, "AuditEvent_actor_at_idx"],
    [{ foundation: "prod", from: "2026-11-01" }, "AuditEvent_foundation_at_idx"],
  ];
  for (const [filters, index] of plans) {
    it(`reads ${index} for ${JSON.stringify(filters)}`, () => {
      const w = admin.auditWhere(auditQuery.parse(filters));
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${admin.auditPageSql(w.sql)}`).all(...w.params, 50, 0) as { detail: string }[]).map((r) => r.detail);
      expect(plan.join("\n")).toContain(`USING INDEX ${index}`);
      expect(plan.join("\n")).not.toMatch(/TEMP B-TREE|SCAN AuditEvent$/m);
    });
  }
});
