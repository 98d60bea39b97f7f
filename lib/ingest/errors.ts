// Runs inside the ingest workers as well as in the server: no imports (compiled to CommonJS).

/**
 * What can stop an upload, in the domain's words. `lib/ingest` knows no HTTP: the route-handler wrapper
 * (lib/api/handler.ts) maps each kind to its status code. Messages never quote input bytes.
 */
export type IngestErrorKind =
  /** content that is not a cfdot desired-lrps dump (a bad line, the wrong command, an empty body, truncated gzip) */
  | "invalid"
  /** over MAX_UPLOAD_BYTES decompressed or MAX_LRPS records */
  | "too_large"
  /** another snapshot of the foundation is captured at the same time with other content */
  | "conflict"
  /** MAX_CONCURRENT_UPLOADS ingests already run */
  | "busy"
  /** the client sent nothing for too long */
  | "idle"
  /** the server is shutting down or the client went away */
  | "aborted"
  /** the disk holding the database or the scratch files is full */
  | "disk_full"
  /** an unknown foundation or snapshot */
  | "not_found";

export class IngestError extends Error {
  constructor(
    public readonly kind: IngestErrorKind,
    message: string,
    public readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "IngestError";
  }
}

/** Serialisable form, for errors that cross a worker boundary. */
export interface IngestErrorData {
  kind: IngestErrorKind;
  message: string;
  details: Record<string, unknown>;
}

export const toIngestErrorData = (e: IngestError): IngestErrorData => ({ kind: e.kind, message: e.message, details: e.details });
