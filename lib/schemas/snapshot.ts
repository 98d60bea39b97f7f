import { z } from "zod";

export const snapshotUploadQuery = z.object({
  capturedAt: z.iso
    .datetime({ offset: true, message: "capturedAt must be an ISO-8601 time such as 2026-11-29T08:00:00Z" })
    .optional(),
});


export interface SnapshotDto {
  id: string;
  foundation: string;
  capturedAt: string;
  observedAt: string[];
  duplicate: boolean;
  lrps: number;
  appLrps: number;
  otherDomains: Record<string, number>;
  privilegedLrps: number;
  privilegedInstances: number;
  apps: number;
  privilegedApps: number;
  warnings: string[];
}
