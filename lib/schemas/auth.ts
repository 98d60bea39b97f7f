import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/accounts";

/** POST /api/setup: the first administrator. */
export const setupBody = z.object({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
  name: z.string().trim().max(100).optional().nullable(),
});
