"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ManifestDto, ReadinessDto } from "@/lib/schemas/readiness";
import { CommandBlock } from "../command-block";
import { linkClass, secondaryButtonClass } from "../empty-state";
import { formatCount, formatUtc } from "../format";
import { appsHref } from "../links";
import { Section } from "../page-header";
import { CcAppsPanel } from "./cc-apps-panel";
import { manifestCommands } from "./commands";
import { FileUpload } from "./file-upload";
import { manifestUploadUrl, opsFileHref, readinessQuery } from "./queries";
import { Prose } from "./prose";
import { ReasonList } from "./reasons";
import { VerdictBadge } from "./verdict";
import { IfAllowed } from "@/components/viewer";

/** `/foundations/{f}`: can privileged containers be turned off, per foundation and segment, and what to do next. */
export function ReadinessPanel({ foundation, origin }: { foundation: string; origin: string | null }) {
  const { data, error, isPending } = useQuery(readinessQuery(foundation));
  return (
    <div className="mb-6 grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        <Section
          title="Readiness"
          id="readiness"
          description={data ? sources(data) : "From the latest BOSH manifest and the latest snapshot."}
          actions={data && <span className="flex items-center gap-2 text-sm text-slate-600">Verdict <VerdictBadge verdict={data.verdict} /></span>}
        >
          {isPending && <p className="text-sm text-slate-500">Loading…</p>}
          {error && <p className="text-sm text-red-700">{error.message}</p>}
          {data && <ReasonList reasons={data.reasons} label="Readiness checklist" />}
        </Section>
        {data && data.segments.length > 0 && <SegmentReadinessTable foundation={foundation} segments={data.segments} />}
        {data && data.nextSteps.length > 0 && <NextSteps foundation={foundation} steps={data.nextSteps} />}
      </div>
      <div className="space-y-6">
        <IfAllowed action="upload">
          <Section title="Upload a BOSH manifest" description="Only the privileged-container flags, release versions and instance groups are kept; never the manifest.">
            <FileUpload<{ manifest: ManifestDto }>
              foundation={foundation}
              url={manifestUploadUrl(foundation)}
              label="Output of bosh -d cf manifest"
              button="Analyse manifest"
              accept=".yml,.yaml,text/yaml,text/plain"
              describe={({ manifest }) =>
                `Manifest analysed: ${manifest.instanceGroups.length} instance groups, ${manifest.findings.length} findings.${
                  manifest.lastSeenAt === manifest.uploadedAt ? "" : ` The same file as the one uploaded ${formatUtc(manifest.uploadedAt)}: marked as seen now, nothing new stored.`
                }`
              }
            />
            <div className="mt-3">
              <CommandBlock lines={manifestCommands(origin, foundation)} />
            </div>
          </Section>
        </IfAllowed>
        <CcAppsPanel foundation={foundation} origin={origin} />
      </div>
    </div>
  );
}

function sources(d: ReadinessDto): string {
  const m = d.manifest ? `manifest last uploaded ${formatUtc(d.manifest.lastSeenAt)}${d.manifest.deployment ? ` (deployment ${d.manifest.deployment})` : ""}` : "no manifest";
  const s = d.snapshot ? `snapshot of ${formatUtc(d.snapshot.capturedAt)}` : "no snapshot";
  return `From the ${m} and the ${s}; a snapshot older than ${d.maxSnapshotAgeHours} h counts as stale.`;
}

function SegmentReadinessTable({ foundation, segments }: { foundation: string; segments: ReadinessDto["segments"] }) {
  return (
    <Section title="Readiness per isolation segment" id="segment-readiness" description="Cell groups from the manifest's placement tags; apps from the latest snapshot.">
      <table className="w-full text-sm">
        <caption className="sr-only">Readiness per isolation segment</caption>
        <thead className="text-left text-xs font-medium uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-2">Segment</th>
            <th scope="col" className="px-2 py-1">Verdict</th>
            <th scope="col" className="px-2 py-1">Cell groups</th>
            <th scope="col" className="px-2 py-1 text-right">Privileged apps</th>
            <th scope="col" className="py-1 pl-2">Reasons</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {segments.map((s) => (
            <tr key={s.name} data-segment={s.name}>
              <th scope="row" className="py-2 pr-2 text-left font-normal [overflow-wrap:anywhere]">
                <Link href={appsHref(foundation, { segment: s.name })} className={linkClass}>
                  {s.name}
                </Link>
              </th>
              <td className="px-2 py-2">
                <VerdictBadge verdict={s.verdict} />
              </td>
              <td className="px-2 py-2 [overflow-wrap:anywhere]">{s.instanceGroups.join(", ") || <span className="text-slate-500">none in the manifest</span>}</td>
              <td className={`px-2 py-2 text-right tabular-nums ${s.privilegedApps > 0 ? "font-semibold text-red-700" : "text-green-700"}`}>
                {formatCount(s.privilegedApps)} / {formatCount(s.apps)}
              </td>
              <td className="py-2 pl-2">
                <details>
                  <summary className="cursor-pointer text-slate-700">{s.reasons.length} reason{s.reasons.length === 1 ? "" : "s"}</summary>
                  <div className="mt-2">
                    <ReasonList reasons={s.reasons} label={`Reasons for segment ${s.name}`} />
                  </div>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function NextSteps({ foundation, steps }: { foundation: string; steps: ReadinessDto["nextSteps"] }) {
  return (
    <Section title="Next steps" id="next-steps">
      <ol className="space-y-4">
        {steps.map((s, i) => (
          <li key={s.code} className="space-y-2" data-step={s.code}>
            <h3 className="text-sm font-semibold text-slate-900">
              {i + 1}. {s.title}
            </h3>
            <p className="text-sm text-slate-700">
              <Prose text={s.detail} />
            </p>
            {s.opsFile && (
              <div className="rounded-md border border-slate-200 p-3">
                <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Preview: what {s.opsFile.fileName} changes</p>
                <ul className="mt-1 list-inside list-disc font-mono text-xs text-slate-700 [overflow-wrap:anywhere]">
                  {s.opsFile.changes.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
                <details className="mt-2" data-preview={s.opsFile.id}>
                  <summary className="cursor-pointer text-sm text-slate-700">The instance groups it changes, patched</summary>
                  {s.opsFile.preview ? (
                    <pre className="mt-2 max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs text-slate-800">{s.opsFile.preview}</pre>
                  ) : (
                    <p className="mt-2 text-sm text-slate-600">This manifest was stored before previews were kept: upload it again to see one.</p>
                  )}
                </details>
                <a href={opsFileHref(foundation, s.opsFile.id)} download={s.opsFile.fileName} className={`${secondaryButtonClass} mt-2`}>
                  Download {s.opsFile.fileName}
                </a>
              </div>
            )}
            {s.commands.length > 0 && <CommandBlock lines={s.commands} />}
          </li>
        ))}
      </ol>
    </Section>
  );
}
