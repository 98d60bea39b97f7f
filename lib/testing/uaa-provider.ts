import { createHash, generateKeyPairSync, randomBytes, sign, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small stand-in for Cloud Foundry's UAA, for tests (no network): OIDC discovery at both of UAA's paths,
 * token_keys (JWKS), authorize (auto-approves whoever `signInAs` names), token (authorization_code with
 * PKCE, client_secret_basic or client_secret_post) and userinfo. Like UAA, its issuer is `<base>/oauth/token`,
 * its id tokens say `scope: ["openid"]`, and the granted group scopes come in the access token and the token
 * response's `scope`.
 */
export interface TestUaaUser {
  user_name: string;
  /** absent: a UAA user without an email address */
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  /** group scopes this user is a member of, e.g. rootless_ready.admin */
  groups?: string[];
}

export interface TestUaaOptions {
  /** 0: any free port */
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** the scopes the client may have (`uaac client add --scope`) */
  clientScopes?: string[];
  users: TestUaaUser[];
}

export interface TestUaa {
  url: string;
  issuer: string;
  /** the user the next authorize request signs in */
  signInAs(userName: string): void;
  /** the users whose groups change, as `uaac member add/delete` would */
  setGroups(userName: string, groups: string[]): void;
  /** id tokens from now on name this issuer instead (null: the real one), as a UAA behind the wrong URL would */
  misissue(issuer: string | null): void;
  /** how clients authenticated at the token endpoint so far */
  tokenAuth: ("client_secret_basic" | "client_secret_post")[];
  close(): Promise<void>;
}

const BASIC_SCOPES = ["openid", "email", "profile"];

interface Grant {
  user: TestUaaUser;
  scopes: string[];
  nonce?: string;
  challenge?: string;
  redirectUri: string;
  expires: number;
}

function b64url(v: object | Buffer): string {
  return (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString("base64url");
}

export async function startTestUaa(o: TestUaaOptions): Promise<TestUaa> {
  // known once listening (port 0 picks a free one)
  let base = "";
  let issuer = "";
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = "test-key";
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" };
  const users = new Map(o.users.map((u) => [u.user_name, { ...u }]));
  const clientScopes = o.clientScopes ?? [...BASIC_SCOPES, "rootless_ready.admin", "rootless_ready.owner"];
  const codes = new Map<string, Grant>();
  const accessTokens = new Map<string, TestUaaUser>();
  let current: string | null = null;
  let idTokenIssuer: string | null = null;
  const tokenAuth: TestUaa["tokenAuth"] = [];

  const jwt = (claims: object) => {
    const input = `${b64url({ alg: "RS256", kid, typ: "JWT" })}.${b64url(claims)}`;
    return `${input}.${b64url(sign("sha256", Buffer.from(input), privateKey))}`;
  };

  const discovery = () => ({
    issuer,
    authorization_endpoint: `${base}/oauth/authorize`,
    token_endpoint: `${base}/oauth/token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/token_keys`,
    end_session_endpoint: `${base}/logout.do`,
    scopes_supported: ["openid", "profile", "email", "phone", "roles", "user_attributes"],
    response_types_supported: ["code", "code id_token", "id_token", "token id_token"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256", "HS256"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
    code_challenge_methods_supported: ["S256", "plain"],
    claims_supported: ["sub", "user_name", "origin", "iss", "auth_time", "amr", "acr", "given_name", "family_name", "email", "email_verified", "phone_number", "cid", "aud", "exp", "iat", "nonce", "scope"],
  });

  const json = (res: ServerResponse, status: number, body: object) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };

  const readForm = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  };

  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

  function authorize(url: URL, res: ServerResponse) {
    const p = url.searchParams;
    if (p.get("client_id") !== o.clientId || p.get("redirect_uri") !== o.redirectUri) return json(res, 400, { error: "invalid_request", error_description: "unknown client or redirect_uri" });
    const back = new URL(o.redirectUri);
    const state = p.get("state");
    if (state) back.searchParams.set("state", state);
    const requested = (p.get("scope") ?? "").split(" ").filter(Boolean);
    const user = current ? users.get(current) : undefined;
    if (p.get("response_type") !== "code" || !user || requested.some((s) => !clientScopes.includes(s))) {
      back.searchParams.set("error", !user ? "access_denied" : "invalid_scope");
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    // UAA grants a group scope only to the group's members, and drops the others without an error
    const scopes = requested.filter((s) => BASIC_SCOPES.includes(s) || (user.groups ?? []).includes(s));
    const code = randomBytes(12).toString("base64url");
    const method = p.get("code_challenge_method");
    if (p.get("code_challenge") && method !== "S256") return json(res, 400, { error: "invalid_request", error_description: "only S256" });
    codes.set(code, { user, scopes, nonce: p.get("nonce") ?? undefined, challenge: p.get("code_challenge") ?? undefined, redirectUri: o.redirectUri, expires: Date.now() + 60_000 });
    back.searchParams.set("code", code);
    res.writeHead(302, { location: back.href }).end();
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    const form = await readForm(req);
    const basic = req.headers.authorization?.match(/^Basic (.+)$/i)?.[1];
    let id: string | null = form.get("client_id");
    let secret: string | null = form.get("client_secret");
    if (basic) {
      const [u, ...rest] = Buffer.from(basic, "base64").toString("utf8").split(":");
      id = decodeURIComponent(u ?? "");
      secret = decodeURIComponent(rest.join(":"));
      tokenAuth.push("client_secret_basic");
    } else tokenAuth.push("client_secret_post");
    if (id !== o.clientId || !secret || !same(secret, o.clientSecret)) return json(res, 401, { error: "unauthorized", error_description: "Bad credentials" });
    if (form.get("grant_type") !== "authorization_code") return json(res, 400, { error: "unsupported_grant_type" });
    const code = form.get("code") ?? "";
    const grant = codes.get(code);
    codes.delete(code);
    if (!grant || grant.expires < Date.now() || form.get("redirect_uri") !== grant.redirectUri) return json(res, 400, { error: "invalid_grant" });
    if (grant.challenge) {
      const verifier = form.get("code_verifier") ?? "";
      if (createHash("sha256").update(verifier).digest("base64url") !== grant.challenge) return json(res, 400, { error: "invalid_grant", error_description: "PKCE" });
    }
    const now = Math.floor(Date.now() / 1000);
    const u = grant.user;
    const sub = createHash("sha256").update(u.user_name).digest("hex").slice(0, 32);
    const common = { iss: issuer, iat: now, exp: now + 600, cid: o.clientId, zid: "uaa", origin: "uaa", user_name: u.user_name, user_id: sub, sub, grant_type: "authorization_code" };
    const accessToken = jwt({ ...common, jti: randomBytes(8).toString("hex"), aud: [o.clientId, ...new Set(grant.scopes.map((s) => s.split(".")[0]!))], scope: grant.scopes, client_id: o.clientId, email: u.email });
    accessTokens.set(accessToken, u);
    const idToken = jwt({
      ...common,
      iss: idTokenIssuer ?? issuer,
      aud: [o.clientId],
      azp: o.clientId,
      amr: ["pwd"],
      auth_time: now,
      scope: ["openid"],
      jti: randomBytes(8).toString("hex"),
      email_verified: u.email_verified ?? true,
      ...(u.email ? { email: u.email } : {}),
      ...(grant.nonce ? { nonce: grant.nonce } : {}),
      ...(grant.scopes.includes("profile") ? { given_name: u.given_name, family_name: u.family_name } : {}),
      previous_logon_time: null,
    });
    json(res, 200, { access_token: accessToken, token_type: "bearer", id_token: idToken, refresh_token: `${randomBytes(16).toString("hex")}-r`, expires_in: 599, scope: grant.scopes.join(" "), jti: randomBytes(8).toString("hex") });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", base);
    const route = `${req.method} ${url.pathname}`;
    if (route === "GET /.well-known/openid-configuration" || route === "GET /oauth/token/.well-known/openid-configuration") return json(res, 200, discovery());
    if (route === "GET /token_keys") return json(res, 200, { keys: [jwk] });
    if (route === "GET /oauth/authorize") return authorize(url, res);
    if (route === "POST /oauth/token")
      return void token(req, res).catch(() => json(res, 500, { error: "server_error" }));
    if (route === "GET /userinfo") {
      const u = accessTokens.get(req.headers.authorization?.replace(/^Bearer /i, "") ?? "");
      if (!u) return json(res, 401, { error: "invalid_token" });
      const sub = createHash("sha256").update(u.user_name).digest("hex").slice(0, 32);
      return json(res, 200, { user_id: sub, sub, user_name: u.user_name, email: u.email, email_verified: u.email_verified ?? true, given_name: u.given_name, family_name: u.family_name });
    }
    json(res, 404, { error: "not_found" });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, "127.0.0.1", () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${base}/oauth/token`;
  return {
    url: base,
    issuer,
    tokenAuth,
    misissue: (iss) => {
      idTokenIssuer = iss;
    },
    signInAs: (name) => {
      if (!users.has(name)) throw new Error(`no test UAA user ${name}`);
      current = name;
    },
    setGroups: (name, groups) => {
      const u = users.get(name);
      if (!u) throw new Error(`no test UAA user ${name}`);
      u.groups = groups;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
