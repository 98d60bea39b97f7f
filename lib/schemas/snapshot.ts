import { z } from "zod";
import { foundationRefParams } from "./foundation";

export const snapshotUploadQuery = z.object({
  capturedAt: z.iso
    .datetime({ offset: true, message: "capturedAt must be an ISO-8601 time such as 2026-11-29T08:00:00Z" })
    .optional(),
});

export const snapshotId = z.string().regex(/^[1-9][0-9]{0,15}$/, "a snapshot id is a positive whole number");

export const snapshotParams = foundationRefParams.extend({ id: snapshotId });

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
  /** a latest snapshot that lacked more than 10 % of the previous one's apps when it arrived: maybe a truncated dump */
  suspicious: boolean;
}
