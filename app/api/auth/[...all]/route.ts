import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";
import { guardedSignIn } from "@/lib/auth/sign-in";

export const dynamic = "force-dynamic";

const handler = toNextJsHandler(auth);

/** better-auth's endpoints (sign-in, sign-out, session, UAA callback); password sign-ins go through the guard. */
export const GET = handler.GET;
export const POST = (req: Request) =>
  new URL(req.url).pathname === "/api/auth/sign-in/email" ? guardedSignIn(req, handler.POST) : handler.POST(req);
