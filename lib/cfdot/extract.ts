/**
 * Turns one parsed `cfdot desired-lrps` record into the whitelisted LrpRecord.
 *
 * Dumps carry secrets (VCAP_SERVICES credentials, ssh keys, registry passwords, start commands with
 * `-Dpassword=…`). Everything here copies only the whitelisted scalars of product.md; secret-bearing text is
 * read transiently to derive risk keywords and is never returned, and error messages never quote input.
 */
import type { LrpRecord, RiskHint, RiskHintKind } from "./types";

export class DumpFormatError extends Error {
  constructor(
    message: string,
    public line: number,
  ) {
    super(message);
    this.name = "DumpFormatError";
  }
}

export const RISK_CATEGORIES = ["fuse", "fuse-env", "fuse-service", "mount", "volume"] as const;
export type RiskCategory = (typeof RISK_CATEGORIES)[number];

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function nonEmptyString(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

// ---------------------------------------------------------------------------------------------------------
// Risk keywords

/** Tools that only work with FUSE, i.e. with CAP_SYS_ADMIN, which Garden drops in unprivileged containers. */
const STRONG_COMMAND_KEYWORDS = ["sshfs", "fusermount", "/dev/fuse", "s3fs", "gcsfuse", "goofys"] as const;
/** `rclone mount` may carry flags between the two words (`rclone --config x mount …`), but not a new command. */
const RCLONE_MOUNT = /\brclone\b[^;&|\n]*?\bmount\b/;
/** A plain `mount` needs CAP_SYS_ADMIN too, but the word is common enough to be only a weak hint. */
const WEAK_MOUNT = /\bmount\b/;
/** The sshfs-mountie pattern configured sshfs through SSHFS_* variables. */
const SSHFS_ENV_PREFIX = "SSHFS_";
/** Cheap pre-filter so VCAP_SERVICES (often many KB) is JSON-parsed only when a label could match. */
const SERVICE_WORDS = /sshfs|fuse/i;
const LAUNCHER_SUFFIX = "/launcher";
/** CC's app run action: APP/PROC/<TYPE>, APP/REV/<n>/PROC/<TYPE>; sidecars append /SIDECAR/<NAME>. */
const APP_LOG_SOURCE = /^APP\/(?:REV\/[^/]+\/)?PROC\/([^/]+)(?:\/|$)/;

class HintSet {
  readonly list: RiskHint[] = [];
  private readonly seen = new Set<string>();
  add(kind: RiskHintKind, keyword: string): void {
    const key = kind + "\u0000" + keyword;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ kind, keyword });
  }
}

function scanCommand(command: string, hints: HintSet): void {
  const lc = command.toLowerCase();
  let strong = false;
  for (const kw of STRONG_COMMAND_KEYWORDS) {
    if (lc.includes(kw)) {
      hints.add("command", kw);
      strong = true;
    }
  }
  if (RCLONE_MOUNT.test(lc)) {
    hints.add("command", "rclone mount");
    strong = true;
  }
  if (!strong && WEAK_MOUNT.test(lc)) hints.add("command", "mount");
}

/** Reads only env variable names, plus VCAP_SERVICES for the label scan; values are never kept. */
function scanEnv(env: unknown, hints: HintSet, parsedServices: Set<string>): void {
  if (!Array.isArray(env)) return;
  for (const entry of env) {
    if (!isObj(entry)) continue;
    const name = entry.name;
    if (typeof name !== "string") continue;
    if (name.length >= SSHFS_ENV_PREFIX.length && name.slice(0, SSHFS_ENV_PREFIX.length).toUpperCase() === SSHFS_ENV_PREFIX) {
      hints.add("env", SSHFS_ENV_PREFIX);
    } else if (name === "VCAP_SERVICES") {
      const value = entry.value;
      // The same VCAP_SERVICES is repeated in the app, sidecar and top-level env: parse it once.
      if (typeof value !== "string" || parsedServices.has(value)) continue;
      parsedServices.add(value);
      if (SERVICE_WORDS.test(value)) scanServices(value, hints);
    }
  }
}

function labelHints(label: string, hints: HintSet): void {
  const lc = label.toLowerCase();
  if (lc.includes("sshfs")) hints.add("service", "sshfs");
  if (lc.includes("fuse")) hints.add("service", "fuse");
}

/** VCAP_SERVICES is `{ "<label>": [ { "label": "<label>", "name", "credentials", … } ] }`; only labels are read. */
function scanServices(raw: string, hints: HintSet): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // CredHub references, file-based bindings or redacted dumps are not JSON: no label to read.
    return;
  }
  if (!isObj(parsed)) return;
  for (const label of Object.keys(parsed)) {
    labelHints(label, hints);
    const bindings = parsed[label];
    if (!Array.isArray(bindings)) continue;
    for (const b of bindings) {
      if (isObj(b) && typeof b.label === "string") labelHints(b.label, hints);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Action tree

/**
 * Launcher run actions (the app process and its sidecars, per CC's main_lrp_action_builder), depth-first in
 * document order. Iterative so a hostile, deeply nested record cannot overflow the stack.
 */
function findLauncherRuns(action: unknown): Obj[] {
  const runs: Obj[] = [];
  if (!isObj(action)) return runs;
  const stack: unknown[] = [action];
  while (stack.length > 0) {
    const a = stack.pop();
    if (!isObj(a)) continue;
    const run = a.run;
    if (isObj(run)) {
      const path = run.path;
      if (typeof path === "string" && path.endsWith(LAUNCHER_SUFFIX)) runs.push(run);
      continue;
    }
    // An Action has exactly one non-null key; list containers first, then the single-child wrappers.
    const group = isObj(a.codependent) ? a.codependent : isObj(a.parallel) ? a.parallel : isObj(a.serial) ? a.serial : null;
    if (group !== null) {
      const actions = group.actions;
      if (Array.isArray(actions)) {
        for (let i = actions.length - 1; i >= 0; i--) stack.push(actions[i]);
      }
      continue;
    }
    const wrapper = isObj(a.timeout) ? a.timeout : isObj(a.try) ? a.try : isObj(a.emit_progress) ? a.emit_progress : null;
    if (wrapper !== null) stack.push(wrapper.action);
  }
  return runs;
}

const RUN_DESIRED_LRPS = "Run `cfdot desired-lrps` (optionally `-d cf-apps`) and upload its output.";

// ---------------------------------------------------------------------------------------------------------
// Limits: a few MB of gzip can hold megabyte-long names or millions of distinct guids. Everything kept of a
// record is bounded, so memory and the database grow with the number of records, never with their bytes.

/** Cloud Controller's guids are UUIDs; 128 leaves room for other formats without letting a guid grow. */
export const MAX_GUID_CHARS = 128;
/** Printable ASCII without spaces: what CC's guids are made of. */
const CF_GUID = new RegExp(`^[\\x21-\\x7e]{1,${MAX_GUID_CHARS}}$`);
/** Other domains (Diego tasks' LRPs, routing, third-party schedulers) shape guids their own way: bound only. */
export const MAX_OTHER_GUID_BYTES = 1024;
/** Cloud Controller refuses app, org, space and process type names longer than 255 characters. */
export const MAX_NAME_BYTES = 255;
/** An LRP is placed on one isolation segment; a handful of tags is the most any real foundation sets. */
export const MAX_PLACEMENT_TAGS = 64;
/** Volume services bound to one app: a few at most. */
export const MAX_VOLUME_MOUNTS = 64;
/** A docker image reference is at most a few hundred bytes (registry, path, tag). */
export const MAX_ROOTFS_BYTES = 1024;

/** More than `max` bytes in UTF-8? A UTF-16 unit is 1 to 3 bytes, so most values need no encoding to tell. */
function longerThan(s: string, max: number): boolean {
  if (s.length * 3 <= max) return false;
  if (s.length > max) return true;
  return Buffer.byteLength(s, "utf8") > max;
}

function checkGuid(value: string | null, field: string, isApp: boolean, line: number): void {
  if (value === null) return;
  if (isApp ? !CF_GUID.test(value) : longerThan(value, MAX_OTHER_GUID_BYTES)) {
    throw new DumpFormatError(
      isApp
        ? `line ${line}: \`${field}\` is not a Cloud Foundry guid (at most ${MAX_GUID_CHARS} printable ASCII characters, no spaces). ${RUN_DESIRED_LRPS}`
        : `line ${line}: \`${field}\` is longer than ${MAX_OTHER_GUID_BYTES} bytes. ${RUN_DESIRED_LRPS}`,
      line,
    );
  }
}

function checkLength(value: string | null, field: string, max: number, line: number): void {
  if (value !== null && longerThan(value, max)) {
    throw new DumpFormatError(`line ${line}: \`${field}\` is longer than ${max} bytes. ${RUN_DESIRED_LRPS}`, line);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Field helpers

/** metric_tags values are `{static: "<string>"}` or `{dynamic: "INDEX"|"INSTANCE_GUID"}`; only static is CC data. */
function staticTag(tags: Obj | null, name: string): string | null {
  if (tags === null) return null;
  const t = tags[name];
  return isObj(t) ? nonEmptyString(t.static) : null;
}

/** certificate_properties.organizational_unit is `["organization:<guid>","space:<guid>","app:<guid>"]`. */
function ouValue(units: unknown, prefix: string): string | null {
  if (!Array.isArray(units)) return null;
  for (const u of units) {
    if (typeof u === "string" && u.startsWith(prefix) && u.length > prefix.length) return u.slice(prefix.length);
  }
  return null;
}

function numberField(r: Obj, key: string, line: number): number {
  const v = r[key];
  if (v === undefined || v === null) return 0;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new DumpFormatError(`line ${line}: \`${key}\` is not a number; cfdot desired-lrps writes it as an integer.`, line);
  }
  return v;
}

/** A registry digest (`sha256:…`) may follow an `@` in an image reference; CC moves it into the fragment. */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-f]{32,}$/i;

/**
 * Keeps only what identifies the stack or image. CC writes `preloaded:<stack>` (or, in its OCI phase-1 mode,
 * `preloaded+layer:<stack>?layer=<droplet URL with token>`) and `docker://<host>/<path>#<tag or digest>`.
 * Docker userinfo is cut at the last `@`, so a password containing `/`, `#` or `@` cannot leak through.
 */
export function normalizeRootfs(rootfs: unknown): string {
  if (typeof rootfs !== "string") return "";
  if (rootfs.startsWith("preloaded:")) return cutAt(rootfs.slice(10), "?");
  if (rootfs.startsWith("preloaded+layer:")) return cutAt(rootfs.slice(16), "?");
  if (!rootfs.startsWith("docker://")) return "";
  let rest = rootfs.slice(9);
  let at = rest.lastIndexOf("@");
  if (at >= 0 && DIGEST.test(cutAt(rest.slice(at + 1), "#"))) {
    // `…/img@sha256:…` without a fragment: drop the digest, then look for userinfo before it.
    rest = rest.slice(0, at);
    at = rest.lastIndexOf("@");
  }
  if (at >= 0) rest = rest.slice(at + 1);
  return "docker://" + cutAt(cutAt(rest, "#"), "?");
}

function cutAt(s: string, sep: string): string {
  const i = s.indexOf(sep);
  return i >= 0 ? s.slice(0, i) : s;
}

function parseAnnotation(v: unknown): number | null {
  let n: number;
  if (typeof v === "string") n = parseFloat(v);
  else if (typeof v === "number") n = v;
  else return null;
  return Number.isFinite(n) ? n : null;
}

function stringList(v: unknown): string[] {
  const out: string[] = [];
  if (!Array.isArray(v)) return out;
  for (const s of v) if (typeof s === "string") out.push(s);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Shape checks (messages name the cause and the fix; they never quote input)

function requireShape(value: unknown, line: number): Obj {
  if (!isObj(value)) {
    const found = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
    throw new DumpFormatError(
      `line ${line} is not a JSON object (found ${found}); cfdot desired-lrps writes one object per line. ${RUN_DESIRED_LRPS}`,
      line,
    );
  }
  const r = value;
  if (has(r, "resources") || has(r, "pagination")) {
    throw new DumpFormatError(
      `line ${line} looks like a Cloud Controller /v3/apps page, not a desired LRP. Upload CC app exports on the cc-apps upload (POST /api/foundations/{f}/cc-apps) instead. ${RUN_DESIRED_LRPS}`,
      line,
    );
  }
  if (nonEmptyString(r.process_guid) === null) {
    if (!has(r, "process_guid") && has(r, "task_guid")) {
      throw new DumpFormatError(
        `line ${line} looks like \`cfdot tasks\` output, which lists tasks, not app processes. ${RUN_DESIRED_LRPS}`,
        line,
      );
    }
    throw new DumpFormatError(
      has(r, "process_guid")
        ? `line ${line}: \`process_guid\` is not a non-empty string. ${RUN_DESIRED_LRPS}`
        : `line ${line} has no \`process_guid\`, so it is not a desired LRP. ${RUN_DESIRED_LRPS}`,
      line,
    );
  }
  const privileged = r.privileged;
  if (typeof privileged !== "boolean") {
    if (privileged === undefined) {
      // BBS writes `privileged` without omitempty, but only in the run info: the scheduling-info and
      // actual-LRP listings never contain it.
      const actual = has(r, "instance_guid") || has(r, "index") || has(r, "state");
      throw new DumpFormatError(
        actual
          ? `line ${line} has no \`privileged\` field: it looks like \`cfdot actual-lrps\` output, which cannot show privilege. ${RUN_DESIRED_LRPS}`
          : `line ${line} has no \`privileged\` field: it looks like \`cfdot desired-lrp-scheduling-infos\` output, which cannot show privilege. ${RUN_DESIRED_LRPS}`,
        line,
      );
    }
    throw new DumpFormatError(`line ${line}: \`privileged\` is not true or false. ${RUN_DESIRED_LRPS}`, line);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------------------

/** Extracts the whitelisted fields of one already-parsed desired LRP; `line` is where the record starts. */
export function extractLrp(value: unknown, line: number): LrpRecord {
  const r = requireShape(value, line);
  const processGuid = r.process_guid as string;
  const privileged = r.privileged as boolean;
  const domain = typeof r.domain === "string" ? r.domain : "";
  const instances = numberField(r, "instances", line);
  const memoryMb = numberField(r, "memory_mb", line);
  const diskMb = numberField(r, "disk_mb", line);

  // Absent on LRPs created before CAPI 1.76 and never updated since.
  const tags = isObj(r.metric_tags) ? r.metric_tags : null;
  const network = isObj(r.network) ? r.network : null;
  // CC has set these since 2016, so they identify org and space on LRPs older than the name tags (CAPI 1.85).
  const netProps = network !== null && isObj(network.properties) ? network.properties : null;
  const certProps = isObj(r.certificate_properties) ? r.certificate_properties : null;
  const units = certProps !== null ? certProps.organizational_unit : undefined;

  const orgGuid =
    staticTag(tags, "organization_id") ?? (netProps !== null ? nonEmptyString(netProps.org_id) : null) ?? ouValue(units, "organization:");
  const spaceGuid =
    staticTag(tags, "space_id") ?? (netProps !== null ? nonEmptyString(netProps.space_id) : null) ?? ouValue(units, "space:");

  const isApp = domain === "cf-apps";
  // log_guid is the app guid in every CC era; process_guid starts with the app guid only until the first
  // rolling deploy, so it is the last resort.
  const appGuid = isApp
    ? (nonEmptyString(r.log_guid) ??
      staticTag(tags, "app_id") ??
      (netProps !== null ? nonEmptyString(netProps.app_id) : null) ??
      ouValue(units, "app:") ??
      processGuid.slice(0, 36))
    : null;

  const launchers = findLauncherRuns(r.action);
  const hints = new HintSet();
  const parsedServices = new Set<string>();
  let logSourceType: string | null = null;
  for (const run of launchers) {
    const logSource = run.log_source;
    if (logSourceType === null && typeof logSource === "string") {
      const m = APP_LOG_SOURCE.exec(logSource);
      if (m !== null) logSourceType = m[1].toLowerCase();
    }
    // args are ["app", <start command>, <execution metadata>]; sidecar commands are scanned as well.
    const args = run.args;
    if (Array.isArray(args) && typeof args[1] === "string") scanCommand(args[1], hints);
    scanEnv(run.env, hints, parsedServices);
  }
  scanEnv(r.env, hints, parsedServices);

  const volumeDrivers: string[] = [];
  if (Array.isArray(r.volume_mounts)) {
    if (r.volume_mounts.length > MAX_VOLUME_MOUNTS) {
      throw new DumpFormatError(`line ${line} has more than ${MAX_VOLUME_MOUNTS} volume mounts. ${RUN_DESIRED_LRPS}`, line);
    }
    for (const vm of r.volume_mounts) {
      if (!isObj(vm)) continue;
      const driver = nonEmptyString(vm.driver);
      checkLength(driver, "volume_mounts driver", MAX_NAME_BYTES, line);
      if (driver !== null && !volumeDrivers.includes(driver)) volumeDrivers.push(driver);
    }
  }
  for (const d of volumeDrivers) hints.add("volume", d);

  // process_type tags arrived in CAPI 1.81; older LRPs only say it in the launcher's log_source.
  const processType =
    staticTag(tags, "process_type") ??
    logSourceType ??
    (appGuid !== null && processGuid.startsWith(appGuid) ? "web" : "unknown");

  checkLength(domain, "domain", MAX_NAME_BYTES, line);
  checkGuid(processGuid, "process_guid", isApp, line);
  checkGuid(appGuid, "app guid", isApp, line);
  checkGuid(orgGuid, "organization guid", isApp, line);
  checkGuid(spaceGuid, "space guid", isApp, line);
  const processId = staticTag(tags, "process_id");
  checkGuid(processId, "process_id", isApp, line);
  const appName = isApp ? staticTag(tags, "app_name") : null;
  const orgName = isApp ? staticTag(tags, "organization_name") : null;
  const spaceName = isApp ? staticTag(tags, "space_name") : null;
  checkLength(appName, "app_name", MAX_NAME_BYTES, line);
  checkLength(orgName, "organization_name", MAX_NAME_BYTES, line);
  checkLength(spaceName, "space_name", MAX_NAME_BYTES, line);
  checkLength(processType, "process_type", MAX_NAME_BYTES, line);
  const rootfs = normalizeRootfs(r.rootfs);
  checkLength(rootfs, "rootfs", MAX_ROOTFS_BYTES, line);
  const placementTags = stringList(r.placement_tags);
  if (Array.isArray(r.placement_tags) && r.placement_tags.length > MAX_PLACEMENT_TAGS) {
    throw new DumpFormatError(`line ${line} has more than ${MAX_PLACEMENT_TAGS} placement tags. ${RUN_DESIRED_LRPS}`, line);
  }
  for (const tag of placementTags) checkLength(tag, "placement_tags", MAX_NAME_BYTES, line);

  return {
    line,
    processGuid,
    domain,
    appGuid,
    processType,
    instances,
    memoryMb,
    diskMb,
    rootfs,
    privileged,
    placementTags,
    annotation: parseAnnotation(r.annotation),
    appName,
    orgGuid,
    orgName,
    spaceGuid,
    spaceName,
    processId,
    volumeDrivers,
    hints: hints.list,
  };
}

/** Maps hints to the API's `risks` categories, sorted and distinct. */
export function riskCategories(hints: RiskHint[]): string[] {
  const found = new Set<RiskCategory>();
  for (const h of hints) {
    switch (h.kind) {
      case "command":
        found.add(h.keyword === "mount" ? "mount" : "fuse");
        break;
      case "env":
        found.add("fuse-env");
        break;
      case "service":
        found.add("fuse-service");
        break;
      case "volume":
        found.add("volume");
        break;
    }
  }
  // RISK_CATEGORIES is already sorted, so filtering it keeps the order without a sort.
  return RISK_CATEGORIES.filter((c) => found.has(c));
}
