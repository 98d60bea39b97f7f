import { z } from "zod";
import { STATUSES, type WorkflowAction } from "@/lib/migration/state-machine";
import { MAX_GUID_CHARS } from "@/lib/cfdot/extract";
import { snapshotId } from "./snapshot";

export const APP_SORTS = ["name", "org", "space", "instances", "status"] as const;
export type AppSort = (typeof APP_SORTS)[number];

const bool = z.enum(["true", "false"]).transform((v) => v === "true");

/** The app list's query: the API parses it, and lib/schemas/app-list-url.ts reads and writes the table's URL with it. */
export const appListQuery = z.object({
  privileged: bool.optional(),
  org: z.string().min(1).max(200).optional(),
  space: z.string().min(1).max(200).optional(),
  segment: z.string().min(1).max(200).optional(),
  status: z.enum(STATUSES).optional(),
  /** `true`: apps in the latest snapshot; `false`: apps absent from it; `all`: both */
  present: z.enum(["true", "false", "all"]).default("true"),
  risk: z.literal("true").transform(() => true).optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(APP_SORTS).default("name"),
  dir: z.enum(["asc", "desc"]).default("asc"),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  /** time travel: the apps as of this earlier snapshot of the foundation (absent: the latest) */
  snapshot: snapshotId.optional(),
});
export type AppListQuery = z.infer<typeof appListQuery>;

export const appParams = z.object({ f: z.string().min(1).max(200), guid: z.string().min(1).max(MAX_GUID_CHARS) });

export interface NamedRef {
  guid: string | null;
  name: string | null;
}

export interface ProcessDto {
  type: string;
  lrps: number;
  instances: number;
  privileged: boolean;
}

export interface AppItemDto {
  guid: string;
  name: string;
  org: NamedRef;
  space: NamedRef;
  privileged: boolean;
  status: string | null;
  regression: boolean;
  segment: string;
  instances: number;
  processes: ProcessDto[];
  risks: string[];
  /** in the latest snapshot; an absent app is stopped or deleted, and keeps its status */
  present: boolean;
  /** capture time of the first snapshot the app was missing from; null while present */
  absentSince: string | null;
}

export interface AppListDto {
  items: AppItemDto[];
  total: number;
  page: number;
  pageSize: number;
}

export interface LrpDto {
  processGuid: string;
  processType: string;
  instances: number;
  memoryMb: number;
  diskMb: number;
  rootfs: string;
  privileged: boolean;
  placementTags: string[];
}

export interface HistoryPointDto {
  snapshotId: string;
  capturedAt: string;
  present: boolean;
  privileged: boolean;
}

export interface EventDto {
  at: string;
  actor: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
  /** what the action recorded: the test push, a waiver's expiry and who asked for it */
  details: Record<string, unknown> | null;
  snapshotId: string | null;
}

export interface WorkflowDto {
  /** name it in the next action (`version`): a stale one gets 409 */
  version: number;
  waiverExpired: boolean;
  waiverExpiresAt: string | null;
  waiverRequest: { requestedBy: string; requestedAt: string; note: string; expiresAt: string } | null;
  test: { org: string; space: string; app: string } | null;
}

export interface AppDetailDto extends AppItemDto {
  lrps: LrpDto[];
  riskHints: { kind: string; keyword: string }[];
  history: HistoryPointDto[];
  /** newest first in the order they were recorded (a snapshot's when it was uploaded); each carries its time, a snapshot's its capture time */
  events: EventDto[];
  workflow: WorkflowDto;
  /** what the caller may do to the app now (lib/migration/state-machine.ts) */
  allowedActions: WorkflowAction[];
}
