import Link from "next/link";
import type { ReactNode } from "react";
import type { AppDetailDto } from "@/lib/schemas/app";
import { AppCommands } from "./app-commands";
import { EventTimeline, LrpTable, ProcessTable, RiskHints } from "./app-details";
import { AppHistory } from "./app-history";
import { WorkflowPanel } from "./workflow/workflow-panel";
import { linkClass } from "./empty-state";
import { formatCount, formatUtc, STATUS_DESCRIPTIONS } from "./format";
import { appsHref } from "./links";
import { Section } from "./page-header";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-900">{children}</dd>
    </div>
  );
}

/** `/foundations/{f}/apps/{guid}`: everything known about one app. */
export function AppDetail({ foundation, app }: { foundation: string; app: AppDetailDto }) {
  const orgFilter = app.org.guid ?? undefined;
  const present = app.lrps.length > 0;
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4 xl:grid-cols-7">
        <Fact label="Org">
          {orgFilter ? (
            <Link href={appsHref(foundation, { org: orgFilter })} className={`${linkClass} ${app.org.name === app.org.guid ? "font-mono text-xs" : ""}`}>
              {app.org.name}
            </Link>
          ) : (
            "—"
          )}
        </Fact>
        <Fact label="Space">
          {orgFilter && app.space.guid ? (
            <Link
              href={appsHref(foundation, { org: orgFilter, space: app.space.guid })}
              className={`${linkClass} ${app.space.name === app.space.guid ? "font-mono text-xs" : ""}`}
            >
              {app.space.name}
            </Link>
          ) : (
            (app.space.name ?? "—")
          )}
        </Fact>
        <Fact label="Isolation segment">
          <Link href={appsHref(foundation, { segment: app.segment })} className={linkClass}>
            {app.segment}
          </Link>
        </Fact>
        <Fact label="Status">
          <span>{app.status ?? "—"}</span>
          {app.status && <span className="block text-xs text-slate-500">{STATUS_DESCRIPTIONS[app.status]}</span>}
        </Fact>
        <Fact label="Instances">{present ? formatCount(app.instances) : "not running (absent)"}</Fact>
        <Fact label="Presence">
          {app.present ? (
            "in the latest snapshot"
          ) : (
            <>
              absent since {app.absentSince ? formatUtc(app.absentSince) : "—"}
              <span className="block text-xs text-slate-500">stopped or deleted; it keeps its status</span>
            </>
          )}
        </Fact>
        <Fact label="App guid">
          <span className="font-mono text-xs">{app.guid}</span>
        </Fact>
      </dl>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Section title="Privileged history" description="One band per run of snapshots in the same state, oldest first.">
            <AppHistory history={app.history} />
          </Section>
          <Section title="Processes">
            <ProcessTable processes={app.processes} />
          </Section>
          <Section title="LRPs" description="Desired LRPs in the latest snapshot. Two web LRPs mean a rolling deploy was under way.">
            <LrpTable lrps={app.lrps} />
          </Section>
          <Section title="Events" description="Every action and status change, newest first. A snapshot's events carry its capture time.">
            <EventTimeline events={app.events} />
          </Section>
        </div>
        <div className="space-y-6">
          <Section title="Workflow" description="What you can do to this app now.">
            <WorkflowPanel foundation={foundation} app={app} />
          </Section>
          <Section title="Risk hints" description="Why the app might need a privileged container, found at ingest.">
            <RiskHints hints={app.riskHints} />
          </Section>
          <Section title="Commands" description="Ready to copy; run them with the cf CLI.">
            <AppCommands guid={app.guid} name={app.name} org={app.org} space={app.space} test={app.workflow.test} />
          </Section>
        </div>
      </div>
    </div>
  );
}
