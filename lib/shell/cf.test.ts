import { describe, expect, it } from "vitest";
import { cfOption, cfReadsAsFlag } from "./cf";

describe("cfReadsAsFlag (go-flags' argumentIsOption)", () => {
  it("is true for what cf parses as a flag", () => {
    for (const arg of ["-o", "-app", "--help", "--x", "-=", "-s=evil"]) expect(cfReadsAsFlag(arg), arg).toBe(true);
  });
  it("is false for what cf takes as a positional argument", () => {
    for (const arg of ["app", "-", "--", "---x", "a-b", " -x", ""]) expect(cfReadsAsFlag(arg), arg).toBe(false);
  });
});

describe("cfOption", () => {
  it("joins the value with = so cf never reads it as a flag", () => {
    expect(cfOption("-o", "acme-prod")).toBe("-o='acme-prod'");
    expect(cfOption("-s", "--help")).toBe("-s='--help'");
  });
  it("passes a value starting with a double quote as the Go literal that go-flags unquotes back to it", () => {
    expect(cfOption("-o", '"quoted" org')).toBe(`-o='"\\"quoted\\" org"'`);
  });
});
