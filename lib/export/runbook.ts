/**
 * The restage runbook: a bash script that targets each org and space and restages every `verified` app
 * (its test push ran unprivileged), so its new LRPs get the platform's current, unprivileged flag. Pure.
 * Every name comes from an uploaded dump: commands quote them with lib/shell, comments strip what could
 * end a comment line.
 */
import type { NamedRef } from "@/lib/schemas/app";
import { appCommandLines } from "@/lib/shell/commands";

export interface RunbookApp {
  guid: string;
  name: string;
  org: NamedRef;
  space: NamedRef;
}

/** Text for a `#` comment: a newline would end the comment and run the rest, so no control character stays. */
export function commentText(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "?");
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

const HEADER = `set -euo pipefail

DRY_RUN="\${DRY_RUN:-0}"
case "\${1:-}" in
  --dry-run) DRY_RUN=1 ;;
  "") ;;
  *) echo "usage: $0 [--dry-run]   (or DRY_RUN=1 $0)" >&2; exit 2 ;;
esac

# Prints each command, quoted as bash would read it, and runs it unless this is a dry run.
run() {
  printf '+'
  printf ' %q' "$@"
  printf '\\n'
  if [ "$DRY_RUN" != 1 ]; then "$@"; fi
}
`;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function runbookScript(foundation: string, apps: readonly RunbookApp[], generatedAt: Date, org?: string): string {
  const groups = new Map<string, { label: string; lines: string[] }>();
  const skipped: string[] = [];
  const sorted = [...apps].sort(
    (a, b) => byText(a.org.name ?? "", b.org.name ?? "") || byText(a.space.name ?? "", b.space.name ?? "") || byText(a.name, b.name) || byText(a.guid, b.guid),
  );
  for (const app of sorted) {
    const cmd = appCommandLines(app);
    const about = `${app.name} (${app.guid}) in ${app.org.name ?? "?"} / ${app.space.name ?? "?"}`;
    if (cmd.namesUnknown || cmd.appNameIsFlag) {
      skipped.push(`# skipped ${commentText(about)}: ${cmd.appNameIsFlag ? "cf reads its name as a flag; rename it first" : "a name is unknown; upload a Cloud Controller export"}`);
      continue;
    }
    const target = cmd.target[cmd.target.length - 1]!;
    const group = groups.get(target) ?? { label: `# org ${app.org.name} / space ${app.space.name}`, lines: [] };
    group.lines.push(`# ${app.name} (${app.guid})`, `run ${cmd.restage[1]}`);
    groups.set(target, group);
  }

  const count = apps.length - skipped.length;
  const out = [
    "#!/usr/bin/env bash",
    commentText(`# Rootless Ready: restage the verified apps of foundation ${foundation}${org ? `, org ${org}` : ""}.`),
    `# Generated ${generatedAt.toISOString()}: ${count} app${count === 1 ? "" : "s"} to restage${skipped.length ? `, ${skipped.length} skipped` : ""}.`,
    "# Log in to the foundation first (cf login). Preview without changing anything: DRY_RUN=1 ./runbook.sh, or ./runbook.sh --dry-run",
    "# After the restages, upload a new cfdot desired-lrps dump: it confirms each app as migrated.",
    HEADER,
  ];
  for (const [target, g] of groups) out.push(commentText(g.label), `run ${target}`, ...g.lines.map((l) => (l.startsWith("#") ? commentText(l) : l)), "");
  out.push(...skipped);
  if (count === 0) out.push("echo 'No verified app to restage.'");
  return `${out.join("\n")}\n`;
}
