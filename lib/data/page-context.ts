import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { ApiError } from "@/lib/api/errors";

/** For pages: a lib/data call whose 404 (unknown foundation or app) renders the not-found page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) notFound();
    throw err;
  }
}

/** The origin the browser used, for copy-paste commands (curl); null when the request does not say. */
export async function requestOrigin(): Promise<string | null> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host");
  if (!host || !/^[A-Za-z0-9.\-:[\]]+$/.test(host)) return null;
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
