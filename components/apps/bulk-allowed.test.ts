import { describe, expect, it } from "vitest";
import { possibleActions } from "./bulk-allowed";

describe("actions offered for a selection", () => {
  it("offers what the state machine allows from at least one selected status", () => {
    const untriaged = possibleActions(["untriaged"]);
    expect(untriaged).toContain("start_test");
    expect(untriaged).not.toContain("verify");
    const mixed = possibleActions(["untriaged", "testing", "untriaged"]);
    expect(mixed).toEqual(expect.arrayContaining(["start_test", "verify"]));
    // a waiver request may be pending on any app: its decision is offered, the server refuses where none is
    expect(possibleActions(["testing"])).toEqual(expect.arrayContaining(["approve_waiver", "reject_waiver"]));
  });

  it("offers nothing for apps never seen privileged", () => {
    expect(possibleActions([null, null])).toEqual([]);
  });
});
