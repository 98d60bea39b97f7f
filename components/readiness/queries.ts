import { queryOptions } from "@tanstack/react-query";
import type { CcAppsDto, ReadinessDto } from "@/lib/schemas/readiness";
import { ApiRequestError, foundationKey } from "../app-queries";

// Under ["foundation", f] so that any upload's invalidation of the foundation refreshes them too.
const enc = encodeURIComponent;

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } }).catch(() => {
    throw new ApiRequestError("The server could not be reached. Check the connection and retry.", 0);
  });
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
  if (!res.ok) throw new ApiRequestError(typeof body?.error === "string" ? body.error : `The server answered HTTP ${res.status}.`, res.status);
  return body as T;
}

export const readinessQuery = (f: string) =>
  queryOptions({ queryKey: [...foundationKey(f), "readiness"], queryFn: () => request<ReadinessDto>(`/api/foundations/${enc(f)}/readiness`) });

export const ccAppsQuery = (f: string) => queryOptions({ queryKey: [...foundationKey(f), "cc-apps"], queryFn: () => request<CcAppsDto>(`/api/foundations/${enc(f)}/cc-apps`) });

export const opsFileHref = (f: string, id: string) => `/api/foundations/${enc(f)}/readiness/ops-files/${enc(id)}`;

/** Posts a file as the raw request body (the server streams it, as for dumps); resolves to the JSON answer. */
export const uploadFile = <T>(url: string, file: File) => request<T>(url, { method: "POST", body: file, headers: { "content-type": "application/octet-stream" } });

export const manifestUploadUrl = (f: string) => `/api/foundations/${enc(f)}/manifests`;
export const ccAppsUploadUrl = (f: string) => `/api/foundations/${enc(f)}/cc-apps`;
