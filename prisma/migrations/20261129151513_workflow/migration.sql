-- AlterTable
ALTER TABLE "AppEvent" ADD COLUMN "userId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_App" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "foundationId" INTEGER NOT NULL,
    "guid" TEXT NOT NULL,
    "name" TEXT,
    "nameAnnotation" REAL,
    "nameSource" TEXT,
    "status" TEXT,
    "statusChangedAt" DATETIME,
    "regression" BOOLEAN NOT NULL DEFAULT false,
    "waiverExpiresAt" DATETIME,
    "testOrg" TEXT,
    "testSpace" TEXT,
    "testApp" TEXT,
    "waiverExpired" BOOLEAN NOT NULL DEFAULT false,
    "statusBeforeWaiver" TEXT,
    "waiverRequest" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "App_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_App" ("foundationId", "guid", "id", "name", "nameAnnotation", "nameSource", "regression", "status", "statusChangedAt", "testApp", "testOrg", "testSpace", "waiverExpiresAt") SELECT "foundationId", "guid", "id", "name", "nameAnnotation", "nameSource", "regression", "status", "statusChangedAt", "testApp", "testOrg", "testSpace", "waiverExpiresAt" FROM "App";
DROP TABLE "App";
ALTER TABLE "new_App" RENAME TO "App";
CREATE INDEX "App_foundationId_status_idx" ON "App"("foundationId", "status");
CREATE INDEX "App_foundationId_name_guid_idx" ON "App"("foundationId", "name", "guid");
CREATE UNIQUE INDEX "App_foundationId_guid_key" ON "App"("foundationId", "guid");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Presence is no longer a status (issue #8): an app that was `gone` gets back the status its absence replaced,
-- and the events that recorded absence as a status go. A `reappeared` event started from `gone`: it now starts
-- from the status before that absence.
UPDATE "App" SET "status" = COALESCE(
    (SELECT e."fromStatus" FROM "AppEvent" e WHERE e."appId" = "App"."id" AND e."toStatus" = 'gone' ORDER BY e."id" DESC LIMIT 1),
    'untriaged')
  WHERE "status" = 'gone';
UPDATE "AppEvent" SET "fromStatus" = COALESCE(
    (SELECT g."fromStatus" FROM "AppEvent" g WHERE g."appId" = "AppEvent"."appId" AND g."toStatus" = 'gone' AND g."id" < "AppEvent"."id" ORDER BY g."id" DESC LIMIT 1),
    'untriaged')
  WHERE "fromStatus" = 'gone';
DELETE FROM "AppEvent" WHERE "toStatus" = 'gone';
UPDATE "Snapshot" SET "statusCounts" = json_remove("statusCounts", '$.gone') WHERE json_valid("statusCounts");

-- A snapshot's events name it and carry its capture time.
UPDATE "AppEvent" SET "actor" = 'snapshot ' || "snapshotId",
    "at" = COALESCE((SELECT strftime('%Y-%m-%dT%H:%M:%f+00:00', s."capturedMs" / 1000.0, 'unixepoch') FROM "Snapshot" s WHERE s."id" = "AppEvent"."snapshotId"), "at")
  WHERE "actor" = 'ingest' AND "snapshotId" IS NOT NULL;
