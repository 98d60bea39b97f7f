import "server-only";
import { readDb } from "@/lib/db/sqlite";
import { warmFleetReads } from "./fleet";
import { warmSegments } from "./orgs";
import { warmSeries } from "./progress";
import { foundationRevisions } from "./revision";

const g = globalThis as unknown as { __warmUp?: Promise<void> };

/**
 * Reads what the fleet page needs of every foundation (org counts and open apps, the burndown series, segment
 * counts) into the caches it keeps under each foundation's revision, once per process, in the background: the
 * first `/` after a restart (a deploy) then finds them built rather than reading the whole fleet while the
 * manager waits (4.5 s at 20 foundations of 50k LRPs). One step at a time, the event loop free between steps, so
 * requests keep being answered meanwhile. Started by the first health check: scripts/start.mjs makes one as soon
 * as it listens.
 */
export function warmUpOnce(): Promise<void> {
  return (g.__warmUp ??= warmUp().catch((e: unknown) => console.error(`[warm-up] stopped: ${e instanceof Error ? e.message : "unknown error"}`)));
}

const breathe = () => new Promise((resolve) => setImmediate(resolve));

async function warmUp(): Promise<void> {
  const t0 = Date.now();
  await breathe();
  let n = 0;
  for (const f of foundationRevisions(readDb())) {
    if (f.latestMs === null) continue;
    const withSnapshot = { ...f, latestMs: f.latestMs };
    for (const step of [() => warmFleetReads(withSnapshot), () => warmSeries(f.id), () => warmSegments(withSnapshot)]) {
      step();
      await breathe();
    }
    n++;
  }
  console.log(`[warm-up] the fleet page's reads of ${n} foundation(s) are ready (${Date.now() - t0} ms)`);
}
