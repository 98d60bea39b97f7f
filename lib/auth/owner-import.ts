// Owner assignments from a CSV file (`foundation,org,space,email`, product.md "/admin"): parsed with csv-parse
// (quoted fields, embedded commas and newlines, a spreadsheet's BOM: the parts of CSV worth not rewriting), then
// applied all-or-nothing through the same assignOwner as the form and the command line. No "server-only", as for
// accounts.ts beside it: nothing here needs Next.
import { parse, CsvError } from "csv-parse/sync";
import { AccountError, assignOwner, type ChangeBy, type OwnerAssignmentInput, type ScopeResolvers } from "./accounts";
import type { Sqlite } from "../db/sqlite";

export const OWNER_CSV_COLUMNS = ["foundation", "org", "space", "email"] as const;
/** Enough for every org of a large fleet; each row is resolved inside the one write transaction. */
export const MAX_OWNER_CSV_ROWS = 2000;
/** A cell is a name, a guid or an email: anything longer is not one of those. */
const MAX_CELL = 254;

export interface OwnerCsvRow extends OwnerAssignmentInput {
  /** the 1-based line of the file the record starts on */
  line: number;
}

/** Why a line was refused. The message never quotes the line: its text is untrusted and may be long. */
export interface LineError {
  line: number;
  error: string;
}

export type OwnerCsvParse = { ok: true; rows: OwnerCsvRow[] } | { ok: false; errors: LineError[] };

/** What csv-parse stopped on, said without its message (which quotes the input). */
const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: "a quoted field is never closed",
  CSV_INVALID_CLOSING_QUOTE: "a closing quote is followed by something other than a comma",
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: "a closing quote is followed by something other than a comma",
  CSV_QUOTE_NOT_CLOSED_OR_INVALID: "a quote is misplaced",
};

/**
 * Parses and checks the shape of every record (the database checks come in importOwners). The first line names
 * the columns, in any order; `space` may be empty (the whole org). Every bad line is reported, not only the first.
 */
export function parseOwnerCsv(text: string): OwnerCsvParse {
  let records: { record: string[]; info: { lines: number; raw?: string } }[];
  try {
    records = parse(text, { bom: true, info: true, raw: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    if (e instanceof CsvError) {
      const line = typeof (e as CsvError & { lines?: unknown }).lines === "number" ? (e as CsvError & { lines: number }).lines : 1;
      return { ok: false, errors: [{ line, error: `${CSV_ERRORS[e.code] ?? "this line is not valid CSV"}: nothing was imported` }] };
    }
    throw e;
  }
  const startLine = (r: (typeof records)[number]) => r.info.lines - ((r.info.raw ?? "").replace(/\r?\n$/, "").match(/\n/g)?.length ?? 0);
  const [header, ...body] = records;
  if (!header) return { ok: false, errors: [{ line: 1, error: "the file is empty: the first line must read foundation,org,space,email" }] };
  const names = header.record.map((h) => h.toLowerCase());
  const index = Object.fromEntries(OWNER_CSV_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<(typeof OWNER_CSV_COLUMNS)[number], number>;
  if (names.length !== OWNER_CSV_COLUMNS.length || Object.values(index).some((i) => i < 0))
    return { ok: false, errors: [{ line: startLine(header), error: `the first line must name the columns ${OWNER_CSV_COLUMNS.join(",")}` }] };
  if (body.length === 0) return { ok: false, errors: [{ line: startLine(header), error: "the file has no assignments below its header line" }] };
  if (body.length > MAX_OWNER_CSV_ROWS)
    return { ok: false, errors: [{ line: startLine(body[MAX_OWNER_CSV_ROWS]!), error: `at most ${MAX_OWNER_CSV_ROWS} assignments per file: split it` }] };

  const rows: OwnerCsvRow[] = [];
  const errors: LineError[] = [];
  for (const r of body) {
    const line = startLine(r);
    if (r.record.length !== OWNER_CSV_COLUMNS.length) {
      errors.push({ line, error: `expected ${OWNER_CSV_COLUMNS.length} fields, found ${r.record.length}` });
      continue;
    }
    const cell = (c: (typeof OWNER_CSV_COLUMNS)[number]) => r.record[index[c]]!;
    const missing = (["foundation", "org", "email"] as const).filter((c) => cell(c) === "");
    if (missing.length) {
      errors.push({ line, error: `${missing.join(", ")} ${missing.length > 1 ? "are" : "is"} empty` });
      continue;
    }
    const long = OWNER_CSV_COLUMNS.filter((c) => cell(c).length > MAX_CELL);
    if (long.length) {
      errors.push({ line, error: `${long.join(", ")} longer than ${MAX_CELL} characters` });
      continue;
    }
    rows.push({ line, foundation: cell("foundation"), org: cell("org"), space: cell("space") || null, email: cell("email") });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

export interface OwnerImportResult {
  created: number;
  /** rows whose assignment existed already (before the import, or on an earlier line of the same file) */
  alreadyPresent: number;
}

/** The import was refused: the lines that cannot be applied. Nothing was written. */
export class OwnerImportError extends Error {
  constructor(readonly errors: LineError[]) {
    super(`${errors.length} line${errors.length === 1 ? "" : "s"} cannot be imported: nothing was imported`);
    this.name = "OwnerImportError";
  }
}

/**
 * Applies every row in one write transaction, each row in a savepoint, so every unknown user, foundation, org or
 * space is reported with its line; then either all rows are committed (with their audit events) or none.
 */
export function importOwners(db: Sqlite, rows: readonly OwnerCsvRow[], by: ChangeBy): OwnerImportResult {
  return db
    .transaction(() => {
      const errors: LineError[] = [];
      const resolvers: ScopeResolvers = new Map();
      let created = 0;
      for (const row of rows) {
        try {
          // a nested better-sqlite3 transaction is a savepoint: a refused row leaves nothing behind
          if (assignOwner(db, row, by, resolvers).created) created++;
        } catch (e) {
          if (!(e instanceof AccountError)) throw e;
          errors.push({ line: row.line, error: e.message });
        }
      }
      if (errors.length) throw new OwnerImportError(errors);
      return { created, alreadyPresent: rows.length - created };
    })
    .immediate();
}
