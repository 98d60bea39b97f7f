-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "foundation" TEXT,
    "target" TEXT,
    "address" TEXT,
    "details" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Snapshot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "foundationId" INTEGER NOT NULL,
    "capturedMs" BIGINT NOT NULL,
    "observedMs" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lrps" INTEGER NOT NULL,
    "appLrps" INTEGER NOT NULL,
    "otherDomains" TEXT NOT NULL,
    "privilegedLrps" INTEGER NOT NULL,
    "privilegedInstances" INTEGER NOT NULL,
    "apps" INTEGER NOT NULL,
    "privilegedApps" INTEGER NOT NULL,
    "warnings" TEXT NOT NULL,
    "statusCounts" TEXT NOT NULL DEFAULT '{}',
    "regressions" INTEGER NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "uploadedBy" TEXT NOT NULL DEFAULT '',
    "suspicious" BOOLEAN NOT NULL DEFAULT false,
    "missingApps" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "Snapshot_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Snapshot" ("appLrps", "apps", "bytes", "capturedMs", "contentHash", "createdAt", "foundationId", "id", "lrps", "observedMs", "otherDomains", "privilegedApps", "privilegedInstances", "privilegedLrps", "regressions", "statusCounts", "uploadedBy", "warnings") SELECT "appLrps", "apps", "bytes", "capturedMs", "contentHash", "createdAt", "foundationId", "id", "lrps", "observedMs", "otherDomains", "privilegedApps", "privilegedInstances", "privilegedLrps", "regressions", "statusCounts", "uploadedBy", "warnings" FROM "Snapshot";
DROP TABLE "Snapshot";
ALTER TABLE "new_Snapshot" RENAME TO "Snapshot";
CREATE INDEX "Snapshot_foundationId_contentHash_idx" ON "Snapshot"("foundationId", "contentHash");
CREATE UNIQUE INDEX "Snapshot_foundationId_capturedMs_key" ON "Snapshot"("foundationId", "capturedMs");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- CreateIndex
CREATE INDEX "AppSpan_foundationId_appGuid_toMs_idx" ON "AppSpan"("foundationId", "appGuid", "toMs");

-- CreateIndex
CREATE INDEX "LrpSpan_foundationId_processGuid_toMs_idx" ON "LrpSpan"("foundationId", "processGuid", "toMs");
