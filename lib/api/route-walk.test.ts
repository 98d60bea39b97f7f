import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearerFor } from "@/lib/testing/auth";
import { migrate } from "../../scripts/migrate.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "rr-walk-"));
process.env.DATABASE_URL = `file:${path.join(dir, "walk.db")}`;
beforeAll(() => migrate({ log: () => {} }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Routes that answer without credentials, and why. Anything else must answer 401. */
const OPEN: Record<string, string> = {
  "/api/health": "load balancers and uptime checks",
  "/api/auth/[...all]": "better-auth's own endpoints: signing in cannot need a session",
  "/api/setup": "creates the first administrator while there is none; 409 afterwards",
};

const API = path.join(process.cwd(), "app", "api");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api, found from the file system so that a new route cannot be missed. */
function routeFiles(dir = API, url = "/api"): { url: string; file: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name), `${url}/${e.name}`) : e.name === "route.ts" ? [{ url, file: path.join(dir, e.name) }] : [],
  );
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

const routes = routeFiles();
const params = (url: string) =>
  Object.fromEntries([...url.matchAll(/\[(\.\.\.)?(\w+)\]/g)].map((m) => [m[2]!, m[1] ? ["x"] : "x"]));
const concrete = (url: string) => url.replace(/\[(\.\.\.)?\w+\]/g, "x");

describe("every API route refuses a caller without credentials", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThan(10);
    for (const open of Object.keys(OPEN)) expect(routes.map((r) => r.url)).toContain(open);
  });

  for (const r of routes.filter((r) => !(r.url in OPEN))) {
    it(`${r.url}: 401 for every method, with or without a bad token`, async () => {
      const mod = (await import(r.file)) as Partial<Record<(typeof METHODS)[number], Handler>>;
      const methods = METHODS.filter((m) => typeof mod[m] === "function");
      expect(methods.length).toBeGreaterThan(0);
      for (const m of methods)
        for (const headers of [{}, { authorization: "Bearer rr_not-a-real-token" }, { authorization: "Basic YWRtaW46YWRtaW4=" }] as Record<string, string>[]) {
          const body = m === "GET" || m === "HEAD" ? undefined : "{}";
          const res = await mod[m]!(new Request(`http://localhost${concrete(r.url)}`, { method: m, headers, body }), { params: Promise.resolve(params(r.url)) });
          expect(res.status, `${m} ${r.url} ${JSON.stringify(headers)}`).toBe(401);
        }
    });
  }

  it("health stays open", async () => {
    const { GET } = (await import(path.join(API, "health", "route.ts"))) as { GET: Handler };
    expect((await GET(new Request("http://localhost/api/health"), { params: Promise.resolve({}) })).status).toBe(200);
  });

  it("a real token gets past authentication", async () => {
    const { authorization } = await bearerFor("viewer");
    const { GET } = (await import(path.join(API, "foundations", "route.ts"))) as { GET: Handler };
    expect((await GET(new Request("http://localhost/api/foundations", { headers: { authorization } }), { params: Promise.resolve({}) })).status).toBe(200);
  });
});
