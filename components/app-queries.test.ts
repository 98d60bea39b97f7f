import { describe, expect, it } from "vitest";
import { APP_LIST_DEFAULTS, appListSearch, hasAppFilters, readAppListParams } from "./app-queries";

const read = (qs: string) => readAppListParams(new URLSearchParams(qs));

describe("app table state in the URL", () => {
  it("round-trips every filter through the query string", () => {
    const qs = "q=sftp&privileged=true&org=acme-prod&space=payments&segment=shared&status=untriaged&risk=true&sort=instances&dir=desc&page=3&pageSize=100";
    const p = read(qs);
    expect(p).toMatchObject({ q: "sftp", privileged: "true", org: "acme-prod", space: "payments", segment: "shared", status: "untriaged", risk: "true" });
    expect(read(appListSearch(p))).toEqual(p);
    expect(hasAppFilters(p)).toBe(true);
  });

  it("falls back to the defaults for malformed values and leaves defaults out of the URL", () => {
    const p = read("sort=evil&dir=sideways&page=-4&pageSize=100000&privileged=maybe&q=%20");
    expect(p).toMatchObject({ ...APP_LIST_DEFAULTS, privileged: undefined, q: undefined });
    expect(appListSearch(p)).toBe("");
    expect(hasAppFilters(p)).toBe(false);
  });

  it("keeps untrusted text intact, encoded", () => {
    const p = read(appListSearch({ ...read(""), q: "a&b=c <x>" }));
    expect(p.q).toBe("a&b=c <x>");
  });
});
