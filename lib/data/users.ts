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

/** /setup: the first administrator, once. */
export async function setupFirstAdmin(input: { email: string; password: string; name?: string | null }, address: string | null) {
  const user = await accountCall(() =>
    createUser(accountsDb(), { email: input.email, role: "admin", password: input.password, name: input.name ?? undefined }, { actor: "setup", address }, { onlyIfNoUsers: true }),
  );
  return { email: user.email, role: user.role };
}
