import { CommandBlock } from "../command-block";
import { ccExportCommands, manifestCommands } from "./commands";

/**
 * The upload page's commands for the two other inputs: the BOSH manifest and the Cloud Controller export.
 * Folded: the page is about the dump, and these are uploaded on the foundation's page.
 */
export function ReadinessUploadCommands({ origin, foundation }: { origin: string | null; foundation: string | null }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium text-slate-800">Commands for the BOSH manifest and the Cloud Controller export</summary>
      <div className="mt-3 space-y-4">
        <div>
          <h3 className="mb-1 font-medium text-slate-800">BOSH manifest: is the foundation ready to turn privileged containers off?</h3>
          <CommandBlock title="on your workstation" lines={manifestCommands(origin, foundation)} />
          <p className="mt-1 text-xs text-slate-500">Only the privileged-container flags, release versions and instance groups are kept, never the manifest.</p>
        </div>
        <div>
          <h3 className="mb-1 font-medium text-slate-800">Cloud Controller export: names for old LRPs, stopped vs deleted apps</h3>
          <CommandBlock title="on your workstation, logged in with cf" lines={ccExportCommands(origin, foundation)} />
        </div>
      </div>
    </details>
  );
}
