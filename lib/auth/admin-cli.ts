// `npm run admin -- <command> …` (README "Administration"): creates users and tokens, revokes tokens and
// assigns owners on the database in DATABASE_URL, whether or not a server is running on it (SQLite WAL and a
// busy timeout let both write). Compiled by scripts/admin.mjs; prints errors without a stack trace.
import { parseArgs } from "node:util";
import { openSqlite } from "../db/sqlite";
import { AccountError, assignOwner, createToken, createUser, parseRole, revokeToken } from "./accounts";

const USAGE = `usage:
  npm run admin -- create-user --email E --role admin|owner|viewer --password P
  npm run admin -- create-token --email E --name N
  npm run admin -- revoke-token --email E --name N
  npm run admin -- assign-owner --email E --foundation F --org ORG [--space SPACE]`;

/** The command line's own name in the audit log. */
const BY = { actor: "admin command line", address: null };

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: rest,
      options: {
        email: { type: "string" },
        role: { type: "string" },
        password: { type: "string" },
        name: { type: "string" },
        foundation: { type: "string" },
        org: { type: "string" },
        space: { type: "string" },
      },
      strict: true,
    }).values as Record<string, string | undefined>;
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : e}\n${USAGE}`);
    return 64;
  }
  const need = (...keys: string[]) => {
    const missing = keys.filter((k) => !values[k]);
    if (missing.length) throw new AccountError("invalid", `missing ${missing.map((k) => `--${k}`).join(", ")}`);
  };
  const db = openSqlite();
  try {
    switch (command) {
      case "create-user": {
        need("email", "role", "password");
        const u = await createUser(db, { email: values.email!, role: parseRole(values.role!), password: values.password! }, BY);
        console.log(`created ${u.role} ${u.email}`);
        return 0;
      }
      case "create-token": {
        need("email", "name");
        const t = createToken(db, values.email!, values.name!, BY);
        console.log(`token "${t.name}" for ${values.email!.trim().toLowerCase()} (shown once; stored as its SHA-256):`);
        console.log(t.token);
        return 0;
      }
      case "revoke-token":
        need("email", "name");
        revokeToken(db, values.email!, values.name!, BY);
        console.log(`revoked token "${values.name!.trim()}"`);
        return 0;
      case "assign-owner": {
        need("email", "foundation", "org");
        const a = assignOwner(db, { email: values.email!, foundation: values.foundation!, org: values.org!, space: values.space ?? null }, BY);
        const where = `org ${a.orgGuid}${a.spaceGuid ? `, space ${a.spaceGuid}` : ""} on ${values.foundation}`;
        console.log(a.created ? `${values.email} now owns ${where}` : `${values.email} already owns ${where}`);
        return 0;
      }
      default:
        console.error(command ? `unknown command ${JSON.stringify(command)}\n${USAGE}` : USAGE);
        return 64;
    }
  } catch (e) {
    if (e instanceof AccountError) {
      console.error(`error: ${e.message}`);
      return e.kind === "invalid" ? 64 : 1;
    }
    throw e;
  } finally {
    db.close();
  }
}
