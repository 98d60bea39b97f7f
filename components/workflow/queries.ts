import type { WorkflowAction } from "@/lib/migration/state-machine";
import type { AppEventBody } from "@/lib/schemas/app-event";

/** A refused action: the server's message (written for people) and, for a 409, what may be done instead. */
export class ActionError extends Error {
  constructor(
    message: string,
    public readonly status: number,
    public readonly allowed: WorkflowAction[] | null,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

/** `POST /api/foundations/{f}/apps/{guid}/events`. */
export async function postAppEvent(foundation: string, guid: string, body: AppEventBody): Promise<{ status: string; version: number }> {
  let res: Response;
  try {
    res = await fetch(`/api/foundations/${encodeURIComponent(foundation)}/apps/${encodeURIComponent(guid)}/events`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ActionError("The server could not be reached. Check the connection and retry.", 0, null);
  }
  const answer = (await res.json().catch(() => undefined)) as { error?: unknown; allowed?: unknown; status?: unknown; version?: unknown } | undefined;
  if (!res.ok) {
    const message = typeof answer?.error === "string" ? answer.error : `The server answered HTTP ${res.status}.`;
    throw new ActionError(message, res.status, Array.isArray(answer?.allowed) ? (answer.allowed as WorkflowAction[]) : null);
  }
  return answer as { status: string; version: number };
}
