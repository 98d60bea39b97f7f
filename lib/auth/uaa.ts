import "server-only";
import { defineRequestState } from "@better-auth/core/context";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { audit } from "@/lib/db/audit";
import type { Sqlite } from "@/lib/db/sqlite";
import { AccountError, setRole, userCount } from "./accounts";
import { accountsDb } from "./accounts-db";
import { clientAddress } from "./address.mjs";
import type { Role } from "./permissions";
import { identityFromClaims, parseUaaConfig, roleAtSignIn, roleFromScopes, UAA_ERROR_CODES, UAA_SCOPES, type UaaSetting } from "./uaa-policy";

/** better-auth's name for UAA: the callback is `/api/auth/callback/uaa`. */
export const UAA_PROVIDER_ID = "uaa";

const g = globalThis as unknown as { __uaaSetting?: UaaSetting };

/** Read once per process, with one log line when a partial setting leaves UAA sign-in off. */
function setting(): UaaSetting {
  if (!g.__uaaSetting) {
    g.__uaaSetting = parseUaaConfig(process.env);
    if (!g.__uaaSetting.on && g.__uaaSetting.problem) console.error(`[auth] Cloud Foundry (UAA) sign-in is off: ${g.__uaaSetting.problem}`);
  }
  return g.__uaaSetting;
}

/** Cloud Foundry UAA single sign-on, when UAA_URL, UAA_CLIENT_ID and UAA_CLIENT_SECRET are set. */
export function uaaEnabled(): boolean {
  return setting().on;
}

/**
 * The scopes UAA granted, from the token response of this request's code exchange. UAA's id token always says
 * `scope: ["openid"]` and its userinfo has no scopes: the group scopes come only with the access token, and
 * the token response's `scope` lists them whether the access token is a JWT or opaque.
 */
const grantedScopes = defineRequestState<string[] | null>(() => null);

/** The claims of an id token better-auth has verified (signature against UAA's token_keys, issuer, audience, nonce). */
function claimsOf(idToken: string): Record<string, unknown> | null {
  try {
    const claims: unknown = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8"));
    return claims && typeof claims === "object" ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function uaaPlugins(): BetterAuthPlugin[] {
  const s = setting();
  if (!s.on) return [];
  const c = s.config;
  return [
    genericOAuth({
      config: [
        {
          providerId: UAA_PROVIDER_ID,
          name: "Cloud Foundry",
          discoveryUrl: c.discoveryUrl,
          // no provider without UAA's keys: identity comes from the id token's claims
          requireIdTokenVerification: true,
          clientId: c.clientId,
          clientSecret: c.clientSecret,
          tokenEndpointAuth: { method: "client_secret_basic" },
          scopes: UAA_SCOPES,
          // signing out here leaves the UAA session alone, as other Cloud Foundry web apps do
          disableProviderLogout: true,
          async getUserInfo(tokens) {
            // runs after better-auth verified the id token; without one there is nobody to sign in
            const claims = tokens.idToken ? claimsOf(tokens.idToken) : null;
            if (!claims || typeof claims.sub !== "string") return null;
            await grantedScopes.set(tokens.scopes ?? []);
            const who = identityFromClaims(claims);
            // no email: better-auth refuses the sign-in with email_not_found, which the sign-in page explains
            return { id: claims.sub, sub: claims.sub, email: who?.email, name: who?.name, emailVerified: claims.email_verified === true };
          },
        },
      ],
    }),
    uaaSignIn,
  ];
}

/** better-auth's callback codes worth keeping in the audit log; a provider's own error text never is. */
const FAILURES = new Set([...UAA_ERROR_CODES, "invalid_code", "unable_to_get_user_info", "state_mismatch", "state_not_found", "signup_disabled"]);

const uaaSignIn = {
  id: "rootless-ready-uaa",
  init: () => ({
    // Accounts made by /setup, /admin or the command line never verify their email in better-auth's sense; UAA
    // links to one only when UAA itself says the email is verified (better-auth's default for untrusted providers).
    options: { account: { accountLinking: { requireLocalEmailVerified: false } } },
  }),
  // better-auth allows 3 sign-in starts per 10 s from one address; an office behind one NAT address clicks
  // "Sign in with Cloud Foundry" more often than that, and a start only stores a short-lived state row
  rateLimit: [{ pathMatcher: (p: string) => p === "/sign-in/social", window: 60, max: 30 }],
  hooks: {
    before: [
      {
        matcher: (ctx) => ctx.path === "/sign-in/social" && (ctx.body as { provider?: unknown } | undefined)?.provider === UAA_PROVIDER_ID,
        handler: createAuthMiddleware(async (ctx) => {
          // an id token posted by a client carries no granted scopes: UAA sign-in goes through UAA's pages
          if ((ctx.body as { idToken?: unknown }).idToken !== undefined) throw new APIError("BAD_REQUEST", { message: "Cloud Foundry sign-in goes through UAA's sign-in page" });
          // the first account is the administrator made at /setup, not whoever reaches UAA first
          if (userCount(accountsDb()) === 0) throw new APIError("FORBIDDEN", { message: "Rootless Ready is not set up yet: create its first administrator at /setup" });
        }),
      },
    ],
    after: [
      {
        matcher: (ctx) => ctx.path === "/callback/:id" && ctx.params?.id === UAA_PROVIDER_ID,
        handler: createAuthMiddleware(async (ctx) => {
          const address = ctx.request ? clientAddress(ctx.request.headers) : null;
          const session = ctx.context.newSession;
          if (session) {
            applyUaaSignIn(accountsDb(), { userId: session.user.id, scopes: (await grantedScopes.get()) ?? [], address });
            return;
          }
          const location = ctx.context.responseHeaders?.get("location");
          const codes = location ? new URL(location, "http://x").searchParams.getAll("error") : [];
          // no error: a callback that linked UAA to a signed-in account rather than signing in
          if (codes.length === 0) return;
          const reason = codes.find((code) => FAILURES.has(code)) ?? "other";
          audit(accountsDb(), { actor: "uaa", action: "auth.sign_in_failed", address, details: { method: "uaa", reason } });
        }),
      },
    ],
  },
} satisfies BetterAuthPlugin;

/**
 * After a UAA sign-in: sets the role UAA's scopes give (uaa-policy roleAtSignIn; the last administrator keeps
 * admin) and records the sign-in. Returns the role the account has now.
 */
export function applyUaaSignIn(db: Sqlite, s: { userId: string; scopes: readonly string[]; address: string | null }): Role {
  const u = db
    .prepare(
      `SELECT u.email, u.role,
         EXISTS (SELECT 1 FROM Account a WHERE a.userId = u.id AND a.providerId = 'credential') AS hasPassword,
         EXISTS (SELECT 1 FROM OwnerAssignment o WHERE o.userId = u.id) AS hasOwnerAssignments
       FROM User u WHERE u.id = ?`,
    )
    .get(s.userId) as { email: string; role: Role; hasPassword: number; hasOwnerAssignments: number } | undefined;
  if (!u) throw new Error("the signed-in user is gone");
  const next = roleAtSignIn(roleFromScopes(s.scopes), { current: u.role, hasPassword: !!u.hasPassword, hasOwnerAssignments: !!u.hasOwnerAssignments });
  let role = u.role;
  if (next !== u.role) {
    try {
      role = setRole(db, u.email, next, { actor: "uaa", address: s.address }).role;
    } catch (e) {
      if (!(e instanceof AccountError && e.kind === "conflict")) throw e;
      console.warn(`[auth] ${u.email} keeps the admin role UAA no longer grants: it is the last administrator`);
    }
  }
  audit(db, { actor: u.email, action: "auth.sign_in", target: `user ${u.email}`, address: s.address, details: { method: "uaa", role } });
  return role;
}
