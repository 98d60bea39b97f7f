import { describe, expect, it } from "vitest";
import { appListQuery } from "./app";
import { APP_LIST_DEFAULTS, appListSearch, hasAppFilters, invalidFilters, readAppListQuery, withoutFilters } from "./app-list-url";

const read = (qs: string) => readAppListQuery(new URLSearchParams(qs)).query;

describe("app table state in the URL", () => {
  it("round-trips every filter through the query string, as the API reads it", () => {
    const qs =
      "privileged=true&org=acme-prod&space=payments&segment=shared&status=untriaged&present=all&risk=true&q=sftp&sort=instances&dir=desc&page=3&pageSize=100";
    const p = read(qs);
    expect(p).toMatchObject({ q: "sftp", privileged: true, org: "acme-prod", space: "payments", segment: "shared", status: "untriaged", present: "all", risk: true });
    expect(appListSearch(p)).toBe(qs);
    expect(read(appListSearch(p))).toEqual(p);
    expect(appListQuery.parse(Object.fromEntries(new URLSearchParams(appListSearch(p))))).toEqual(p);
    expect(hasAppFilters(p)).toBe(true);
  });

  it("takes its defaults from the API's schema and leaves them out of the URL", () => {
    expect(APP_LIST_DEFAULTS).toEqual(appListQuery.parse({}));
    expect(APP_LIST_DEFAULTS).toMatchObject({ sort: "name", dir: "asc", page: 1, pageSize: 50, present: "true" });
    expect(appListSearch(read("present=true&sort=name&page=1"))).toBe("");
  });

  it("names the values the API would refuse and holds the defaults in their place", () => {
    const url = readAppListQuery(new URLSearchParams("sort=evil&dir=sideways&page=-4&pageSize=100000&privileged=maybe&q=%20&status=nope&present=some"));
    expect(url.query).toEqual(APP_LIST_DEFAULTS);
    expect(url.invalid).toEqual(["privileged", "status", "present", "sort", "dir", "page", "pageSize"]);
    // a bad filter would list other apps than the link promised; a bad sort or page only orders differently
    expect(invalidFilters(url)).toEqual(["privileged", "status", "present"]);
    expect(invalidFilters(readAppListQuery(new URLSearchParams("sort=evil&page=0")))).toEqual([]);
    expect(appListSearch(url.query)).toBe("");
    expect(hasAppFilters(url.query)).toBe(false);
  });

  it("counts absent apps as a filter and clears it with the others", () => {
    const p = read("present=false&status=verified&sort=org&page=4");
    expect(hasAppFilters(p)).toBe(true);
    expect(appListSearch(withoutFilters(p))).toBe("sort=org");
  });

  it("keeps untrusted text intact, encoded", () => {
    const p = read(appListSearch({ ...APP_LIST_DEFAULTS, q: "a&b=c <x>" }));
    expect(p.q).toBe("a&b=c <x>");
  });
});
