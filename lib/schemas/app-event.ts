import { z } from "zod";
import type { ActionInput } from "@/lib/migration/state-machine";

const note = z.string().trim().max(2000);
const reason = note.min(1, "a reason is required");
// Cloud Foundry names are at most 255 characters; commands quote them (lib/shell), so any character is safe
const cfName = z.string().trim().min(1, "required").max(255);
/** the app's `version` as read: a stale one gets 409 instead of overwriting what someone else did */
const version = z.number().int().min(0).optional();

/** `POST /api/foundations/{f}/apps/{guid}/events`: each action with exactly the inputs it needs. */
export const appEventBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("start_test"), testOrg: cfName, testSpace: cfName, testApp: cfName, note: note.optional(), version }),
  z.object({ action: z.literal("needs_privilege"), note: reason, version }),
  z.object({ action: z.literal("request_waiver"), note: reason, expiresAt: z.iso.datetime({ offset: true }), version }),
  z.object({ action: z.enum(["verify", "approve_waiver", "reject_waiver", "mark_restaged", "reopen"]), note: note.optional(), version }),
]);
export type AppEventBody = z.infer<typeof appEventBody>;

/** The state machine's input for a parsed body. */
export function toActionInput(b: AppEventBody): ActionInput {
  switch (b.action) {
    case "start_test":
      return { action: b.action, testOrg: b.testOrg, testSpace: b.testSpace, testApp: b.testApp, note: b.note };
    case "needs_privilege":
      return { action: b.action, note: b.note };
    case "request_waiver":
      return { action: b.action, note: b.note, expiresMs: Date.parse(b.expiresAt) };
    default:
      return { action: b.action, note: b.note };
  }
}
