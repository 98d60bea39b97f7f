import "server-only";
import { ApiError } from "@/lib/api/errors";
import { AccountError, createUser } from "@/lib/auth/accounts";
import { accountsDb } from "@/lib/auth/accounts-db";

const STATUS = { invalid: 400, not_found: 404, conflict: 409 } as const;

/** Account changes refused for a reason a person can act on, as the API's errors. */
export async function accountCall<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AccountError) throw new ApiError(STATUS[e.kind], e.message);
    throw e;
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * /setup: the first administrator, once, and only from the machine the server runs on: on a fresh server
 * reachable from a network, whoever came first would own it. Remote servers use `npm run admin -- create-user`.
 */
export async function setupFirstAdmin(input: { email: string; password: string; name?: string | null }, address: string | null) {
  if (address !== null && !LOOPBACK.test(address) && process.env.SETUP_FROM_ANYWHERE !== "1")
    throw new ApiError(403, "first-run setup works from the server's own machine (http://localhost); elsewhere use `npm run admin -- create-user`");
  const user = await accountCall(() =>
    createUser(accountsDb(), { email: input.email, role: "admin", password: input.password, name: input.name ?? undefined }, { actor: "setup", address }, { onlyIfNoUsers: true }),
  );
  return { email: user.email, role: user.role };
}
