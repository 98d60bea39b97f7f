-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Manifest" (
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
    "skeleton" TEXT,
    "lastSeenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Manifest_foundationId_fkey" FOREIGN KEY ("foundationId") REFERENCES "Foundation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- a stored manifest was last seen when it was uploaded
INSERT INTO "new_Manifest" ("bytes", "contentHash", "deployment", "facts", "foundationId", "id", "instanceGroups", "releases", "uploadedAt", "uploadedBy", "lastSeenAt") SELECT "bytes", "contentHash", "deployment", "facts", "foundationId", "id", "instanceGroups", "releases", "uploadedAt", "uploadedBy", "uploadedAt" FROM "Manifest";
DROP TABLE "Manifest";
ALTER TABLE "new_Manifest" RENAME TO "Manifest";
CREATE INDEX "Manifest_foundationId_lastSeenAt_idx" ON "Manifest"("foundationId", "lastSeenAt");
CREATE INDEX "Manifest_foundationId_contentHash_idx" ON "Manifest"("foundationId", "contentHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
