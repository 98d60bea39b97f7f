import { afterEach, describe, expect, it, vi } from "vitest";
import { applyToAll, BULK_CONCURRENCY, runBounded } from "./bulk-run";

describe("bulk actions", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("runs at most `limit` at a time and keeps the items' order", async () => {
    let running = 0;
    let peak = 0;
    const out = await runBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
  });

  it("posts one event per app and reports each refusal with the server's reason", async () => {
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string, init: RequestInit) => {
        calls.push(`${url} ${String(init.body)}`);
        if (url.includes("/b/")) return new Response(JSON.stringify({ error: "`verify` is not allowed from untriaged", allowed: ["start_test"] }), { status: 409 });
        if (url.includes("/c/")) return new Response(JSON.stringify({ error: "this app is outside your assigned orgs and spaces" }), { status: 403 });
        if (url.includes("/d/")) return new Response("<html>Bad Gateway</html>", { status: 502 });
        return new Response(JSON.stringify({ status: "verified" }), { status: 200 });
      }),
    );
    const apps = ["a", "b", "c", "d"].map((g) => ({ guid: g, name: `app ${g}`, status: "testing" }));
    const out = await applyToAll("prod", apps, { action: "verify", note: "ok" });
    expect(calls).toEqual(["a", "b", "c", "d"].map((g) => `/api/foundations/prod/apps/${g}/events {"action":"verify","note":"ok"}`));
    expect(out).toEqual([
      { guid: "a", name: "app a", ok: true, status: "verified" },
      { guid: "b", name: "app b", ok: false, reason: "`verify` is not allowed from untriaged (allowed now: start_test)" },
      { guid: "c", name: "app c", ok: false, reason: "this app is outside your assigned orgs and spaces" },
      { guid: "d", name: "app d", ok: false, reason: "the server answered HTTP 502" },
    ]);
    expect(BULK_CONCURRENCY).toBeGreaterThan(1);
  });
});
