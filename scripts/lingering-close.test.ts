import { createServer, type Server } from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { lingerAfterEarlyAnswer } from "./lingering-close.mjs";

const ANSWER = '{"error":"line 2 is not valid JSON","line":2}';
let server: Server | null = null;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = null;
});

/** Resolves when the server has closed the connection of its last request. */
let serverClosed: Promise<void> = Promise.resolve();

/** A server that refuses every upload as soon as its first bytes arrive, leaving the rest of the body unread. */
function refusingServer(limits: { bytes: number; ms: number }): Promise<number> {
  server = createServer((req, res) => {
    serverClosed = new Promise((resolve) => req.socket.once("close", () => resolve()));
    lingerAfterEarlyAnswer(req, res, limits);
    req.once("data", () => {
      req.pause();
      res.writeHead(422, { "Content-Type": "application/json", "Content-Length": ANSWER.length, Connection: "close" });
      res.end(ANSWER);
    });
  });
  return new Promise((resolve) => server!.listen(0, "127.0.0.1", () => resolve((server!.address() as net.AddressInfo).port)));
}

/** A client that sends a 100 MB body as fast as it can, whatever it hears back. */
function sendingClient(port: number, opts: { ignoreFin: boolean }) {
  return new Promise<{ answer: string; error: string | null; ms: number }>((resolve) => {
    const started = Date.now();
    const s = net.connect({ port, host: "127.0.0.1", allowHalfOpen: opts.ignoreFin });
    let answer = "";
    let error: string | null = null;
    s.on("data", (d) => (answer += d));
    s.on("error", (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
    s.on("close", () => resolve({ answer, error, ms: Date.now() - started }));
    const total = 100 * 1024 * 1024;
    s.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\n\r\n`);
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < total && !s.destroyed && s.writable) {
        sent += chunk.length;
        if (!s.write(chunk)) return void s.once("drain", pump);
      }
    };
    pump();
  });
}

describe("lingerAfterEarlyAnswer", () => {
  it("lets a client that keeps sending read the whole answer, then closes in order (no reset)", async () => {
    const port = await refusingServer({ bytes: 8 * 1024 * 1024, ms: 2000 });
    const r = await sendingClient(port, { ignoreFin: false });
    expect(r.answer).toMatch(/^HTTP\/1\.1 422 /);
    expect(r.answer).toMatch(/\r\nConnection: close\r\n/i);
    expect(r.answer.endsWith(ANSWER)).toBe(true);
    expect(r.error).toBeNull();
    expect(r.ms).toBeLessThan(2000);
  });

  it("reads at most the byte limit of a client that ignores the close, then cuts it off", async () => {
    const port = await refusingServer({ bytes: 1024 * 1024, ms: 10_000 });
    const r = await sendingClient(port, { ignoreFin: true });
    expect(r.answer.endsWith(ANSWER)).toBe(true);
    expect(r.ms).toBeLessThan(5000);
  });

  it("waits at most the time limit for a client that stalls", async () => {
    const port = await refusingServer({ bytes: 1024 * 1024 * 1024, ms: 300 });
    const client = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    let answer = "";
    client.on("data", (d) => (answer += d));
    client.on("error", () => {});
    const started = Date.now();
    client.write(`POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nfirst bytes`);
    await new Promise((r) => client.once("end", r));
    expect(answer.endsWith(ANSWER)).toBe(true);
    await serverClosed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2000);
    client.destroy();
  });
});
