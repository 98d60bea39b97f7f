import { describe, expect, it } from "vitest";
import { API_CONTENT_SECURITY_POLICY, pageContentSecurityPolicy, SECURITY_HEADERS } from "./headers.mjs";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("page Content-Security-Policy", () => {
  it("runs only scripts carrying the request's nonce: no inline script, no eval, no framing", () => {
    const d = directives(pageContentSecurityPolicy("bm9uY2U=", false));
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(d.get("style-src")).toEqual(["'self'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'none'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(pageContentSecurityPolicy("bm9uY2U=", false)).not.toMatch(/unsafe/);
  });

  it("allows eval and inline styles only for next dev", () => {
    const d = directives(pageContentSecurityPolicy("n", true));
    expect(d.get("script-src")).toContain("'unsafe-eval'");
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
    expect(d.get("style-src")).toContain("'unsafe-inline'");
  });
});

describe("API and common headers", () => {
  it("API answers load, run and frame nothing", () => {
    expect(directives(API_CONTENT_SECURITY_POLICY)).toEqual(
      new Map([
        ["default-src", ["'none'"]],
        ["frame-ancestors", ["'none'"]],
      ]),
    );
  });

  it("every response forbids type sniffing and sends no referrer", () => {
    expect(Object.fromEntries(SECURITY_HEADERS.map((h) => [h.key, h.value]))).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
    });
  });
});
