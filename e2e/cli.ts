import { execFileSync } from "node:child_process";
import { E2E_DB } from "./server-files";

/** `npm run admin -- …` on the running e2e server's database, exactly as README tells an operator; its stdout. */
export function adminCli(...args: string[]): string {
  return execFileSync("npm", ["run", "-s", "admin", "--", ...args], {
    env: { ...process.env, DATABASE_URL: `file:./${E2E_DB}` },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** The token `create-token` printed: its last line. */
export const mintedToken = (stdout: string) => stdout.trim().split("\n").at(-1)!;
