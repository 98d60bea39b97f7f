import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { readDb } from "@/lib/db/sqlite";
import { userCount } from "./accounts";
import { PAGE_PATH_HEADER } from "./page-path";
import { sessionActor, type Actor } from "./actor";
import { can, type Action } from "./permissions";


/** A local path to return to after signing in; anything else (another site, `//host`) goes home. */
export function safeNext(next: string | null | undefined): string {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) ? next : "/";
}

/**
 * The signed-in user of a page, the same session check the API makes; without one, off to sign in (or to
 * /setup while nobody has an account). Every page calls it before reading any data.
 */
export async function pageActor(need: Action = "read"): Promise<Actor> {
  const h = await headers();
  const actor = await sessionActor(h);
  if (!actor) {
    if (userCount(readDb()) === 0) redirect("/setup");
    redirect(`/sign-in?next=${encodeURIComponent(safeNext(h.get(PAGE_PATH_HEADER)))}`);
  }
  if (!can(actor, need)) redirect("/?denied=1");
  return actor;
}

/** The signed-in user, if any, for pages anyone may see (sign-in, setup, the header). */
export async function optionalActor(): Promise<Actor | null> {
  return sessionActor(await headers());
}
