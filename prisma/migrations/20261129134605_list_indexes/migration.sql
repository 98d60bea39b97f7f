-- CreateIndex
CREATE INDEX "App_foundationId_name_guid_idx" ON "App"("foundationId", "name", "guid");
