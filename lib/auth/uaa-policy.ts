// Cloud Foundry UAA single sign-on, the rules without the wiring (lib/auth/uaa.ts): which configuration turns
// it on, which UAA scopes give which role, and who a UAA identity is. Pure: no database, no better-auth.
import type { Role } from "./permissions";

/** UAA group scopes that give a role; the client must be allowed them (`uaac client add --scope …`). */
export const UAA_ROLE_SCOPES = { admin: "rootless_ready.admin", owner: "rootless_ready.owner" } as const;
/** Requested at every sign-in; UAA grants each group scope only to members of that group. */
export const UAA_SCOPES = ["openid", "email", "profile", UAA_ROLE_SCOPES.admin, UAA_ROLE_SCOPES.owner];

export interface UaaConfig {
  /** without a trailing slash */
  url: string;
  clientId: string;
  clientSecret: string;
  /** UAA also serves it under /oauth/token (its issuer, `<UAA_URL>/oauth/token`, is read from it) */
  discoveryUrl: string;
}

export type UaaSetting = { on: true; config: UaaConfig } | { on: false; problem: string | null };

const VARS = ["UAA_URL", "UAA_CLIENT_ID", "UAA_CLIENT_SECRET"] as const;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * UAA sign-in is on when all three variables are set. A partial or unusable setting leaves it off with a
 * `problem` for the log: password sign-in must keep working while an operator fixes a typo.
 */
export function parseUaaConfig(env: Record<string, string | undefined>): UaaSetting {
  const set = VARS.filter((v) => env[v]?.trim());
  if (set.length === 0) return { on: false, problem: null };
  const missing = VARS.filter((v) => !set.includes(v));
  if (missing.length > 0) return { on: false, problem: `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set (${set.join(" and ")} ${set.length > 1 ? "are" : "is"})` };
  let url: URL;
  try {
    url = new URL(env.UAA_URL!.trim());
  } catch {
    return { on: false, problem: "UAA_URL is not a URL" };
  }
  // the token request carries the client secret: plain http only to this machine (tests, a local UAA)
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.has(url.hostname)))
    return { on: false, problem: "UAA_URL must be an https:// URL" };
  if (url.search || url.hash || url.username) return { on: false, problem: "UAA_URL must be UAA's base URL, without query, fragment or credentials" };
  const base = url.href.replace(/\/+$/, "");
  return {
    on: true,
    config: {
      url: base,
      clientId: env.UAA_CLIENT_ID!.trim(),
      clientSecret: env.UAA_CLIENT_SECRET!.trim(),
      discoveryUrl: `${base}/.well-known/openid-configuration`,
    },
  };
}

/** The role UAA's granted scopes give: admin over owner over viewer. */
export function roleFromScopes(scopes: readonly string[]): Role {
  if (scopes.includes(UAA_ROLE_SCOPES.admin)) return "admin";
  if (scopes.includes(UAA_ROLE_SCOPES.owner)) return "owner";
  return "viewer";
}

export interface AccountFacts {
  current: Role;
  /** the account also signs in with a password (made by /setup, /admin or the command line with one) */
  hasPassword: boolean;
  /** owner assignments made in /admin: an owner without them has nothing to act on, with them they are a grant */
  hasOwnerAssignments: boolean;
}

/**
 * The role a UAA sign-in leaves an account with. UAA's groups govern accounts that sign in only through
 * UAA, at every sign-in, so leaving a group demotes at the next one. An account with a password is managed
 * in /admin: it could bypass a UAA demotion by signing in with its password anyway, and an administrator
 * who tries the Cloud Foundry button must not lose admin for it. Owner assignments keep a UAA account an
 * owner. (Removing the last administrator is refused further down, by setRole.)
 */
export function roleAtSignIn(granted: Role, a: AccountFacts): Role {
  if (a.hasPassword) return a.current;
  if (granted === "viewer" && a.hasOwnerAssignments) return "owner";
  return granted;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;

/** Who a UAA id token names: its `email`, else its `user_name` when that is an address; null when neither. */
export function identityFromClaims(claims: Record<string, unknown>): { email: string; name: string } | null {
  const str = (k: string) => (typeof claims[k] === "string" ? (claims[k] as string).trim() : "");
  const email = [str("email"), str("user_name")].find((e) => EMAIL.test(e))?.toLowerCase();
  if (!email) return null;
  const full = [str("given_name"), str("family_name")].filter(Boolean).join(" ");
  return { email, name: (full || str("user_name") || email).slice(0, 200) };
}

/** better-auth's callback error codes a person can act on; any other code (or a provider's own) reads as generic. */
const ERRORS: Record<string, string> = {
  email_not_found: "Your Cloud Foundry account has no email address, and Rootless Ready knows people by email. Ask your platform team to set one in UAA.",
  account_not_linked:
    "An account with your email exists here, but UAA has not verified that email address, so it was not linked. Sign in with your password, or ask your platform team to verify your email in UAA.",
  access_denied: "Cloud Foundry sign-in was cancelled or not allowed.",
};
export const UAA_ERROR_CODES = Object.keys(ERRORS);

/** What the sign-in page says after a failed UAA sign-in, from the codes in its URL. */
export function uaaErrorMessage(codes: readonly string[]): string {
  const known = codes.find((c) => c in ERRORS);
  return known ? ERRORS[known]! : "Cloud Foundry sign-in did not complete. Try again, or ask your platform team.";
}
