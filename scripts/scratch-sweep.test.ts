import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scratchRootOf, sweepScratch } from "./scratch-sweep.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "rr-sweep-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that no process has any more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

function folder(root: string, name: string) {
  mkdirSync(path.join(root, name), { recursive: true });
  writeFileSync(path.join(root, name, "0.db"), "guids and names of a rejected dump");
}

describe("sweepScratch", () => {
  it("removes the scratch folders of dead processes and stray files, and keeps a live server's", () => {
    const root = scratchRootOf(`file:${path.join(dir, "app.db")}`);
    expect(root).toBe(path.join(dir, "staging"));
    const live = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      const dead = deadPid();
      folder(root, `upload-${dead}-0a1b2c3d4e5f`);
      folder(root, `upload-${dead}-ffeeddccbbaa`);
      // this process has started no upload: a folder with its pid was left by a predecessor that had the same pid
      folder(root, `upload-${process.pid}-123456abcdef`);
      folder(root, `upload-${live.pid}-9f8e7d6c5b4a`);
      writeFileSync(path.join(root, `upload-${dead}-0a1b2c3d4e5f-main.db`), "");
      writeFileSync(path.join(root, "0.db-journal"), "");

      const removed = sweepScratch(root);
      expect(removed.sort()).toEqual(
        [
          `upload-${dead}-0a1b2c3d4e5f`,
          `upload-${dead}-ffeeddccbbaa`,
          `upload-${process.pid}-123456abcdef`,
          `upload-${dead}-0a1b2c3d4e5f-main.db`,
          "0.db-journal",
        ].sort(),
      );
      expect(readdirSync(root)).toEqual([`upload-${live.pid}-9f8e7d6c5b4a`]);
    } finally {
      live.kill("SIGKILL");
    }
  });

  it("does nothing when there is no scratch folder yet", () => {
    expect(sweepScratch(path.join(dir, "missing", "staging"))).toEqual([]);
  });
});
