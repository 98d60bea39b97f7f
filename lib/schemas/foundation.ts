import { z } from "zod";

export const FOUNDATION_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const foundationName = z
  .string()
  .regex(FOUNDATION_NAME, "a foundation name is a slug: lower-case letters, digits and dashes, at most 63 characters");

export const foundationParams = z.object({ f: foundationName });

/** Reads take any name and answer 404 for one that does not exist (a malformed name cannot exist). */
export const foundationRefParams = z.object({ f: z.string().min(1).max(200) });
