import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSqlite, type Sqlite } from "@/lib/db/sqlite";
import { sampleDump } from "@/lib/testing/samples";
import { migrate } from "../../scripts/migrate.mjs";
import { createUser, listOwners, listUsers } from "./accounts";
import { importOwners, MAX_OWNER_CSV_ROWS, OwnerImportError, parseOwnerCsv } from "./owner-import";
import { ingestLines } from "@/lib/testing/ingest";

const dir = mkdtempSync(path.join(tmpdir(), "rr-owner-import-"));
process.env.DATABASE_URL = `file:${path.join(dir, "data.db")}`;
const BY = { actor: "admin@example.com", address: "192.0.2.1" };
// An org whose name a spreadsheet would run as a formula: it must be looked up and stored as the text it is.
const FORMULA_ORG = '=HYPERLINK("http://evil.example","x")';
const [SFTP] = sampleDump().toString("utf8").trim().split("\n");

let db: Sqlite;
const auditCount = () => db.prepare(`SELECT COUNT(*) FROM AuditEvent WHERE action = 'owner.assign'`).pluck().get() as number;
const ownersOf = (email: string) => listOwners(db).filter((o) => o.email === email);

const upload = (foundation: string, line: string) => ingestLines(foundation, [line], "2026-11-01T00:00:00Z");

beforeAll(async () => {
  migrate({ log: () => {} });
  db = openSqlite();
  await upload("prod", SFTP!);
  await upload("formula", SFTP!.replace('"organization_name":{"static":"acme-prod"}', `"organization_name":{"static":${JSON.stringify(FORMULA_ORG)}}`));
  for (const email of ["ana@example.com", "bo@example.com", "cy@example.com"]) await createUser(db, { email, role: "viewer", password: null }, BY);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const csv = (...lines: string[]) => ["foundation,org,space,email", ...lines].join("\n") + "\n";

describe("parseOwnerCsv", () => {
  it("reads a good file, any column order, an empty space as the whole org, and a spreadsheet's BOM and CRLF", () => {
    expect(parseOwnerCsv("\uFEFFemail,foundation,space,org\r\nana@example.com,prod,,acme-prod\r\n\r\nbo@example.com,prod,payments,acme-prod\r\n")).toEqual({
      ok: true,
      rows: [
        { line: 2, email: "ana@example.com", foundation: "prod", org: "acme-prod", space: null },
        { line: 4, email: "bo@example.com", foundation: "prod", org: "acme-prod", space: "payments" },
      ],
    });
  });

  it("reports every bad line with its number, counting the lines of a quoted multi-line cell, and never quotes the line", () => {
    const secret = "x".repeat(300);
    const r = parseOwnerCsv(csv(`prod,"acme\nprod",,ana@example.com`, "prod,acme-prod,ana@example.com", `prod,${secret},,ana@example.com`, ",acme-prod,,", "prod,acme-prod,,bo@example.com"));
    expect(r).toEqual({
      ok: false,
      errors: [
        { line: 4, error: "expected 4 fields, found 3" },
        { line: 5, error: "org longer than 254 characters" },
        { line: 6, error: "foundation, email are empty" },
      ],
    });
    expect(JSON.stringify(r)).not.toContain("xxxxxxxx");
  });

  it("refuses a wrong header, an empty file, a file without rows, an unclosed quote and too many rows, without echoing them", () => {
    expect(parseOwnerCsv("org,email\nacme,ana@example.com\n")).toEqual({ ok: false, errors: [{ line: 1, error: "the first line must name the columns foundation,org,space,email" }] });
    expect(parseOwnerCsv("")).toMatchObject({ ok: false, errors: [{ line: 1 }] });
    expect(parseOwnerCsv(csv())).toMatchObject({ ok: false, errors: [{ line: 1, error: "the file has no assignments below its header line" }] });
    const unclosed = parseOwnerCsv(csv("prod,acme-prod,,ana@example.com", 'prod,"secret-value,,bo@example.com'));
    expect(unclosed).toMatchObject({ ok: false, errors: [{ error: "a quoted field is never closed: nothing was imported" }] });
    expect(JSON.stringify(unclosed)).not.toContain("secret-value");
    const many = parseOwnerCsv(csv(...Array.from({ length: MAX_OWNER_CSV_ROWS + 1 }, () => "prod,acme-prod,,ana@example.com")));
    expect(many).toEqual({ ok: false, errors: [{ line: MAX_OWNER_CSV_ROWS + 2, error: `at most ${MAX_OWNER_CSV_ROWS} assignments per file: split it` }] });
  });
});

describe("importOwners", () => {
  const run = (text: string) => {
    const parsed = parseOwnerCsv(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return importOwners(db, parsed.rows, BY);
  };

  it("applies a good file; duplicate rows and assignments that exist already are counted, not doubled", () => {
    const before = auditCount();
    expect(run(csv("prod,acme-prod,,ana@example.com", "prod,acme-prod,payments,ana@example.com", "prod,acme-prod,,ana@example.com"))).toEqual({ created: 2, alreadyPresent: 1 });
    expect(ownersOf("ana@example.com").map((o) => [o.orgName, o.spaceName])).toEqual([
      ["acme-prod", null],
      ["acme-prod", "payments"],
    ]);
    expect(auditCount()).toBe(before + 2);
    expect(listUsers(db).find((u) => u.email === "ana@example.com")!.role).toBe("owner");
    expect(run(csv("prod,acme-prod,,ana@example.com"))).toEqual({ created: 0, alreadyPresent: 1 });
  });

  it("writes nothing when any line cannot be applied, and reports each such line", () => {
    const before = auditCount();
    const rows = parseOwnerCsv(csv("prod,acme-prod,,bo@example.com", "prod,no-such-org,,bo@example.com", "nope,acme-prod,,bo@example.com", "prod,acme-prod,,nobody@example.com"));
    expect(rows.ok).toBe(true);
    let err: unknown;
    try {
      importOwners(db, rows.ok ? rows.rows : [], BY);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OwnerImportError);
    expect((err as OwnerImportError).errors).toEqual([
      { line: 3, error: "no org with this guid or name in the foundation's latest snapshot" },
      { line: 4, error: "no foundation with this name" },
      { line: 5, error: "no user with this email" },
    ]);
    expect(ownersOf("bo@example.com")).toEqual([]);
    expect(auditCount()).toBe(before);
    expect(listUsers(db).find((u) => u.email === "bo@example.com")!.role).toBe("viewer");
  });

  it("resolves an org and a space given by guid to the same assignment as by name", () => {
    const [ORG, SPACE] = ["6f1c2f0e-8d5b-4f5e-9a43-2b7f0c1d9e11", "0b9e7c44-3a2d-4c1e-b6a5-5d8f1e2a7c30"];
    expect(run(csv(`prod,${ORG},${SPACE},ana@example.com`, `prod,acme-prod,${SPACE},ana@example.com`))).toEqual({ created: 0, alreadyPresent: 2 });
    expect(() => run(csv(`prod,${ORG},no-such-space,ana@example.com`))).toThrow(OwnerImportError);
  });

  it("looks a formula-looking cell up and stores it as the text it is", () => {
    const quoted = `"${FORMULA_ORG.replaceAll('"', '""')}"`;
    expect(run(csv(`formula,${quoted},,cy@example.com`))).toEqual({ created: 1, alreadyPresent: 0 });
    expect(ownersOf("cy@example.com").map((o) => o.orgName)).toEqual([FORMULA_ORG]);
  });
});
