// Runs inside the parse workers as well as in the server: relative imports only (compiled to CommonJS).
import { RISK_CATEGORIES, riskCategories, type RiskCategory } from "../cfdot/extract";
import type { LrpRecord } from "../cfdot/types";

/** One LRP as staged for publishing: its record with the lists flattened to what the span tables store. */
export type LrpRow = Omit<LrpRecord, "placementTags" | "hints" | "volumeDrivers" | "processId"> & {
  /** first placement tag, "" = shared segment */
  segment: string;
  /** JSON array */
  placementTags: string;
  /** JSON array of risk hints */
  hints: string;
  /** bit set of risk categories (RISK_CATEGORIES order) */
  risks: number;
};

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
