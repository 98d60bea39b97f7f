import { z } from "zod";
import { MIN_PASSWORD_LENGTH, type TokenRow } from "@/lib/auth/accounts";
import type { LineError } from "@/lib/auth/owner-import";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { foundationName } from "./foundation";

// /api/admin/*: users, owner assignments, API tokens and the audit log (product.md "/admin").

const email = z.string().trim().min(3).max(254);
const role = z.enum(ROLES);

export const userParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a user id is letters, digits, dashes and underscores") });
export const createUserBody = z.object({
  email,
  role,
  /** absent: the user signs in through Cloud Foundry UAA only */
  password: z.string().min(MIN_PASSWORD_LENGTH, `a password has at least ${MIN_PASSWORD_LENGTH} characters`).max(200).optional(),
});
export const setRoleBody = z.object({ role });

const numericId = (what: string) => z.object({ id: z.string().regex(/^[1-9][0-9]{0,15}$/, `${what} id is a positive whole number`) });
export const ownerParams = numericId("an owner assignment");
export const tokenParams = numericId("a token");

export const addOwnerBody = z.object({
  email,
  foundation: foundationName,
  /** a guid or an exact name */
  org: z.string().trim().min(1).max(254),
  space: z.string().trim().max(254).optional().nullable(),
});

/** The owner CSV is read as text; a file of MAX_OWNER_CSV_ROWS rows of long names fits. */
export const MAX_OWNER_CSV_BYTES = 1024 * 1024;

export const mintTokenBody = z.object({ email, name: z.string().trim().min(1).max(100) });

export const AUDIT_PAGE_SIZE = 50;
const day = /^\d{4}-\d{2}-\d{2}$/;
const time = z
  .string()
  .refine((s) => (day.test(s) || z.iso.datetime({ offset: true }).safeParse(s).success) && !Number.isNaN(Date.parse(s)), "a date (2026-11-29) or an ISO-8601 time");
/** Filters of /admin/audit, the same in the page's URL and the API's query. Empty values mean "any". */
export const auditQuery = z.object({
  action: z.string().trim().max(64).optional().transform((s) => s || undefined),
  actor: z.string().trim().max(254).optional().transform((s) => s || undefined),
  foundation: z.string().trim().max(63).optional().transform((s) => s || undefined),
  from: z.union([z.literal(""), time]).optional().transform((s) => s || undefined),
  to: z.union([z.literal(""), time]).optional().transform((s) => s || undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type AuditQuery = z.infer<typeof auditQuery>;
export const AUDIT_FILTERS = ["action", "actor", "foundation", "from", "to"] as const;

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  /** signs in with a password */
  password: boolean;
  /** has signed in through UAA */
  sso: boolean;
}

export interface OwnerDto {
  id: string;
  email: string;
  foundation: string;
  org: { guid: string; name: string };
  space: { guid: string; name: string } | null;
  createdAt: string;
  createdBy: string;
}

export interface OwnerImportDto {
  created: number;
  alreadyPresent: number;
}

/** A 422 of the owner import: every line that cannot be applied. */
export interface OwnerImportErrorDto {
  error: string;
  lines: LineError[];
}

/** A token as the API lists it: the stored row (lib/auth/accounts.ts), its id as a string. */
export type TokenDto = Omit<TokenRow, "id"> & { id: string };

export interface MintedTokenDto {
  /** the token itself: in this answer and nowhere else */
  token: string;
  id: string;
  email: string;
  name: string;
  prefix: string;
}

export interface AuditEventDto {
  id: string;
  at: string;
  actor: string;
  action: string;
  foundation: string | null;
  target: string | null;
  address: string | null;
  details: Record<string, unknown>;
}

export interface AuditPageDto {
  items: AuditEventDto[];
  total: number;
  page: number;
  pageSize: number;
}
