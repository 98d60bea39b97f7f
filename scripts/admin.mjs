// `npm run admin -- <command>`: compiles the admin command line (lib/auth/admin-cli.ts) with tsc, applies
// pending migrations (a fresh machine has no database yet), then runs it.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { migrate } from "./migrate.mjs";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const built = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.cli.json")], { stdio: "inherit", cwd: root });
if (built.status !== 0) process.exit(built.status ?? 1);
// the project is "type": "module"; the compiled command line is CommonJS
mkdirSync(path.join(root, "build", "cli"), { recursive: true });
writeFileSync(path.join(root, "build", "cli", "package.json"), '{ "type": "commonjs" }\n');
migrate({ log: () => {} });
const { main } = createRequire(import.meta.url)(path.join(root, "build", "cli", "auth", "admin-cli.js"));
process.exitCode = await main(process.argv.slice(2));
