import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HOSTILE_NAMES } from "@/lib/shell/hostile-names";
import { commentText, runbookScript, type RunbookApp } from "./runbook";

const dir = mkdtempSync(path.join(tmpdir(), "runbook-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A `cf` on PATH that records each call's argv, NUL-separated, one call per line of the log.
const bin = path.join(dir, "bin");
const log = path.join(dir, "cf.log");
execFileSync("mkdir", ["-p", bin]);
writeFileSync(path.join(bin, "cf"), `#!/usr/bin/env bash\nprintf '%s\\0' "$@" >> ${JSON.stringify(log)}\nprintf '\\n' >> ${JSON.stringify(log)}\n`);
chmodSync(path.join(bin, "cf"), 0o755);

function runScript(script: string, args: string[] = [], env: Record<string, string> = {}): { calls: string[][]; stdout: string } {
  const file = path.join(dir, "runbook.sh");
  writeFileSync(file, script);
  writeFileSync(log, "");
  const stdout = execFileSync("bash", ["--noprofile", "--norc", file, ...args], {
    cwd: dir,
    env: { NODE_ENV: "test", PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}`, HOME: dir, ...env },
  }).toString("utf8");
  const calls = readFileSync(log, "utf8")
    .split("\0\n")
    .filter((l) => l !== "")
    .map((l) => l.split("\0"));
  return { calls, stdout };
}

const ref = (name: string | null, guid: string) => ({ name, guid });
const app = (name: string, org: string, space: string, guid = `guid-${name}`): RunbookApp => ({
  guid,
  name,
  org: ref(org, `org-${org}`),
  space: ref(space, `space-${org}-${space}`),
});
const AT = new Date("2026-11-29T08:00:00Z");

describe("restage runbook", () => {
  const apps = [app("b-app", "acme", "payments"), app("a-app", "acme", "payments"), app("c-app", "zeta", "dev")];

  it("targets each space once and restages each verified app in it, rolling", () => {
    const { calls } = runScript(runbookScript("prod", apps, AT));
    expect(calls).toEqual([
      ["target", "-o=acme", "-s=payments"],
      ["restage", "a-app", "--strategy", "rolling"],
      ["restage", "b-app", "--strategy", "rolling"],
      ["target", "-o=zeta", "-s=dev"],
      ["restage", "c-app", "--strategy", "rolling"],
    ]);
  });

  it("only prints in a dry run, by variable or by flag", () => {
    for (const [args, env] of [[[], { DRY_RUN: "1" }], [["--dry-run"], {}]] as const) {
      const { calls, stdout } = runScript(runbookScript("prod", apps, AT), [...args], env);
      expect(calls).toEqual([]);
      expect(stdout).toContain("+ cf target -o=acme -s=payments\n+ cf restage a-app --strategy rolling\n");
    }
  });

  it("stops at the first failing command (set -euo pipefail)", () => {
    const script = runbookScript("prod", apps, AT);
    expect(script).toContain("\nset -euo pipefail\n");
    writeFileSync(path.join(bin, "cf"), `#!/usr/bin/env bash\nprintf '%s\\0' "$@" >> ${JSON.stringify(log)}\nprintf '\\n' >> ${JSON.stringify(log)}\n[ "$1" != restage ]\n`);
    try {
      expect(() => runScript(script)).toThrow();
      expect(readFileSync(log, "utf8").split("\0\n").filter(Boolean)).toHaveLength(2);
    } finally {
      writeFileSync(path.join(bin, "cf"), `#!/usr/bin/env bash\nprintf '%s\\0' "$@" >> ${JSON.stringify(log)}\nprintf '\\n' >> ${JSON.stringify(log)}\n`);
    }
  });

  it("passes hostile names to cf exactly and never lets one out of a comment", () => {
    const hostile = HOSTILE_NAMES.map((n, i) => app(n, `org ${n}`, `space ${n}`, `g${i}\n$(touch pwned-guid)`));
    const script = runbookScript("prod\n$(touch pwned-foundation)", hostile, AT, "o'rg\ntouch pwned-org");
    const { calls } = runScript(script);
    const restaged = calls.filter((c) => c[0] === "restage").map((c) => c[1]);
    // cf reads a name starting with "-" as a flag (lib/shell/cf.ts): such apps are listed as skipped instead
    const flagLike = HOSTILE_NAMES.filter((n) => /^-[^-]/.test(n) || /^--[^-]/.test(n));
    expect(new Set(restaged)).toEqual(new Set(HOSTILE_NAMES.filter((n) => !flagLike.includes(n))));
    for (const c of calls.filter((c) => c[0] === "target")) {
      expect(c[1]!.startsWith("-o=org ")).toBe(true);
      expect(c[2]!.startsWith("-s=space ")).toBe(true);
    }
    expect(script.match(/^# skipped /gm)).toHaveLength(flagLike.length);
    // a name that got out of its quotes or its comment would have run `touch`
    expect(execFileSync("ls", [dir]).toString()).not.toContain("pwned");
  });

  it("skips an app whose names are unknown, saying why", () => {
    const unknown: RunbookApp = { guid: "g1", name: "g1", org: ref("o1", "o1"), space: ref("s1", "s1") };
    const script = runbookScript("prod", [unknown], AT);
    expect(runScript(script).calls).toEqual([]);
    expect(script).toMatch(/^# skipped g1 \(g1\) in o1 \/ s1: a name is unknown/m);
    expect(script).toContain("echo 'No verified app to restage.'");
  });

  it("comment text has no control characters", () => {
    expect(commentText("a\nb\rc\u2028d\u0000e")).toBe("a?b?c?d?e");
  });
});
