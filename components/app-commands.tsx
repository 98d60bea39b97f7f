import type { NamedRef } from "@/lib/schemas/app";
import { CommandBlock } from "./command-block";
import { shellQuote } from "./format";

/** A name the cf CLI can use: unresolved names are guids, which `cf target` and friends do not accept. */
function known(ref: NamedRef): string | null {
  return ref.name !== null && ref.name !== ref.guid ? ref.name : null;
}

/** Ready-to-copy cf CLI commands for one app: target, test push into a test space, restage. */
export function AppCommands({ guid, name, org, space }: { guid: string; name: string; org: NamedRef; space: NamedRef }) {
  const appName = name !== guid ? name : null;
  const o = known(org);
  const s = known(space);
  const lookups: string[] = [];
  if (!o && org.guid) lookups.push(`# org name unknown: cf curl /v3/organizations/${org.guid} | jq -r .name`);
  if (!s && space.guid) lookups.push(`# space name unknown: cf curl /v3/spaces/${space.guid} | jq -r .name`);
  if (!appName) lookups.push(`# app name unknown: cf curl /v3/apps/${guid} | jq -r .name`);

  const q = (v: string | null, placeholder: string) => (v === null ? placeholder : shellQuote(v));
  const target = `cf target -o ${q(o, "<org>")} -s ${q(s, "<space>")}`;
  const app = q(appName, "<app>");
  const test = appName ? shellQuote(`${appName}-rootless-test`) : "<app>-rootless-test";

  return (
    <div className="space-y-4">
      {lookups.length > 0 && (
        <p className="text-xs text-amber-800">
          Some names are unknown (the LRPs predate CAPI 1.85). Look them up first, or upload a Cloud Controller export so the dashboard can name them.
        </p>
      )}
      <div>
        <h3 className="mb-1 text-sm font-medium text-slate-800">1. Target the app&apos;s space</h3>
        <CommandBlock title="target" lines={[...lookups, target]} />
      </div>
      <div>
        <h3 className="mb-1 text-sm font-medium text-slate-800">2. Test an unprivileged copy in a test space</h3>
        <CommandBlock
          title="test push"
          lines={[
            "# replace <test-org> and <test-space> with a space for the test",
            "cf target -o <test-org> -s <test-space>",
            `cf create-app ${test}`,
            target,
            `cf copy-source ${app} ${test} -o <test-org> -s <test-space>`,
          ]}
        />
        <p className="mt-1 text-xs text-slate-500">
          copy-source stages and starts the copy as a new app, so it gets a new, unprivileged container once the platform flag is off. Check that it
          works (mounts, file access) before restaging the real app.
        </p>
      </div>
      <div>
        <h3 className="mb-1 text-sm font-medium text-slate-800">3. Restage the app when the test works</h3>
        <CommandBlock title="restage" lines={[target, `cf restage ${app} --strategy rolling`]} />
        <p className="mt-1 text-xs text-slate-500">
          A restage creates new LRPs without downtime. The next uploaded snapshot confirms it: the status becomes migrated.
        </p>
      </div>
    </div>
  );
}
