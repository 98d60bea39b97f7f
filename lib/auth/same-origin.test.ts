import { describe, expect, it } from "vitest";
import { crossSiteReason } from "./same-origin";

const h = (o: Record<string, string>) => new Headers(o);

describe("crossSiteReason", () => {
  it("lets our own pages through", () => {
    expect(crossSiteReason(h({ "sec-fetch-site": "same-origin", origin: "http://rr.local:3000", host: "rr.local:3000" }))).toBeNull();
    expect(crossSiteReason(h({ origin: "http://rr.local:3000", host: "rr.local:3000" }))).toBeNull();
  });
  it("refuses a form posted from another site, whatever its content type", () => {
    expect(crossSiteReason(h({ "sec-fetch-site": "cross-site", origin: "https://evil.example", host: "rr.local:3000" }))).toMatch(/cross-site/);
    expect(crossSiteReason(h({ origin: "https://evil.example", host: "rr.local:3000" }))).toMatch(/another site/);
  });
  it("refuses a sibling subdomain and an opaque origin", () => {
    expect(crossSiteReason(h({ "sec-fetch-site": "same-site", host: "rr.example.com" }))).toMatch(/same-site/);
    expect(crossSiteReason(h({ origin: "null", host: "rr.local:3000" }))).toMatch(/opaque/);
  });
  it("trusts the configured public URL behind a proxy that rewrites Host", () => {
    expect(crossSiteReason(h({ origin: "https://rr.example.com", host: "127.0.0.1:3000" }), "https://rr.example.com")).toBeNull();
  });
  it("lets programs through: they send neither header", () => {
    expect(crossSiteReason(h({ host: "rr.local:3000" }))).toBeNull();
  });
});
