import { Readable } from "node:stream";
import { openUpload } from "@/lib/ingest/body";
import { ingestSnapshot } from "@/lib/ingest/ingest";

/** Ingests dump lines as an upload of them, captured at `at`: the path every test that needs snapshots takes. */
export async function ingestLines(foundation: string, lines: string[], at: string) {
  const text = lines.map((l) => (l.endsWith("\n") ? l : `${l}\n`)).join("");
  const dump = await openUpload(Readable.from([Buffer.from(text)]), { contentType: null, contentEncoding: null }, 1e9);
  return ingestSnapshot({ foundation, capturedAt: new Date(at), dump, actor: "test" });
}
