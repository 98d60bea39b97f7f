-- CreateIndex
CREATE INDEX "AppEvent_foundationId_id_idx" ON "AppEvent"("foundationId", "id");
