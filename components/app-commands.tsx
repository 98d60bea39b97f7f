import type { NamedRef } from "@/lib/schemas/app";
import { appCommandLines } from "@/lib/shell/commands";
import { CommandBlock } from "./command-block";

/** Ready-to-copy cf CLI commands for one app: target, test push into a test space, restage. */
export function AppCommands(app: { guid: string; name: string; org: NamedRef; space: NamedRef; test?: { org: string; space: string; app: string } | null }) {
  const { namesUnknown, appNameIsFlag, target, testPush, restage } = appCommandLines(app);
  return (
    <div className="space-y-4">
      {namesUnknown && (
        <p className="text-xs text-amber-800">
          Some names are unknown (the LRPs predate CAPI 1.85). Look them up first, or upload a Cloud Controller export so the dashboard can name them.
        </p>
      )}
      {appNameIsFlag && (
        <p className="text-xs text-amber-800">
          The app&apos;s name starts with a dash, which the cf CLI always reads as a flag, so no cf command can name it. Rename it first, then put the
          new name in place of &lt;app&gt;.
        </p>
      )}
      <div>
        <h3 className="mb-1 text-sm font-medium text-slate-800">1. Target the app&apos;s space</h3>
        <CommandBlock title="target" lines={target} />
      </div>
      <div>
        <h3 className="mb-1 text-sm font-medium text-slate-800">2. Test an unprivileged copy in a test space</h3>
        <CommandBlock title="test push" lines={testPush} />
        <p className="mt-1 text-xs text-slate-500">
          copy-source stages and starts the copy as a new app, so it gets a new, unprivileged container once the platform flag is off. Check that it
          works (mounts, file access) before restaging the real app.
        </p>
      </div>
      <div>
        <h3 className="mb-1 text-sm font-medium text-slate-800">3. Restage the app when the test works</h3>
        <CommandBlock title="restage" lines={restage} />
        <p className="mt-1 text-xs text-slate-500">
          A restage creates new LRPs without downtime. The next uploaded snapshot confirms it: the status becomes migrated.
        </p>
      </div>
    </div>
  );
}
