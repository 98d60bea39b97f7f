import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ccExportCommands, manifestCommands } from "./commands";

describe("readiness commands", () => {
  it("quote the upload URL, whatever the origin", () => {
    expect(manifestCommands("http://rr.example.com:3000", "prod-eu")[1]).toBe("curl --data-binary @manifest.yml -- 'http://rr.example.com:3000/api/foundations/prod-eu/manifests'");
    expect(ccExportCommands(null, "prod-eu").at(-1)).toBe("curl --data-binary @cc-apps.json -- 'http://<host>/api/foundations/prod-eu/cc-apps'");
  });

  it("the cf curl loop follows pagination.next and concatenates every page (run in bash with cf stubbed)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "rr-loop-"));
    try {
      // a stub cf: page 1 points to page 2 with an absolute URL, as Cloud Controller does
      writeFileSync(
        path.join(dir, "cf"),
        `#!/bin/sh
case "$2" in
  *page=2*) echo '{"pagination":{"next":null},"resources":[{"guid":"b"}]}' ;;
  *) echo '{"pagination":{"next":{"href":"https://api.sys.example.com/v3/apps?page=2&per_page=5000"}},"resources":[{"guid":"a"}]}' ;;
esac
`,
      );
      chmodSync(path.join(dir, "cf"), 0o755);
      const loop = ccExportCommands(null, "f").filter((l) => !l.startsWith("#") && !l.startsWith("curl")).join("\n");
      execFileSync("bash", ["-c", loop], { cwd: dir, env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, timeout: 10_000 });
      const pages = readFileSync(path.join(dir, "cc-apps.json"), "utf8").trim().split("\n");
      expect(pages.map((p) => JSON.parse(p).resources[0].guid)).toEqual(["a", "b"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
