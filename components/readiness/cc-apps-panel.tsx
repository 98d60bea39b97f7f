"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { AbsenceReason, CcUploadDto } from "@/lib/schemas/readiness";
import { CommandBlock } from "../command-block";
import { linkClass } from "../empty-state";
import { appHref } from "../links";
import { Section } from "../page-header";
import { ccExportCommands } from "./commands";
import { FileUpload } from "./file-upload";
import { ccAppsQuery, ccAppsUploadUrl } from "./queries";
import { IfAllowed } from "@/components/viewer";

const REASON: Record<AbsenceReason, string> = {
  stopped: "stopped",
  started: "started in CC, no LRP",
  deleted: "deleted",
  unknown: "not in the export",
};

/** Names and stopped/deleted apps from a Cloud Controller export. */
export function CcAppsPanel({ foundation, origin }: { foundation: string; origin: string | null }) {
  const { data } = useQuery(ccAppsQuery(foundation));
  return (
    <Section title="Cloud Controller export" id="cc-export" description="Names for apps whose LRPs carry none, and why apps left the latest snapshot.">
      <div className="space-y-3">
        <IfAllowed action="upload">
          <CommandBlock lines={ccExportCommands(origin, foundation)} />
          <FileUpload<CcUploadDto>
            foundation={foundation}
            url={ccAppsUploadUrl(foundation)}
            label="cf curl /v3/apps pages (JSON)"
            button="Upload export"
            accept=".json,application/json,text/plain"
            describe={(a) => [`Export read: ${a.named.apps} unnamed app${a.named.apps === 1 ? "" : "s"} named.`, ...a.warnings].join(" ")}
          />
        </IfAllowed>
        {data?.export && (
          <p className="text-xs text-slate-500">
            Latest export {data.export.uploadedAt}: {data.export.apps} apps on {data.export.pages} page{data.export.pages === 1 ? "" : "s"}
            {data.export.listsEveryApp ? ", every app listed" : ""}.
          </p>
        )}
        {data && data.absentTotal > 0 && (
          <div>
            <h3 className="text-sm font-semibold text-slate-900">Gone from the latest snapshot</h3>
            <ul aria-label="Apps gone from the latest snapshot" className="mt-1 space-y-1 text-sm">
              {data.absent.map((a) => (
                <li key={a.guid} className="flex justify-between gap-2">
                  <Link href={appHref(foundation, a.guid)} className={`${linkClass} [overflow-wrap:anywhere]`}>
                    {a.name ?? a.guid}
                  </Link>
                  <span className="whitespace-nowrap text-slate-600" data-reason={a.reason}>
                    {REASON[a.reason]}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
        {data && data.orphanedTotal > 0 && (
          <div>
            <h3 className="text-sm font-semibold text-slate-900">Orphaned LRPs ({data.orphanedTotal})</h3>
            <p className="text-xs text-slate-500">In the latest snapshot but unknown to Cloud Controller.</p>
            <ul aria-label="Orphaned LRPs" className="mt-1 space-y-1 text-sm">
              {data.orphaned.map((a) => (
                <li key={a.guid}>
                  <Link href={appHref(foundation, a.guid)} className={`${linkClass} [overflow-wrap:anywhere]`}>
                    {a.name ?? a.guid}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </Section>
  );
}
