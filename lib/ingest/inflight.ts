import { IngestError } from "./errors";

const DEFAULT_MAX_CONCURRENT_UPLOADS = 2;
/** What a refused client is told to wait: about one ingest of a large foundation, or a restart. */
const RETRY_AFTER_SECONDS = 30;

/** `MAX_CONCURRENT_UPLOADS`: each ingest holds a parse thread, a scratch folder and memory for its records. */
function maxConcurrentUploads(): number {
  const v = Number(process.env.MAX_CONCURRENT_UPLOADS);
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_MAX_CONCURRENT_UPLOADS;
}

/** One admitted upload: its signal aborts it (the reason is an IngestError); release it when it has ended. */
export interface Admission {
  signal: AbortSignal;
  release(): void;
}

/**
 * The uploads this process is receiving or ingesting. scripts/start.mjs reaches it through `globalThis`
 * (it runs outside the Next bundle, in the same process) to stop them on SIGTERM.
 */
export interface UploadsInFlight {
  readonly size: number;
  /** Refuses new uploads and aborts those in flight: each removes its scratch folder and answers 503. */
  shutdown(): void;
  /** Resolves once no upload is in flight. */
  settled(): Promise<void>;
}

const shuttingDown = () =>
  new IngestError("aborted", `the server is shutting down: nothing of this upload was stored; send it again in ${RETRY_AFTER_SECONDS} s`, {
    retryAfter: RETRY_AFTER_SECONDS,
  });

class Registry implements UploadsInFlight {
  private readonly uploads = new Set<AbortController>();
  private closing = false;
  private waiters: (() => void)[] = [];

  get size(): number {
    return this.uploads.size;
  }

  admit(max: number): Admission {
    if (this.closing) throw shuttingDown();
    if (this.uploads.size >= max) {
      throw new IngestError(
        "busy",
        `${this.uploads.size} uploads are already being ingested (MAX_CONCURRENT_UPLOADS): nothing was read; send it again in ${RETRY_AFTER_SECONDS} s`,
        { retryAfter: RETRY_AFTER_SECONDS },
      );
    }
    const upload = new AbortController();
    this.uploads.add(upload);
    return {
      signal: upload.signal,
      release: () => {
        this.uploads.delete(upload);
        if (this.uploads.size === 0) for (const wake of this.waiters.splice(0)) wake();
      },
    };
  }

  shutdown(): void {
    this.closing = true;
    for (const upload of this.uploads) upload.abort(shuttingDown());
  }

  settled(): Promise<void> {
    return this.uploads.size === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

/** Shared by every copy of this module (Next may bundle it more than once) and by scripts/start.mjs. */
const KEY = Symbol.for("rootless-ready.uploads-in-flight");
const registry = ((globalThis as Record<symbol, Registry | undefined>)[KEY] ??= new Registry());

/** Admits an upload, or refuses it at once (before its body is read) when MAX_CONCURRENT_UPLOADS are running. */
export function admitUpload(): Admission {
  return registry.admit(maxConcurrentUploads());
}
