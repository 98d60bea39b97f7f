import type { QueryFunctionContext } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import { APP_LIST_DEFAULTS } from "@/lib/schemas/app-list-url";
import { ApiRequestError, appQueries } from "./app-queries";

describe("reading API answers", () => {
  afterEach(() => vi.unstubAllGlobals());
  const answer = (body: string, status: number) => vi.stubGlobal("fetch", vi.fn(async () => new Response(body, { status })));
  const listAnswer = () => {
    const { queryFn } = appQueries.list("f", APP_LIST_DEFAULTS);
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
