import { describe, expect, it } from "vitest";
import type { AppItemDto } from "@/lib/schemas/app";
import { appsCsvStream, appsJsonStream, type Listing } from "./apps";
import { parseCsv } from "@/lib/testing/csv";

const item = (name: string, i = 0): AppItemDto => ({
  guid: `guid-${i}`,
  name,
  org: { guid: "o", name: "acme" },
  space: { guid: "s", name: "payments" },
  privileged: true,
  status: "untriaged",
  regression: false,
  segment: "shared",
  instances: 2,
  processes: [{ type: "web", lrps: 1, instances: 2, privileged: true }],
  risks: [],
  present: true,
  absentSince: null,
});

function listing(batches: AppItemDto[][], pulled: number[] = []): Listing {
  return {
    total: batches.flat().length,
    batches: async function* () {
      for (const [i, b] of batches.entries()) {
        pulled.push(i);
        yield b;
      }
    },
  };
}

const text = (s: ReadableStream<Uint8Array>) => new Response(s).text();

describe("app export", () => {
  it("neutralises cells a spreadsheet would run as a formula, keeping the text readable", async () => {
    const hostile = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\tleading-tab", "\rleading-cr", "-2+3", "plain, with \"quotes\""];
    const rows = parseCsv(await text(appsCsvStream(listing([hostile.map(item)]))));
    expect(rows[0]).toEqual(["app", "app_guid", "org", "org_guid", "space", "space_guid", "segment", "privileged", "status", "regression", "instances", "processes", "risks", "present", "absent_since"]);
    expect(rows.slice(1).map((r) => r[0])).toEqual([
      `'=HYPERLINK("http://evil.example","click")`,
      "'+cmd|' /C calc'!A0",
      "'@SUM(A1:A9)",
      "'\tleading-tab",
      "'\rleading-cr",
      "'-2+3",
      'plain, with "quotes"',
    ]);
    expect(rows[1]![10]).toBe("2");
  });

  it("pulls a batch only when the reader asks for more", async () => {
    const pulled: number[] = [];
    const reader = appsCsvStream(listing([[item("a", 1)], [item("b", 2)], [item("c", 3)]], pulled)).getReader();
    await reader.read(); // the header
    await reader.read(); // the first batch
    expect(pulled).toEqual([0]);
    await reader.cancel();
  });

  it("writes JSON of every batch with the total, also when empty", async () => {
    const body = JSON.parse(await text(appsJsonStream(listing([[item("a", 1), item("b", 2)], [], [item("c", 3)]])))) as { items: AppItemDto[]; total: number };
    expect(body.total).toBe(3);
    expect(body.items.map((i) => i.name)).toEqual(["a", "b", "c"]);
    expect(JSON.parse(await text(appsJsonStream(listing([]))))).toEqual({ items: [], total: 0 });
  });
});
