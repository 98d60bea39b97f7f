import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { authenticate, type Actor } from "@/lib/auth/actor";
import { clientAddress } from "@/lib/auth/address.mjs";
import { can, roleFor, type Action } from "@/lib/auth/permissions";
import { crossSiteReason } from "@/lib/auth/same-origin";
import { DumpFormatError } from "@/lib/cfdot/extract";
import { IngestError, type IngestErrorKind } from "@/lib/ingest/errors";
import { ApiError } from "./errors";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export interface HandlerInput<P, Q, B = undefined> {
  req: Request;
  params: P;
  query: Q;
  /** the JSON body, parsed by the route's `body` schema (undefined without one) */
  body: B;
  /** the caller; on public routes an anonymous viewer */
  actor: Actor;
  /** the client's address, for the audit log, when known */
  address: string | null;
}

interface Options<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType | undefined> {
  params?: P;
  query?: Q;
  /** a small JSON body (at most MAX_JSON_BODY_BYTES); uploads read `req.body` as a stream instead */
  body?: B;
  /** what the caller must be allowed to do (lib/auth/permissions.ts); "public" skips authentication (health only) */
  allow: Action | "public";
}

const ANONYMOUS: Actor = { userId: null, name: "anonymous", role: "viewer", scopes: [], via: "anonymous" };

function errorBody(message: string, details: Record<string, unknown> = {}) {
  return { error: message, ...details };
}

function zodMessage(where: string, err: z.ZodError): string {
  const first = err.issues[0];
  const field = first?.path.join(".") || where;
  return `invalid ${where} \`${field}\`: ${first?.message ?? "malformed"}`;
}

/** What each way an upload can stop means over HTTP (lib/ingest knows no status codes). */
const INGEST_STATUS: Record<IngestErrorKind, number> = {
  invalid: 422,
  too_large: 413,
  conflict: 409,
  busy: 503,
  idle: 408,
  aborted: 503,
  disk_full: 507,
  not_found: 404,
};

/**
 * An unexpected failure as the server log shows it: class, code and message, and the same for its causes.
 * A SyntaxError's message is withheld: JSON.parse quotes the text it failed on, and input never reaches the log.
 */
function describeFailure(err: unknown, depth = 0): string {
  if (!(err instanceof Error)) return `a thrown ${typeof err}`;
  const code = (err as { code?: unknown }).code;
  const message = err instanceof SyntaxError ? "(message withheld: it may quote input)" : err.message;
  const cause = err.cause !== undefined && depth < 3 ? `; caused by ${describeFailure(err.cause, depth + 1)}` : "";
  return `${err.name}${typeof code === "string" || typeof code === "number" ? ` ${code}` : ""}: ${message}${cause}`;
}

/**
 * Maps anything a handler throws to the API's error contract. Messages never carry input bytes. Anything
 * that is not a known domain error is an infrastructure failure (disk, I/O, a bug): 500, never a 4xx that
 * would blame the input, with the cause in the server log.
 */
export function errorResponse(err: unknown): NextResponse {
  if (err instanceof ApiError) return NextResponse.json(errorBody(err.message, err.details), { status: err.status });
  if (err instanceof IngestError) {
    const retryAfter = err.details.retryAfter;
    return NextResponse.json(errorBody(err.message, err.details), {
      status: INGEST_STATUS[err.kind],
      headers: typeof retryAfter === "number" ? { "Retry-After": String(retryAfter) } : undefined,
    });
  }
  if (err instanceof DumpFormatError) return NextResponse.json(errorBody(err.message, { line: err.line }), { status: 422 });
  console.error(`[api] internal error, the request was not applied: ${describeFailure(err)}`);
  return NextResponse.json(errorBody("internal error: the request was not applied; the server log has the cause"), { status: 500 });
}

/**
 * The one route-handler wrapper: authenticates, checks the role, parses params and query with zod and maps
 * errors. Handlers return a plain object (200 JSON) or a Response.
 */
/** What a route without a params or query schema gets: nothing. */
type NoInput = z.ZodObject<Record<string, never>>;

/** JSON bodies of actions are a few hundred bytes; anything near this is not one. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

async function jsonBody(req: Request): Promise<unknown> {
  const reader = req.body?.getReader();
  if (!reader) throw new ApiError(400, "a JSON body is required");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JSON_BODY_BYTES) {
      await reader.cancel();
      throw new ApiError(413, `the body is larger than ${MAX_JSON_BODY_BYTES} bytes`);
    }
    chunks.push(value);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    // JSON.parse's message quotes the input
    throw new ApiError(400, "the body is not valid JSON");
  }
}

/** Query parameters as the schemas read them: a repeated one (`?org=a&org=b`) is the array of its values. */
function queryObject(sp: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of new Set(sp.keys())) {
    const all = sp.getAll(k);
    out[k] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

export function route<P extends z.ZodType = NoInput, Q extends z.ZodType = NoInput, B extends z.ZodType | undefined = undefined>(
  opts: Options<P, Q, B>,
  handler: (input: HandlerInput<z.infer<P>, z.infer<Q>, B extends z.ZodType ? z.infer<B> : undefined>) => Promise<unknown>,
) {
  return async (req: Request, ctx: RouteContext): Promise<Response> => {
    try {
      let actor: Actor = ANONYMOUS;
      if (opts.allow !== "public") {
        actor = await authenticate(req);
        if (actor.via === "session" && req.method !== "GET" && req.method !== "HEAD") {
          const reason = crossSiteReason(req.headers);
          if (reason) throw new ApiError(403, reason);
        }
        // "act" is checked per app by the data layer, which knows the app's org and space
        if (opts.allow !== "act" && !can(actor, opts.allow)) throw new ApiError(403, `this needs the ${roleFor(opts.allow)} role`);
      }
      const rawParams = await ctx.params;
      const params = opts.params ? opts.params.safeParse(rawParams) : { success: true as const, data: {} };
      if (!params.success) throw new ApiError(400, zodMessage("path parameter", params.error));
      const url = new URL(req.url);
      const query = opts.query ? opts.query.safeParse(queryObject(url.searchParams)) : { success: true as const, data: {} };
      if (!query.success) throw new ApiError(400, zodMessage("query parameter", query.error));
      let body: unknown = undefined;
      if (opts.body) {
        const parsed = opts.body.safeParse(await jsonBody(req));
        if (!parsed.success) throw new ApiError(400, zodMessage("body field", parsed.error));
        body = parsed.data;
      }
      const out = await handler({
        req,
        params: params.data as z.infer<P>,
        query: query.data as z.infer<Q>,
        body: body as B extends z.ZodType ? z.infer<B> : undefined,
        actor,
        address: clientAddress(req.headers),
      });
      return out instanceof Response ? out : NextResponse.json(out);
    } catch (err) {
      const res = errorResponse(err);
      // the body may be unread: the client must not send another request on this connection
      // (scripts/start.mjs drains what is still coming, bounded, before it closes)
      if (req.body) res.headers.set("Connection", "close");
      return res;
    }
  };
}
