import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { formatAge, formatProcesses, shellQuote } from "./format";

describe("shellQuote", () => {
  it("leaves plain CF names alone", () => {
    expect(shellQuote("legacy-sftp-sync")).toBe("legacy-sftp-sync");
  });

  it("makes names from dumps inert in a copied command, whatever they contain", () => {
    for (const name of ["$(touch /tmp/pwned)", "a'b", "`id`", "x; rm -rf ~", 'quote"d', "new\nline", "<b>&amp;"]) {
      // the shell hands the quoted word back verbatim, so nothing in it ran
      expect(execFileSync("sh", ["-c", `printf %s ${shellQuote(name)}`]).toString()).toBe(name);
    }
  });
});

describe("formatAge", () => {
  const now = Date.parse("2026-11-29T12:00:00Z");
  it("reads like a person would say it", () => {
    expect(formatAge("2026-11-29T11:59:30Z", now)).toBe("just now");
    expect(formatAge("2026-11-29T09:00:00Z", now)).toBe("3 h ago");
    expect(formatAge("2026-11-20T12:00:00Z", now)).toBe("9 d ago");
    expect(formatAge("not a time", now)).toBe("unknown");
  });
});

describe("formatProcesses", () => {
  it("counts LRPs per process type, as a rolling deploy has two web LRPs", () => {
    expect(
      formatProcesses([
        { type: "web", lrps: 2, instances: 4, privileged: true },
        { type: "worker", lrps: 1, instances: 1, privileged: false },
      ]),
    ).toMatch(/web.*worker/);
  });
});
