// Runs inside the parse workers as well as in the server: relative imports only (compiled to CommonJS).
import { RISK_CATEGORIES, riskCategories, type RiskCategory } from "../cfdot/extract";
import type { LrpRecord } from "../cfdot/types";

/** One LRP as staged for publishing: primitives only, cheap to pass between threads. */
export interface LrpRow {
  line: number;
  processGuid: string;
  domain: string;
  appGuid: string | null;
  processType: string;
  instances: number;
  memoryMb: number;
  diskMb: number;
  rootfs: string;
  privileged: boolean;
  /** first placement tag, "" = shared segment */
  segment: string;
  placementTags: string;
  annotation: number | null;
  hints: string;
  risks: number;
  appName: string | null;
  orgGuid: string | null;
  orgName: string | null;
  spaceGuid: string | null;
  spaceName: string | null;
}

export const riskBits = (hints: LrpRecord["hints"]): number =>
  riskCategories(hints).reduce((bits, c) => bits | (1 << RISK_CATEGORIES.indexOf(c as RiskCategory)), 0);

export const riskNames = (bits: number): RiskCategory[] => RISK_CATEGORIES.filter((_, i) => bits & (1 << i));

export function toLrpRow(r: LrpRecord): LrpRow {
  const placementTags = JSON.stringify(r.placementTags);
  const hints = JSON.stringify(r.hints);
  return {
    line: r.line,
    processGuid: r.processGuid,
    domain: r.domain,
    appGuid: r.appGuid,
    processType: r.processType,
    instances: r.instances,
    memoryMb: r.memoryMb,
    diskMb: r.diskMb,
    rootfs: r.rootfs,
    privileged: r.privileged,
    segment: r.placementTags[0] ?? "",
    placementTags,
    annotation: r.annotation,
    hints,
    risks: riskBits(r.hints),
    appName: r.appName,
    orgGuid: r.orgGuid,
    orgName: r.orgName,
    spaceGuid: r.spaceGuid,
    spaceName: r.spaceName,
  };
}
