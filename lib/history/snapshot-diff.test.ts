import { describe, expect, it } from "vitest";
import { diffSpanEdges, type EdgeState } from "./snapshot-diff";

const s = (guid: string, privileged: boolean, at = ""): EdgeState<string> => ({ guid, privileged, at });
const guids = (l: EdgeState<string>[]) => l.map((e) => e.guid).sort();

describe("diffSpanEdges", () => {
  it("sorts each changed app into one list, and leaves out apps whose privilege did not change", () => {
    const d = diffSpanEdges(
      [s("fixed", true), s("newly", false), s("gone", true), s("resized", true)],
      [s("fixed", false), s("newly", true), s("new", true), s("resized", true, "other space")],
    );
    expect(guids(d.fixed)).toEqual(["fixed"]);
    expect(guids(d.newlyPrivileged)).toEqual(["newly"]);
    expect(guids(d.absent)).toEqual(["gone"]);
    expect(guids(d.added)).toEqual(["new"]);
  });

  it("keeps the previous state of an absent app and the new state of the others", () => {
    const d = diffSpanEdges([s("gone", true, "old org"), s("fixed", true, "old org")], [s("fixed", false, "new org")]);
    expect(d.absent).toEqual([s("gone", true, "old org")]);
    expect(d.fixed).toEqual([s("fixed", false, "new org")]);
  });

  it("has nothing to say when no span ended or began", () => {
    expect(diffSpanEdges([], [])).toEqual({ newlyPrivileged: [], fixed: [], absent: [], added: [] });
  });
});
