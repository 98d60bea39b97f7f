import { z } from "zod";
import { appListQuery } from "./app";

/** The runbook's query: optionally one org, named as the app list names it (a guid or the exact name). */
export const runbookQuery = z.object({ org: appListQuery.shape.org });
