/**
 * Applying one workflow action to many apps: each app gets its own event (POST .../apps/{guid}/events), a
 * few at a time, and the state machine on the server decides each one; its refusals are reported per app.
 */

/** `POST /api/foundations/{f}/apps/{guid}/events` body (product.md API). */
export interface EventBody {
  action: string;
  note?: string;
  testOrg?: string;
  testSpace?: string;
  testApp?: string;
  expiresAt?: string;
}

export type Outcome = { guid: string; name: string; ok: true; status: string } | { guid: string; name: string; ok: false; reason: string };

/** How many events are in flight at once: enough to be quick, few enough not to crowd out other users. */
export const BULK_CONCURRENCY = 4;

/** `fn` over every item, at most `limit` at a time; results in the items' order. */
export async function runBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const enc = encodeURIComponent;

/** Why the server refused, in its own words (they never echo input), with what it would allow instead. */
function reasonOf(status: number, body: { error?: unknown; allowed?: unknown } | null): string {
  const message = typeof body?.error === "string" ? body.error : `the server answered HTTP ${status}`;
  const allowed = Array.isArray(body?.allowed) ? body.allowed.filter((a): a is string => typeof a === "string") : null;
  if (allowed === null) return message;
  return `${message} (allowed now: ${allowed.length ? allowed.join(", ") : "nothing"})`;
}

export async function postEvent(foundation: string, app: { guid: string; name: string }, body: EventBody): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(`/api/foundations/${enc(foundation)}/apps/${enc(app.guid)}/events`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return { ...app, ok: false, reason: "the server could not be reached" };
  }
  const json = (await res.json().catch(() => null)) as { status?: unknown; error?: unknown; allowed?: unknown } | null;
  if (res.ok && typeof json?.status === "string") return { ...app, ok: true, status: json.status };
  return { ...app, ok: false, reason: reasonOf(res.status, json) };
}

export const applyToAll = (foundation: string, apps: readonly { guid: string; name: string }[], body: EventBody): Promise<Outcome[]> =>
  runBounded(apps, BULK_CONCURRENCY, (app) => postEvent(foundation, { guid: app.guid, name: app.name }, body));
