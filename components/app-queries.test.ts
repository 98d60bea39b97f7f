import type { QueryFunctionContext } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { APP_LIST_DEFAULTS, ApiRequestError, appListSearch, appQueries, hasAppFilters, readAppListParams } from "./app-queries";

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

describe("reading API answers", () => {
  afterEach(() => vi.unstubAllGlobals());
  const answer = (body: string, status: number) => vi.stubGlobal("fetch", vi.fn(async () => new Response(body, { status })));
  const listAnswer = () => {
    const { queryFn } = appQueries.list("f", readAppListParams(new URLSearchParams()));
    return (queryFn as (c: Partial<QueryFunctionContext>) => Promise<unknown>)({ signal: new AbortController().signal });
  };

  it("an OK answer that is not JSON is an error the table shows, not empty data", async () => {
    answer("<html>gateway page</html>", 200);
    await expect(listAnswer()).rejects.toThrow(new ApiRequestError("The server's answer could not be read. Retry; if it keeps failing, check the server log.", 200));
  });

  it("an error answer shows the server's message, or its status when the body is not JSON", async () => {
    answer(JSON.stringify({ error: "`status` must be one of untriaged, testing" }), 400);
    await expect(listAnswer()).rejects.toThrow("`status` must be one of untriaged, testing");
    answer("<html>Bad Gateway</html>", 502);
    await expect(listAnswer()).rejects.toThrow("The server answered HTTP 502.");
  });
});
