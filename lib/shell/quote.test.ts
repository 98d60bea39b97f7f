import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HOSTILE_NAMES } from "./hostile-names";
import { canShellQuote, shellQuote } from "./quote";

const dir = mkdtempSync(path.join(tmpdir(), "shell-quote-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("shellQuote", () => {
  it("single-quotes every value, even a plain one", () => {
    expect(shellQuote("legacy-sftp-sync")).toBe("'legacy-sftp-sync'");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });

  it("hands every hostile name back to sh and bash byte for byte, and runs none of it", () => {
    for (const shell of ["sh", "bash"]) {
      for (const name of HOSTILE_NAMES) {
        const out = execFileSync(shell, ["-c", `printf %s ${shellQuote(name)}`], { cwd: dir });
        expect(out.toString("utf8"), `${shell}: ${JSON.stringify(name)}`).toBe(name);
      }
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a NUL, which no command can receive, without quoting the value", () => {
    expect(canShellQuote("a\0b")).toBe(false);
    expect(() => shellQuote("secret\0")).toThrow(/NUL/);
    expect(() => shellQuote("secret\0")).not.toThrow(/secret/);
  });
});
