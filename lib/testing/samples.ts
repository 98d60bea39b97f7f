import { readFileSync } from "node:fs";
import path from "node:path";

/** The composed sample dump of ../shared/samples, copied into the repo so a bare clone tests the same bytes. */
export const SAMPLE_DUMP_PATH = path.join(process.cwd(), "e2e", "fixtures", "desired-lrps.ndjson");

export const sampleDump = (): Buffer => readFileSync(SAMPLE_DUMP_PATH);
