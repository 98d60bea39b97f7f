-- CreateTable
CREATE TABLE "Foundation" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Snapshot" (
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
    CONSTRAINT "Snapshot_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Org" (
    "foundationId" INTEGER NOT NULL,
    "guid" TEXT NOT NULL,
    "name" TEXT,
    "nameAnnotation" REAL,
    "nameSource" TEXT,

    PRIMARY KEY ("foundationId", "guid"),
    CONSTRAINT "Org_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Space" (
    "foundationId" INTEGER NOT NULL,
    "guid" TEXT NOT NULL,
    "orgGuid" TEXT,
    "name" TEXT,
    "nameAnnotation" REAL,
    "nameSource" TEXT,

    PRIMARY KEY ("foundationId", "guid"),
    CONSTRAINT "Space_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "App" (
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
    CONSTRAINT "App_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppSpan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "foundationId" INTEGER NOT NULL,
    "appGuid" TEXT NOT NULL,
    "fromMs" BIGINT NOT NULL,
    "toMs" BIGINT NOT NULL,
    "privileged" BOOLEAN NOT NULL,
    "orgGuid" TEXT,
    "spaceGuid" TEXT,
    "segment" TEXT NOT NULL,
    "instances" INTEGER NOT NULL,
    "privilegedInstances" INTEGER NOT NULL,
    "lrps" INTEGER NOT NULL,
    "risks" INTEGER NOT NULL,
    CONSTRAINT "AppSpan_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LrpSpan" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "foundationId" INTEGER NOT NULL,
    "processGuid" TEXT NOT NULL,
    "appGuid" TEXT NOT NULL,
    "fromMs" BIGINT NOT NULL,
    "toMs" BIGINT NOT NULL,
    "processType" TEXT NOT NULL,
    "instances" INTEGER NOT NULL,
    "memoryMb" INTEGER NOT NULL,
    "diskMb" INTEGER NOT NULL,
    "rootfs" TEXT NOT NULL,
    "privileged" BOOLEAN NOT NULL,
    "placementTags" TEXT NOT NULL,
    "annotation" REAL,
    "hints" TEXT NOT NULL,
    CONSTRAINT "LrpSpan_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AppEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "foundationId" INTEGER NOT NULL,
    "appId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "note" TEXT,
    "snapshotId" INTEGER,
    "details" TEXT,
    CONSTRAINT "AppEvent_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AppEvent_appId_fkey" FOREIGN KEY ("appId") REFERENCES "App" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Foundation_name_key" ON "Foundation"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Snapshot_foundationId_contentHash_key" ON "Snapshot"("foundationId", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Snapshot_foundationId_capturedMs_key" ON "Snapshot"("foundationId", "capturedMs");

-- CreateIndex
CREATE INDEX "App_foundationId_status_idx" ON "App"("foundationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "App_foundationId_guid_key" ON "App"("foundationId", "guid");

-- CreateIndex
CREATE INDEX "AppSpan_foundationId_toMs_privileged_idx" ON "AppSpan"("foundationId", "toMs", "privileged");

-- CreateIndex
CREATE INDEX "AppSpan_foundationId_appGuid_fromMs_idx" ON "AppSpan"("foundationId", "appGuid", "fromMs");

-- CreateIndex
CREATE INDEX "LrpSpan_foundationId_toMs_appGuid_idx" ON "LrpSpan"("foundationId", "toMs", "appGuid");

-- CreateIndex
CREATE INDEX "LrpSpan_foundationId_processGuid_fromMs_idx" ON "LrpSpan"("foundationId", "processGuid", "fromMs");

-- CreateIndex
CREATE INDEX "AppEvent_appId_at_idx" ON "AppEvent"("appId", "at");

-- CreateIndex
CREATE INDEX "AppEvent_foundationId_at_idx" ON "AppEvent"("foundationId", "at");
