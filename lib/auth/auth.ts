import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { prisma } from "@/lib/db/prisma";
import { databasePath } from "@/lib/db/url";
import { MIN_PASSWORD_LENGTH } from "./accounts";
import { CLIENT_ADDRESS_HEADER } from "./address.mjs";
import { uaaPlugins } from "./uaa";

/**
 * The key that signs session cookies: `BETTER_AUTH_SECRET`, or one generated on first start and kept beside
 * the database (mode 0600), so `npm start` needs no configuration and sessions survive restarts.
 */
function authSecret(): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const db = databasePath();
  const file = path.join(db === ":memory:" ? "data" : path.dirname(path.resolve(db)), "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return secret;
}

/** The public URL (`BETTER_AUTH_URL`): cookies are Secure when it is https. Without it the request's origin is used. */
const publicUrl = process.env.BETTER_AUTH_URL || undefined;

function createAuth() {
  return betterAuth({
    appName: "Rootless Ready",
    baseURL: publicUrl,
    secret: authSecret(),
    database: prismaAdapter(prisma, { provider: "sqlite" }),
    // accounts are made by an administrator (/setup, /admin, `npm run admin`), never by signing up
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH },
    user: { additionalFields: { role: { type: "string", required: false, defaultValue: "viewer", input: false } } },
    // every request reads the session row: a deleted session or user is signed out at once
    session: { cookieCache: { enabled: false } },
    // per client address, on top of the per-account limit of lib/auth/sign-in.ts
    rateLimit: { enabled: true, window: 60, max: 300, customRules: { "/sign-in/email": { window: 60, max: 20 } } },
    advanced: {
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      useSecureCookies: publicUrl?.startsWith("https://") ?? false,
    },
    // without BETTER_AUTH_URL, our own origin is the host the browser addressed (the same rule as lib/auth/same-origin.ts):
    // a page of another site sends its own Origin, which never matches
    trustedOrigins: (request) => {
      const host = request?.headers.get("host");
      return host ? [`http://${host}`, `https://${host}`] : [];
    },
    telemetry: { enabled: false },
    // without BETTER_AUTH_URL it warns on every start; README says when to set it
    logger: { level: "error" },
    plugins: uaaPlugins(),
  });
}

const g = globalThis as unknown as { __auth?: ReturnType<typeof createAuth> };
export const auth = (g.__auth ??= createAuth());
