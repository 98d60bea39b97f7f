import { route } from "@/lib/api/handler";
import { adminAuditPage } from "@/lib/data/admin";
import { auditQuery } from "@/lib/schemas/admin";

export const dynamic = "force-dynamic";

/** The audit log, newest first, filtered by action, actor, foundation and time, one page at a time. */
export const GET = route({ allow: "view_audit", query: auditQuery }, async ({ actor, query }) => adminAuditPage(actor, query));
