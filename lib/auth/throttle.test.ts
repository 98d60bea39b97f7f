import { describe, expect, it } from "vitest";
import { SignInThrottle } from "./throttle";

const limits = { windowMs: 60_000, perAccount: 3, perAddress: 5 };

describe("SignInThrottle", () => {
  it("locks an account after its limit of failures, from any address, until the window moves on", () => {
    const t = new SignInThrottle(limits);
    for (let i = 0; i < 3; i++) t.fail("ana@example.com", `10.0.0.${i}`, 1000 + i);
    expect(t.retryAfter("ana@example.com", "10.0.0.9", 2000)).toBe(59);
    expect(t.retryAfter("bob@example.com", "10.0.0.9", 2000)).toBe(0);
    expect(t.retryAfter("ana@example.com", "10.0.0.9", 61_000)).toBe(0);
  });
  it("locks an address that tries many accounts", () => {
    const t = new SignInThrottle(limits);
    for (let i = 0; i < 5; i++) t.fail(`user${i}@example.com`, "10.0.0.1", 1000);
    expect(t.retryAfter("new@example.com", "10.0.0.1", 1000)).toBe(60);
    expect(t.retryAfter("new@example.com", "10.0.0.2", 1000)).toBe(0);
  });
  it("a successful sign-in clears the account's failures", () => {
    const t = new SignInThrottle(limits);
    t.fail("ana@example.com", null, 0);
    t.fail("ana@example.com", null, 0);
    t.succeed("ana@example.com");
    t.fail("ana@example.com", null, 0);
    expect(t.retryAfter("ana@example.com", null, 0)).toBe(0);
  });
});
