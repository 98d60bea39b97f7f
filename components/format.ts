import type { RiskCategory } from "@/lib/cfdot/extract";
import type { ProcessDto } from "@/lib/schemas/app";

/**
 * Formatting shared by server and client components. Pure: no Date.now() in client render paths (the
 * server computes ages, so hydration never disagrees with it).
 */

const integer = new Intl.NumberFormat("en-US");

export const formatCount = (n: number): string => integer.format(n);

/** "3 h ago" for an ISO time, relative to `now`. */
export function formatAge(iso: string, now: number): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return "unknown";
  if (seconds < -60) return "in the future";
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 60) return `${days} d ago`;
  const months = Math.floor(days / 30);
  if (months < 24) return `${months} mo ago`;
  return `${Math.floor(days / 365)} y ago`;
}

/** A snapshot older than this is shown as stale: quiet foundations should still be re-uploaded regularly. */
export const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/** "2026-11-28 08:00 UTC" */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Upload sizes: MB for real dumps, KB for small files (which would read "0.00 MB"). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(2) : mb.toFixed(1)} MB`;
}

export function formatMb(mb: number): string {
  return mb >= 1024 && mb % 1024 === 0 ? `${mb / 1024} GB` : `${formatCount(mb)} MB`;
}

/** "web ×2, worker": instances per process type, ×N only when it is not 1. */
export function formatProcesses(processes: ProcessDto[]): string {
  if (processes.length === 0) return "—";
  return processes.map((p) => (p.instances === 1 ? p.type : `${p.type} ×${p.instances}`)).join(", ");
}

export function describeProcess(p: ProcessDto): string {
  const lrps = p.lrps > 1 ? ` in ${p.lrps} LRPs (a rolling deploy is under way)` : "";
  return `${p.type}: ${p.instances} instance${p.instances === 1 ? "" : "s"}${lrps}, ${p.privileged ? "privileged" : "unprivileged"}`;
}

export const STATUS_LABELS: Record<string, string> = {
  untriaged: "untriaged",
  testing: "testing",
  verified: "verified",
  needs_privilege: "needs privilege",
  waived: "waived",
  restaged: "restaged",
  migrated: "migrated",
};

export const STATUS_DESCRIPTIONS: Record<string, string> = {
  untriaged: "privileged in the latest snapshot; nobody has acted yet",
  testing: "a test push is under way",
  verified: "the test push runs unprivileged; the owner signed off",
  needs_privilege: "the test push failed; it still needs a privileged container",
  waived: "exempted until the waiver expires",
  restaged: "restaged; waiting for a snapshot to confirm",
  migrated: "a later snapshot shows no privileged LRP",
};

export const statusLabel = (s: string | null): string => (s === null ? "—" : (STATUS_LABELS[s] ?? s));

export const RISK_LABELS: Record<RiskCategory, { label: string; title: string }> = {
  fuse: { label: "FUSE", title: "start command uses a FUSE tool (sshfs, s3fs, gcsfuse, …), which needs a privileged container" },
  "fuse-env": { label: "SSHFS env", title: "environment variable names configure sshfs (SSHFS_*)" },
  "fuse-service": { label: "FUSE service", title: "a bound service's label mentions sshfs or fuse" },
  mount: { label: "mount", title: "start command mentions mount (a weak hint: mounting needs CAP_SYS_ADMIN)" },
  volume: { label: "volume", title: "the app uses volume services (volume_mounts)" },
};

export function riskLabel(risk: string): { label: string; title: string } {
  return (RISK_LABELS as Record<string, { label: string; title: string }>)[risk] ?? { label: risk, title: risk };
}

/** A risk hint from ingest, in words: { kind: "command", keyword: "sshfs" } → "start command mentions sshfs". */
export function explainRiskHint(hint: { kind: string; keyword: string }): { text: string; why: string } {
  switch (hint.kind) {
    case "command":
      return hint.keyword === "mount"
        ? {
            text: "start command mentions mount",
            why: "A weak hint: the word may be a path or a flag, but mounting a file system needs CAP_SYS_ADMIN, which unprivileged containers do not have.",
          }
        : {
            text: `start command mentions ${hint.keyword}`,
            why: "FUSE file systems need /dev/fuse and CAP_SYS_ADMIN; expect this app to fail in an unprivileged container unless it stops mounting.",
          };
    case "env":
      return {
        text: `an environment variable name starts with ${hint.keyword}`,
        why: "The sshfs-mountie pattern configures an sshfs mount through these variables.",
      };
    case "service":
      return {
        text: `a bound service's label mentions ${hint.keyword}`,
        why: "A FUSE-based service binding usually mounts a file system inside the container.",
      };
    case "volume":
      return {
        text: `uses a volume service (driver ${hint.keyword})`,
        why: "Volume services are mounted by the cell, not the app; check the app does not also mount by itself.",
      };
    default:
      return { text: `${hint.kind} mentions ${hint.keyword}`, why: "" };
  }
}
