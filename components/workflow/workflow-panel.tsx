import type { AppDetailDto } from "@/lib/schemas/app";
import { formatUtc } from "../format";
import { ActionForms } from "./action-forms";

/** The app's workflow facts that are not its status (waiver, test push), and the actions the viewer may take. */
export function WorkflowPanel({ foundation, app }: { foundation: string; app: AppDetailDto }) {
  const w = app.workflow;
  return (
    <div className="space-y-3">
      <ul className="space-y-1 text-sm text-slate-700">
        {app.regression && <li className="text-red-700">Regression: the app was migrated and runs privileged again.</li>}
        {w.waiverExpired && <li className="text-amber-800">Its waiver expired: the app is back to its earlier status.</li>}
        {w.waiverExpiresAt && <li>Waived until {formatUtc(w.waiverExpiresAt)}.</li>}
        {w.waiverRequest && (
          <li>
            Waiver requested by {w.waiverRequest.requestedBy} until {formatUtc(w.waiverRequest.expiresAt)}: “{w.waiverRequest.note}”. An admin other than the
            requester decides.
          </li>
        )}
        {w.test && (
          <li>
            Test push: <span className="font-mono text-xs">{w.test.app}</span> in <span className="font-mono text-xs">{w.test.org}</span> /{" "}
            <span className="font-mono text-xs">{w.test.space}</span>
          </li>
        )}
        {app.status === null && <li>Never seen privileged: nothing to migrate.</li>}
      </ul>
      <ActionForms foundation={foundation} guid={app.guid} allowed={app.allowedActions} workflow={w} defaultTestApp={`${app.name}-rootless-test`} />
    </div>
  );
}
