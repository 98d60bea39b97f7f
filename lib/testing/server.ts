import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { connect, type Socket } from "node:net";
import path from "node:path";
import Database from "better-sqlite3";
import { bearerFor } from "./auth";

/** Ports of the integration tests (scripts/*.integration.test.ts, lib/**\/*.integration.test.ts): clear of e2e's 3210. */
export const INTEGRATION_PORT = Number(process.env.INTEGRATION_PORT ?? 3241);

export interface RunningServer {
  url: string;
  /** the Authorization header of an administrator created on the server's database */
  authorization: string;
  pid: number;
  /** stdout and stderr so far */
  log(): string;
  /** resolves with how the process ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
}

const running = new Set<ChildProcess>();

/** SIGKILLs every server a test started and left running (for afterAll/afterEach). */
export function killServers() {
  for (const p of running) p.kill("SIGKILL");
}

/** `node scripts/start.mjs` (the production server, built beforehand) on `port` and the SQLite file `db`. */
export async function startServer(port: number, db: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const url = `http://127.0.0.1:${port}`;
  if (await healthy(url)) throw new Error(`port ${port} is taken by another server: set INTEGRATION_PORT`);
  const proc = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: `file:${db}`, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(proc);
  let log = "";
  proc.stdout!.on("data", (d) => (log += d));
  proc.stderr!.on("data", (d) => (log += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => {
      running.delete(proc);
      resolve({ code, signal });
    }),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`the server exited at start:\n${log}`);
    if (await healthy(url)) break;
    if (Date.now() > deadline) {
      proc.kill("SIGKILL");
      throw new Error(`the server did not answer within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, authorization: (await bearerFor("admin", db)).authorization, pid: proc.pid!, log: () => log, exited, kill: (signal) => proc.kill(signal) };
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** Scratch folders and files under the database's `staging/` (lib/ingest/ingest.ts scratchRoot). */
export function scratchOf(db: string): string[] {
  const root = path.join(path.dirname(db), "staging");
  return existsSync(root) ? readdirSync(root) : [];
}

const TABLES = ["Foundation", "Snapshot", "App", "Org", "Space", "AppSpan", "LrpSpan", "AppEvent"];

/** Row counts of the tables an upload writes, read from the file (as a second process would). */
export function tableCounts(db: string): Record<string, number> {
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(TABLES.map((t) => [t, conn.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number]));
  } finally {
    conn.close();
  }
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** the socket error the client saw, if any (a reset instead of an orderly close) */
  error: string | null;
  /** from connecting to the connection's end */
  ms: number;
}

/**
 * An HTTP/1.1 POST over a bare socket, so that a test controls every byte and moment of the body (keeps
 * sending after an answer, stalls). `send` writes the body; the answer is read until the server closes.
 */
export function rawPost(url: string, target: string, headers: Record<string, string>, send: (socket: Socket) => void, timeoutMs = 20_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let error: string | null = null;
    // a server that never ends the connection fails the test instead of hanging it
    const timer = setTimeout(() => socket.destroy(new Error(`no end of the connection within ${timeoutMs} ms`)), timeoutMs);
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    socket.on("close", () => {
      clearTimeout(timer);
      resolve({ ...parseAnswer(Buffer.concat(chunks).toString("utf8")), error, ms: Date.now() - started });
    });
    const head = Object.entries({ Host: `${hostname}:${port}`, ...headers }).map(([k, v]) => `${k}: ${v}\r\n`);
    socket.write(`POST ${target} HTTP/1.1\r\n${head.join("")}\r\n`);
    send(socket);
  });
}

function parseAnswer(raw: string): Omit<RawAnswer, "error" | "ms"> {
  // skip interim answers (100 Continue)
  while (raw.startsWith("HTTP/1.1 1")) raw = raw.slice(raw.indexOf("\r\n\r\n") + 4);
  const end = raw.indexOf("\r\n\r\n");
  if (end === -1) return { status: 0, headers: {}, body: raw };
  const [statusLine, ...lines] = raw.slice(0, end).split("\r\n");
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
  let body = raw.slice(end + 4);
  if (headers["transfer-encoding"] === "chunked") {
    let out = "";
    for (let at = 0; ; ) {
      const lineEnd = body.indexOf("\r\n", at);
      const size = parseInt(body.slice(at, lineEnd), 16);
      if (!(size > 0)) break;
      out += body.slice(lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    body = out;
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

/** Writes `chunk` again and again while the connection takes it, up to `total` bytes. */
export function keepSending(socket: Socket, chunk: Buffer, total: number) {
  let sent = 0;
  const pump = () => {
    while (sent < total && socket.writable) {
      sent += chunk.length;
      if (!socket.write(chunk)) return void socket.once("drain", pump);
    }
  };
  pump();
}
