/**
 * The app list as a download: CSV or JSON of exactly the filtered view, every page. Streamed: the body is
 * produced a batch at a time as the client reads it, so a 50k-app export holds one batch in memory.
 * Pure: it takes the listing from lib/data and returns a web stream.
 */
import { stringify } from "csv-stringify/sync";
import type { AppItemDto } from "@/lib/schemas/app";

export interface Listing {
  total: number;
  batches(): AsyncIterable<AppItemDto[]>;
}

/** The CSV's columns, in order: the header and every row come from this one table. */
const COLUMNS: [header: string, cell: (a: AppItemDto) => string | number][] = [
  ["app", (a) => a.name],
  ["app_guid", (a) => a.guid],
  ["org", (a) => a.org.name ?? ""],
  ["org_guid", (a) => a.org.guid ?? ""],
  ["space", (a) => a.space.name ?? ""],
  ["space_guid", (a) => a.space.guid ?? ""],
  ["segment", (a) => a.segment],
  ["privileged", (a) => String(a.privileged)],
  ["status", (a) => a.status ?? ""],
  ["regression", (a) => String(a.regression)],
  ["instances", (a) => a.instances],
  ["processes", (a) => a.processes.map((p) => `${p.type}:${p.instances}`).join(" ")],
  ["risks", (a) => a.risks.join(" ")],
  ["present", (a) => String(a.present)],
  ["absent_since", (a) => a.absentSince ?? ""],
];

/**
 * Names come from uploaded dumps: a cell starting with `=`, `+`, `-`, `@`, tab or CR would run as a formula
 * in a spreadsheet, so csv-stringify's escape_formulas prefixes it with `'` (numbers stay numbers).
 */
const CSV_OPTIONS = { escape_formulas: true, record_delimiter: "\r\n" } as const;

export const csvHeader = (): string => stringify([COLUMNS.map(([h]) => h)], CSV_OPTIONS);

export const csvRows = (items: AppItemDto[]): string => stringify(items.map((a) => COLUMNS.map(([, cell]) => cell(a))), CSV_OPTIONS);

/** A stream that pulls one text chunk at a time from `chunks`, so a slow reader slows the producer. */
function pullStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const it = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await it.return?.();
    },
  });
}

export function appsCsvStream(listing: Listing): ReadableStream<Uint8Array> {
  return pullStream(
    (async function* () {
      yield csvHeader();
      for await (const batch of listing.batches()) yield csvRows(batch);
    })(),
  );
}

/** `{ "items": [...], "total": N }`: the list's shape without paging. */
export function appsJsonStream(listing: Listing): ReadableStream<Uint8Array> {
  return pullStream(
    (async function* () {
      yield '{"items":[';
      let first = true;
      for await (const batch of listing.batches()) {
        if (batch.length === 0) continue;
        yield (first ? "" : ",") + batch.map((a) => JSON.stringify(a)).join(",");
        first = false;
      }
      yield `],"total":${listing.total}}`;
    })(),
  );
}
