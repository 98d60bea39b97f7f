import { queryOptions } from "@tanstack/react-query";
import type { LineError } from "@/lib/auth/owner-import";
import type { MintedTokenDto, OwnerDto, OwnerImportDto, TokenDto, UserDto } from "@/lib/schemas/admin";
import { ApiRequestError } from "../app-queries";

/** /api/admin/* for the /admin page: one place for keys and fetchers, reused by useQuery and invalidation. */

/** An API error that lists lines (the owner import's 422). */
export class LineRequestError extends ApiRequestError {
  constructor(
    message: string,
    status: number,
    readonly lines: LineError[],
  ) {
    super(message, status);
  }
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...init?.headers } }).catch(() => {
    throw new ApiRequestError("The server could not be reached. Check the connection and retry.", 0);
  });
  const body = (await res.json().catch(() => null)) as { error?: unknown; lines?: unknown } | null;
  if (!res.ok) {
    const message = typeof body?.error === "string" ? body.error : `The server answered HTTP ${res.status}.`;
    if (Array.isArray(body?.lines)) throw new LineRequestError(message, res.status, body.lines as LineError[]);
    throw new ApiRequestError(message, res.status);
  }
  return body as T;
}

const json = (method: string, body: object): RequestInit => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

export const adminKeys = {
  all: ["admin"] as const,
  users: ["admin", "users"] as const,
  owners: ["admin", "owners"] as const,
  tokens: ["admin", "tokens"] as const,
};

export const adminQueries = {
  users: () => queryOptions({ queryKey: adminKeys.users, queryFn: () => request<{ users: UserDto[] }>("/api/admin/users").then((r) => r.users) }),
  owners: () => queryOptions({ queryKey: adminKeys.owners, queryFn: () => request<{ owners: OwnerDto[] }>("/api/admin/owners").then((r) => r.owners) }),
  tokens: () => queryOptions({ queryKey: adminKeys.tokens, queryFn: () => request<{ tokens: TokenDto[] }>("/api/admin/tokens").then((r) => r.tokens) }),
};

const enc = encodeURIComponent;

export const adminApi = {
  createUser: (body: { email: string; role: string; password?: string }) => request<{ user: UserDto }>("/api/admin/users", json("POST", body)),
  setRole: (id: string, role: string) => request<unknown>(`/api/admin/users/${enc(id)}`, json("PATCH", { role })),
  deleteUser: (id: string) => request<unknown>(`/api/admin/users/${enc(id)}`, { method: "DELETE" }),
  addOwner: (body: { email: string; foundation: string; org: string; space?: string }) =>
    request<{ owner: { created: boolean } }>("/api/admin/owners", json("POST", body)),
  removeOwner: (id: string) => request<unknown>(`/api/admin/owners/${enc(id)}`, { method: "DELETE" }),
  importOwners: (csv: Blob | string) => request<OwnerImportDto>("/api/admin/owners/import", { method: "POST", headers: { "content-type": "text/csv" }, body: csv }),
  mintToken: (body: { email: string; name: string }) => request<{ token: MintedTokenDto }>("/api/admin/tokens", json("POST", body)).then((r) => r.token),
  revokeToken: (id: string) => request<unknown>(`/api/admin/tokens/${enc(id)}`, { method: "DELETE" }),
};
