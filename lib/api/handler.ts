import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { authenticate, hasRole, type Actor, type Role } from "@/lib/auth/actor";
import { DumpFormatError } from "@/lib/cfdot/extract";
import { ApiError } from "./errors";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export interface HandlerInput<P, Q> {
  req: Request;
  params: P;
  query: Q;
  /** the caller; on public routes an anonymous viewer */
  actor: Actor;
}

interface Options<P extends z.ZodType, Q extends z.ZodType> {
  params?: P;
  query?: Q;
  /** minimum role; "public" skips authentication (health only) */
  role: Role | "public";
}

const ANONYMOUS: Actor = { name: "anonymous", role: "viewer" };

function errorBody(message: string, details: Record<string, unknown> = {}) {
  return { error: message, ...details };
}

function zodMessage(where: string, err: z.ZodError): string {
  const first = err.issues[0];
  const field = first?.path.join(".") || where;
  return `invalid ${where} \`${field}\`: ${first?.message ?? "malformed"}`;
}

/** Maps anything a handler throws to the API's error contract. Messages never carry input bytes. */
export function errorResponse(err: unknown): NextResponse {
  if (err instanceof ApiError) return NextResponse.json(errorBody(err.message, err.details), { status: err.status });
  if (err instanceof DumpFormatError) return NextResponse.json(errorBody(err.message, { line: err.line }), { status: 422 });
  console.error("[api] unexpected error:", err instanceof Error ? `${err.name}: ${err.message}` : "unknown");
  return NextResponse.json(errorBody("internal error: the request was not applied"), { status: 500 });
}

/**
 * The one route-handler wrapper: authenticates, checks the role, parses params and query with zod and maps
 * errors. Handlers return a plain object (200 JSON) or a Response.
 */
export function route<P extends z.ZodType = z.ZodObject<{}>, Q extends z.ZodType = z.ZodObject<{}>>(
  opts: Options<P, Q>,
  handler: (input: HandlerInput<z.infer<P>, z.infer<Q>>) => Promise<unknown>,
) {
  return async (req: Request, ctx: RouteContext): Promise<Response> => {
    try {
      let actor: Actor = ANONYMOUS;
      if (opts.role !== "public") {
        actor = await authenticate(req);
        if (!hasRole(actor, opts.role)) throw new ApiError(403, `this needs the ${opts.role} role`);
      }
      const rawParams = await ctx.params;
      const params = opts.params ? opts.params.safeParse(rawParams) : { success: true as const, data: {} };
      if (!params.success) throw new ApiError(400, zodMessage("path parameter", params.error));
      const url = new URL(req.url);
      const query = opts.query ? opts.query.safeParse(Object.fromEntries(url.searchParams)) : { success: true as const, data: {} };
      if (!query.success) throw new ApiError(400, zodMessage("query parameter", query.error));
      const out = await handler({ req, params: params.data as z.infer<P>, query: query.data as z.infer<Q>, actor });
      return out instanceof Response ? out : NextResponse.json(out);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
