import { toNextJsHandler } from "better-auth/next-js";
import { sessionActor } from "@/lib/auth/actor";
import { auth } from "@/lib/auth/auth";
import { auditedSignOut, guardedSignIn } from "@/lib/auth/sign-in";

export const dynamic = "force-dynamic";

const handler = toNextJsHandler(auth);

/** better-auth's endpoints (sign-in, sign-out, session, UAA callback); password sign-ins and sign-outs are also audited. */
export const GET = handler.GET;
export const POST = (req: Request) => {
  const { pathname } = new URL(req.url);
  if (pathname === "/api/auth/sign-in/email") return guardedSignIn(req, handler.POST);
  if (pathname === "/api/auth/sign-out") return auditedSignOut(req, handler.POST, sessionActor);
  return handler.POST(req);
};
