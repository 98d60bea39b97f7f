import "server-only";
import { audit } from "@/lib/db/audit";
import { clientAddress } from "./address.mjs";
import { accountsDb } from "./accounts-db";
import { SignInThrottle } from "./throttle";

const g = globalThis as unknown as { __signInThrottle?: SignInThrottle };
const throttle = (g.__signInThrottle ??= new SignInThrottle());

/** Sign-in bodies are two short fields; anything longer is not a sign-in. */
const MAX_BODY = 4096;

/** The account a sign-in names, normalised, or null when the body names none (the audit log never keeps junk input). */
function accountOf(body: string): string | null {
  try {
    const email = (JSON.parse(body) as { email?: unknown }).email;
    return typeof email === "string" && /^[^\s@]{1,64}@[^\s@]{1,190}$/.test(email.trim()) ? email.trim().toLowerCase() : null;
  } catch {
    return null;
  }
}

const json = (status: number, body: object, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/**
 * `POST /api/auth/sign-in/email` around better-auth: refuses an account or address past its failure limit
 * (429 with Retry-After), and records every sign-in and failed sign-in in the audit log with its address.
 */
export async function guardedSignIn(req: Request, handle: (req: Request) => Promise<Response>): Promise<Response> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY) return json(413, { error: "a sign-in is an email and a password" });
  const body = await req.text();
  if (body.length > MAX_BODY) return json(413, { error: "a sign-in is an email and a password" });
  const account = accountOf(body);
  const address = clientAddress(req.headers);
  if (account === null) return json(400, { error: "send JSON { email, password }" });
  const wait = throttle.retryAfter(account, address);
  if (wait > 0) {
    audit(accountsDb(), { actor: account, action: "auth.sign_in_refused", target: `user ${account}`, address, details: { retryAfter: wait } });
    return json(429, { error: `too many failed sign-ins: try again in ${Math.ceil(wait / 60)} min` }, { "Retry-After": String(wait) });
  }
  const res = await handle(new Request(req.url, { method: "POST", headers: req.headers, body }));
  if (res.ok) {
    throttle.succeed(account);
    audit(accountsDb(), { actor: account, action: "auth.sign_in", target: `user ${account}`, address, details: { method: "password" } });
  } else if (res.status === 401 || res.status === 403) {
    throttle.fail(account, address);
    audit(accountsDb(), { actor: account, action: "auth.sign_in_failed", target: `user ${account}`, address, details: { status: res.status } });
  }
  return res;
}

/** `POST /api/auth/sign-out` around better-auth: the audit log records who signed out, from where. */
export async function auditedSignOut(req: Request, handle: (req: Request) => Promise<Response>, who: (headers: Headers) => Promise<{ name: string } | null>): Promise<Response> {
  const actor = await who(req.headers);
  const res = await handle(req);
  if (res.ok && actor) audit(accountsDb(), { actor: actor.name, action: "auth.sign_out", target: `user ${actor.name}`, address: clientAddress(req.headers) });
  return res;
}
