import "server-only";

/**
 * A file the browser saves rather than shows. `fileName` comes from lib/export/download.ts, which leaves
 * nothing in it that needs quoting; `no-store`: an export is the data as of now.
 */
export function attachment(body: ReadableStream<Uint8Array> | string, contentType: string, fileName: string): Response {
  return new Response(body, {
    headers: { "Content-Type": contentType, "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
  });
}
