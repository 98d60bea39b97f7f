import "server-only";
import { ApiError } from "@/lib/api/errors";
import { envNumber, readSmallUpload } from "@/lib/api/small-upload";
import { CcExportError, parseCcExport } from "@/lib/cc/export";
import { prisma } from "@/lib/db/prisma";
import { audit } from "@/lib/db/audit";
import { openSqlite, readDb, sqliteDate } from "@/lib/db/sqlite";
import type { AbsenceReason, CcAppsDto, CcUploadDto } from "@/lib/schemas/readiness";
import { requireFoundation } from "./foundations";
import { iso } from "./time";
import { authorize } from "@/lib/auth/authorize";
import type { Actor } from "@/lib/auth/permissions";

/** 5000 apps per page at ~2 KB each is ~10 MB a page; 128 MB covers a foundation of ~60k apps. */
const DEFAULT_MAX_CC_EXPORT_BYTES = 128 * 1024 ** 2;
/** Stored for a guid a `guids=` query asked for and CC did not return. */
const ABSENT = "ABSENT";
const LIST_LIMIT = 500;

/** POST /api/foundations/{f}/cc-apps: names, spaces, orgs and app states from `cf curl /v3/apps` pages. */
export async function uploadCcExport(req: Request, foundation: string, actor: Actor, address: string | null = null): Promise<CcUploadDto> {
  authorize(actor, "upload");
  const bytes = await readSmallUpload(req, "Cloud Controller export", envNumber("MAX_CC_EXPORT_BYTES", DEFAULT_MAX_CC_EXPORT_BYTES));
  let x;
  try {
    x = parseCcExport(bytes.toString("utf8"));
  } catch (err) {
    if (err instanceof CcExportError) throw new ApiError(422, err.message);
    throw err;
  }
  const { id: fid } = await prisma.foundation.upsert({ where: { name: foundation }, create: { name: foundation }, update: {}, select: { id: true } });
  const db = openSqlite();
  let named = 0;
  try {
    db.transaction(() => {
      const exportId = Number(
        db
          .prepare(`INSERT INTO CcExport (foundationId, uploadedAt, uploadedBy, pages, apps, complete) VALUES (?, ?, ?, ?, ?, ?)`)
          .run(fid, sqliteDate(new Date()), actor.name, x.pages, x.apps.length, x.listsEveryApp ? 1 : 0).lastInsertRowid,
      );
      const state = db.prepare(
        `INSERT INTO CcApp (foundationId, guid, state, spaceGuid, exportId) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(foundationId, guid) DO UPDATE SET state = excluded.state, spaceGuid = COALESCE(excluded.spaceGuid, spaceGuid), exportId = excluded.exportId`,
      );
      // a Cloud Controller name is authoritative: LRP names never override it again (lib/ingest/publish.ts)
      const fill = db.prepare(`UPDATE App SET name = ?, nameSource = 'cc' WHERE foundationId = ? AND guid = ? AND name IS NULL`);
      const rename = db.prepare(`UPDATE App SET name = ?, nameSource = 'cc' WHERE foundationId = ? AND guid = ?`);
      for (const a of x.apps) {
        state.run(fid, a.guid, a.state, a.spaceGuid, exportId);
        named += fill.run(a.name, fid, a.guid).changes;
        rename.run(a.name, fid, a.guid);
      }
      for (const guid of x.absentGuids) state.run(fid, guid, ABSENT, null, exportId);
      const space = db.prepare(
        `INSERT INTO Space (foundationId, guid, name, nameSource, orgGuid) VALUES (?, ?, ?, 'cc', ?)
         ON CONFLICT(foundationId, guid) DO UPDATE SET name = excluded.name, nameSource = 'cc', orgGuid = COALESCE(excluded.orgGuid, orgGuid)`,
      );
      for (const s of x.spaces) space.run(fid, s.guid, s.name, s.orgGuid);
      const org = db.prepare(
        `INSERT INTO Org (foundationId, guid, name, nameSource) VALUES (?, ?, ?, 'cc') ON CONFLICT(foundationId, guid) DO UPDATE SET name = excluded.name, nameSource = 'cc'`,
      );
      for (const o of x.orgs) org.run(fid, o.guid, o.name);
      audit(db, {
        actor: actor.name,
        action: "cc-apps.upload",
        foundation,
        target: `cc export ${exportId}`,
        address,
        details: { pages: x.pages, apps: x.apps.length, bytes: bytes.length },
      });
    })();
  } finally {
    db.close();
  }
  console.log(`[cc-apps] ${foundation}: ${x.pages} pages, ${x.apps.length} apps, ${named} unnamed apps named`);
  return { ...(await ccApps(actor, foundation)), named: { apps: named, spaces: x.spaces.length, orgs: x.orgs.length }, warnings: x.warnings };
}

interface Row {
  guid: string;
  name: string | null;
  state: string | null;
  exportId: number | null;
}

/** GET /api/foundations/{f}/cc-apps: what the newest exports say about the latest snapshot's apps and the ones gone from it. */
export async function ccApps(actor: Actor, foundation: string): Promise<CcAppsDto> {
  authorize(actor, "read");
  const f = await requireFoundation(foundation);
  const db = readDb();
  const latest = db
    .prepare(`SELECT id, uploadedAt, pages, apps, complete FROM CcExport WHERE foundationId = ? ORDER BY id DESC LIMIT 1`)
    .get(f.id) as { id: number; uploadedAt: string; pages: number; apps: number; complete: number } | undefined;
  if (!latest || f.latestMs === null) {
    return { export: latest ? exportDto(latest) : null, orphaned: [], orphanedTotal: 0, absent: [], absentTotal: 0 };
  }
  // newest export that lists every app: a guid it does not list is not in Cloud Controller
  const full = (db.prepare(`SELECT MAX(id) FROM CcExport WHERE foundationId = ? AND complete = 1`).pluck().get(f.id) as number | null) ?? null;
  const unknownToCc = (r: Row) => r.state === ABSENT || (full !== null && (r.exportId === null || r.exportId < full));
  const select = `SELECT a.guid, a.name, c.state, c.exportId FROM App a LEFT JOIN CcApp c ON c.foundationId = a.foundationId AND c.guid = a.guid`;
  const present = db
    .prepare(`${select} WHERE a.foundationId = @f AND EXISTS (SELECT 1 FROM AppSpan s WHERE s.foundationId = @f AND s.appGuid = a.guid AND s.toMs = @latest) ORDER BY COALESCE(a.name, a.guid)`)
    .all({ f: f.id, latest: f.latestMs }) as Row[];
  const gone = db
    .prepare(
      `${select} WHERE a.foundationId = @f AND a.guid IN (SELECT appGuid FROM AppSpan WHERE foundationId = @f GROUP BY appGuid HAVING MAX(toMs) < @latest) ORDER BY COALESCE(a.name, a.guid)`,
    )
    .all({ f: f.id, latest: f.latestMs }) as Row[];
  const orphaned = present.filter(unknownToCc).map((r) => ({ guid: r.guid, name: r.name }));
  const absent = gone.map((r) => ({
    guid: r.guid,
    name: r.name,
    reason: (unknownToCc(r) ? "deleted" : r.state === "STOPPED" ? "stopped" : r.state === "STARTED" ? "started" : "unknown") as AbsenceReason,
  }));
  return { export: exportDto(latest), orphaned: orphaned.slice(0, LIST_LIMIT), orphanedTotal: orphaned.length, absent: absent.slice(0, LIST_LIMIT), absentTotal: absent.length };
}

const exportDto = (e: { uploadedAt: string; pages: number; apps: number; complete: number }) => ({
  uploadedAt: iso(Date.parse(e.uploadedAt)),
  pages: e.pages,
  apps: e.apps,
  listsEveryApp: !!e.complete,
});
