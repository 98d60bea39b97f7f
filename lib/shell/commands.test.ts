import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appCommandLines, curlUploadLine, runnableText } from "./commands";
import { HOSTILE_NAMES } from "./hostile-names";

const dir = mkdtempSync(path.join(tmpdir(), "shell-commands-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `cf` and `curl` stand-ins: each call prints its name, its argument count and its arguments, NUL-separated. */
const STUBS = `cf() { printf '%s\\0' cf "$#" "$@"; }\ncurl() { printf '%s\\0' curl "$#" "$@"; }\n`;

/** Runs what the copy button copies in a real bash; returns every stubbed call's argv, command name first. */
function runInBash(lines: string[]): string[][] {
  const out = execFileSync("bash", ["--noprofile", "--norc", "-e", "-c", STUBS + runnableText(lines)], {
    cwd: dir,
    // a clean environment: no BASH_ENV or aliases from the machine running the tests
    env: { NODE_ENV: "test", PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
  }).toString("utf8");
  const fields = out.split("\0");
  const calls: string[][] = [];
  let i = 0;
  while (i < fields.length - 1) {
    const n = Number(fields[i + 1]);
    calls.push([fields[i], ...fields.slice(i + 2, i + 2 + n)]);
    i += 2 + n;
  }
  return calls;
}

/** go-flags' argumentIsOption, written out again here so the test does not trust the code it checks. */
const looksLikeOption = (a: string) => (a.length > 1 && a[0] === "-" && a[1] !== "-") || (a.length > 2 && a.startsWith("--") && a[2] !== "-");

/** What the cf CLI makes of its arguments (go-flags with only HelpFlag: no `--`, Go-unquoting of values). */
function readAsCf(argv: string[]): { command: string; args: string[]; options: Record<string, string> } {
  const [, command, ...rest] = argv;
  const args: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (!looksLikeOption(a)) {
      args.push(a);
      continue;
    }
    const long = a.startsWith("--");
    const body = a.slice(long ? 2 : 1);
    const eq = body.indexOf("=");
    const name = long ? (eq >= 0 ? body.slice(0, eq) : body) : body[0];
    let value: string;
    if ((long && eq >= 0) || (!long && eq === 1)) value = body.slice(eq + 1);
    else if (!long && body.length > 1) value = body.slice(1);
    else {
      value = rest[++i];
      if (value === undefined || looksLikeOption(value)) throw new Error(`cf would stop: flag ${name} has no value`);
    }
    options[name] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return { command, args, options };
}

describe("app commands run in bash", () => {
  const ref = (name: string | null, guid: string) => ({ guid, name });

  it("hand every hostile app, org and space name to cf intact, and run nothing", () => {
    for (const name of HOSTILE_NAMES) {
      const lines = appCommandLines({ guid: "app-guid", name, org: ref(name, "org-guid"), space: ref(name, "space-guid") });
      const label = JSON.stringify(name);
      const app = looksLikeOption(name) ? "<app>" : name;
      const target = { command: "target", args: [], options: { o: name, s: name } };

      expect(runInBash(lines.target).map(readAsCf), label).toEqual([target]);
      expect(runInBash(lines.testPush).map(readAsCf), label).toEqual([
        { command: "target", args: [], options: { o: "<test-org>", s: "<test-space>" } },
        { command: "create-app", args: [`${app}-rootless-test`], options: {} },
        target,
        { command: "copy-source", args: [app, `${app}-rootless-test`], options: { o: "<test-org>", s: "<test-space>" } },
      ]);
      expect(runInBash(lines.restage).map(readAsCf), label).toEqual([target, { command: "restage", args: [app], options: { strategy: "rolling" } }]);
      expect(lines.appNameIsFlag, label).toBe(looksLikeOption(name));
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("push the test copy to the test space the workflow recorded, hostile names included", () => {
    for (const name of HOSTILE_NAMES) {
      const lines = appCommandLines({ guid: "g", name: "sftp", org: ref("acme", "o"), space: ref("dev", "s"), test: { org: name, space: name, app: name } });
      const label = JSON.stringify(name);
      const copy = looksLikeOption(name) ? "sftp-rootless-test" : name;
      expect(lines.testPush.filter((l) => l.startsWith("#")), label).toEqual([]);
      expect(runInBash(lines.testPush).map(readAsCf), label).toEqual([
        { command: "target", args: [], options: { o: name, s: name } },
        { command: "create-app", args: [copy], options: {} },
        { command: "target", args: [], options: { o: "acme", s: "dev" } },
        { command: "copy-source", args: ["sftp", copy], options: { o: name, s: name } },
      ]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("never end options with --, which cf would take as the app's name", () => {
    const lines = appCommandLines({ guid: "g", name: "checkout-api", org: ref("acme", "o"), space: ref("dev", "s") });
    for (const call of runInBash([...lines.target, ...lines.testPush, ...lines.restage])) expect(call).not.toContain("--");
  });

  it("use quoted placeholders for unknown names, so an unedited copy fails in cf rather than in the shell", () => {
    const lines = appCommandLines({ guid: "g-1", name: "g-1", org: ref(null, "$(touch pwned-org)"), space: ref("s-1", "s-1") });
    expect(lines.namesUnknown).toBe(true);
    expect(lines.target.filter((l) => l.startsWith("#"))).toHaveLength(3);
    expect(runInBash(lines.restage).map(readAsCf)).toEqual([
      { command: "target", args: [], options: { o: "<org>", s: "<space>" } },
      { command: "restage", args: ["<app>"], options: { strategy: "rolling" } },
    ]);
    // the lookup hints are comments, left out of the copy, yet safe to run by hand
    const lookups = lines.target.filter((l) => l.startsWith("#")).map((l) => l.replace(/^# \w+ name unknown: /, ""));
    expect(runInBash(lookups.map((l) => l.replace(/ \| jq -r \.name$/, "")))).toEqual([
      ["cf", "curl", "/v3/organizations/$(touch pwned-org)"],
      ["cf", "curl", "/v3/spaces/s-1"],
      ["cf", "curl", "/v3/apps/g-1"],
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("the curl upload line runs in bash", () => {
  it("sends to the URL of the named foundation, whatever the name, and runs nothing", () => {
    for (const name of HOSTILE_NAMES) {
      const [call] = runInBash([curlUploadLine("http://127.0.0.1:3000", name)]);
      expect(call.slice(0, 4), JSON.stringify(name)).toEqual(["curl", "--data-binary", "@lrps.ndjson", "--"]);
      const url = new URL(call[4]);
      expect(url.origin).toBe("http://127.0.0.1:3000");
      expect(decodeURIComponent(url.pathname.split("/")[3])).toBe(name);
      expect(call).toHaveLength(5);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("keeps placeholders inside the quoted URL", () => {
    expect(runInBash([curlUploadLine(null, null)])).toEqual([["curl", "--data-binary", "@lrps.ndjson", "--", "http://<host>/api/foundations/<name>/snapshots"]]);
  });
});
