-- CreateTable
CREATE TABLE "Manifest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "foundationId" INTEGER NOT NULL,
    "uploadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uploadedBy" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "deployment" TEXT,
    "releases" TEXT NOT NULL,
    "instanceGroups" TEXT NOT NULL,
    "facts" TEXT NOT NULL,
    CONSTRAINT "Manifest_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ManifestFinding" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "manifestId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "instanceGroup" TEXT,
    "job" TEXT,
    "evidence" TEXT NOT NULL,
    CONSTRAINT "ManifestFinding_manifestId_fkey" FOREIGN KEY ("manifestId") REFERENCES "Manifest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CcExport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "foundationId" INTEGER NOT NULL,
    "uploadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uploadedBy" TEXT NOT NULL,
    "pages" INTEGER NOT NULL,
    "apps" INTEGER NOT NULL,
    "complete" BOOLEAN NOT NULL,
    CONSTRAINT "CcExport_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CcApp" (
    "foundationId" INTEGER NOT NULL,
    "guid" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "spaceGuid" TEXT,
    "exportId" INTEGER NOT NULL,

    PRIMARY KEY ("foundationId", "guid"),
    CONSTRAINT "CcApp_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CcApp_exportId_fkey" FOREIGN KEY ("exportId") REFERENCES "CcExport" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Manifest_foundationId_uploadedAt_idx" ON "Manifest"("foundationId", "uploadedAt");

-- CreateIndex
CREATE INDEX "ManifestFinding_manifestId_idx" ON "ManifestFinding"("manifestId");

-- CreateIndex
CREATE INDEX "CcExport_foundationId_uploadedAt_idx" ON "CcExport"("foundationId", "uploadedAt");

-- CreateIndex
CREATE INDEX "CcApp_exportId_idx" ON "CcApp"("exportId");
