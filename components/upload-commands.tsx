import { curlUploadLine } from "@/lib/shell/commands";
import { CommandBlock } from "./command-block";

/** The exact commands that produce a `cfdot desired-lrps` dump and send it without a browser. */
export function UploadCommands({ origin, foundation }: { origin: string | null; foundation: string | null }) {
  return (
    <div className="space-y-4 text-sm">
      <div>
        <h3 className="mb-1 font-medium text-slate-800">1. Dump the desired LRPs on a diego-cell</h3>
        <CommandBlock title="on your workstation" lines={["bosh -d cf ssh diego-cell/0"]} />
        <div className="mt-2">
          <CommandBlock
            title="on the cell"
            lines={["cfdot desired-lrps > lrps.ndjson", "# or, for a large foundation, compressed:", "# cfdot desired-lrps | gzip > lrps.ndjson.gz", "exit"]}
          />
        </div>
        <p className="mt-1 text-xs text-slate-500">
          Any diego-cell will do: cfdot asks the BBS, which knows every desired LRP of the foundation. The dump contains secrets (service
          credentials, ssh keys); Rootless Ready keeps only a whitelist of fields and never stores the file.
        </p>
      </div>
      <div>
        <h3 className="mb-1 font-medium text-slate-800">2. Copy it to your workstation</h3>
        <CommandBlock title="on your workstation" lines={["bosh -d cf scp diego-cell/0:lrps.ndjson ."]} />
      </div>
      <div>
        <h3 className="mb-1 font-medium text-slate-800">3. Upload it here, or with curl</h3>
        <CommandBlock title="curl" lines={[curlUploadLine(origin, foundation)]} />
        <p className="mt-1 text-xs text-slate-500">
          Add <code className="rounded bg-slate-100 px-1">?capturedAt=2026-11-29T08:00:00Z</code> when the dump is older than the upload. A gzipped
          file is recognised by its content.
        </p>
      </div>
    </div>
  );
}
