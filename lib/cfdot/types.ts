/** What ingest keeps of one desired LRP: exactly the whitelist of product.md, nothing more. */
export type RiskHintKind = "command" | "env" | "service" | "volume";

/** A risk hint derived while streaming: which kind of source matched and the keyword found (never the source text). */
export interface RiskHint {
  kind: RiskHintKind;
  /** command: the keyword found in the start command ("sshfs", "fusermount", "/dev/fuse", "s3fs", "gcsfuse",
   *  "goofys", "rclone mount", or the weak "mount"); env: the variable-name prefix ("SSHFS_");
   *  service: the matched word in a bound service label ("sshfs" | "fuse"); volume: the volume driver name. */
  keyword: string;
}

export interface LrpRecord {
  /** 1-based line of the decompressed body where the record starts */
  line: number;
  processGuid: string;
  domain: string;
  /** cf-apps only: log_guid, else metric_tags.app_id, network.properties.app_id, certificate app:, process_guid[0:36] */
  appGuid: string | null;
  /** metric_tags.process_type, else parsed from the launcher's log_source (APP/PROC/WEB, APP/REV/3/PROC/WORKER) lower-cased,
   *  else "web" when process_guid starts with the app guid, else "unknown" */
  processType: string;
  instances: number;
  memoryMb: number;
  diskMb: number;
  /** "preloaded:cflinuxfs4" → "cflinuxfs4"; "docker://user:pw@host/path#tag" → "docker://host/path"; anything else → "" */
  rootfs: string;
  privileged: boolean;
  placementTags: string[];
  /** CC's process.updated_at as epoch seconds (annotation parsed as a float), null when absent or not numeric */
  annotation: number | null;
  appName: string | null;
  orgGuid: string | null;
  orgName: string | null;
  spaceGuid: string | null;
  spaceName: string | null;
  /** metric_tags.process_id.static */
  processId: string | null;
  volumeDrivers: string[];
  hints: RiskHint[];
}
