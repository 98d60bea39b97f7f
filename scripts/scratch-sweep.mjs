// Scratch folders left behind by a server that was killed mid-upload (SIGKILL, OOM, power loss).
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { dbPathFromUrl } from "./migrate.mjs";

/** lib/ingest/ingest.ts names each upload's folder `upload-<pid>-<hex>` after the process that owns it. */
const OWNED = /^upload-(\d+)-/;

/** The scratch root of a database: `staging/` beside the file (lib/ingest/ingest.ts scratchRoot). */
export function scratchRootOf(databaseUrl) {
  return path.join(path.dirname(path.resolve(dbPathFromUrl(databaseUrl))), "staging");
}

/** @param {number} pid */
function alive(pid) {
  // this process has started no upload yet: a folder with its pid is a predecessor's (containers reuse pids)
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return /** @type {NodeJS.ErrnoException} */ (e).code === "EPERM";
  }
}

/**
 * Removes what stopped processes left under `root`: their upload folders and anything else that is not a
 * live process's upload. Servers that share the folder (several databases in one directory) keep theirs.
 * Returns the names removed.
 *
 * @param {string} root
 * @returns {string[]}
 */
export function sweepScratch(root) {
  let names;
  try {
    names = readdirSync(root);
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === "ENOENT") return [];
    throw e;
  }
  const removed = [];
  for (const name of names) {
    const owner = OWNED.exec(name);
    if (owner && alive(Number(owner[1]))) continue;
    rmSync(path.join(root, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
