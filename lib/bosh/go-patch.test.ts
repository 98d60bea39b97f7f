import { describe, expect, it } from "vitest";
import { applyOps, PatchError, toPatchOps, type PatchOp } from "./go-patch";
import { parseBoshYaml } from "./yaml";

// The document and operations of go-patch's docs/examples.md ("Operations"), one test per documented example.
const DOC = parseBoshYaml(`
key: 1

key2:
  nested:
    super_nested: 2
  other: 3

array: [4,5,6]

items:
- name: item7
- name: item8
- name: item8
`);

const replace = (path: string, value: unknown = 10): PatchOp[] => [{ type: "replace", path, value }];

describe("go-patch replace on hashes (docs/examples.md)", () => {
  it("sets key to 10", () => {
    expect(applyOps(DOC, replace("/key"))).toMatchObject({ key: 10 });
  });
  it("errors on /key_not_there because it has no ?", () => {
    expect(() => applyOps(DOC, replace("/key_not_there"))).toThrow(PatchError);
  });
  it("creates new_key because it ends with ?", () => {
    expect(applyOps(DOC, replace("/new_key?"))).toMatchObject({ new_key: 10, key: 1 });
  });
  it("sets key2/nested/super_nested when both hashes exist", () => {
    expect(applyOps(DOC, replace("/key2/nested/super_nested"))).toMatchObject({ key2: { nested: { super_nested: 10 }, other: 3 } });
  });
  it("carries ? over to the keys on its right and creates them", () => {
    expect(applyOps(DOC, replace("/key2/nested?/another_nested/super_nested"))).toEqual({
      ...(DOC as object),
      key2: { nested: { another_nested: { super_nested: 10 }, super_nested: 2 }, other: 3 },
    });
  });
  it("requires the hashes left of the first ?", () => {
    expect(() => applyOps(DOC, replace("/key3/nested?/x"))).toThrow(/key3/);
  });
});

describe("go-patch replace on arrays (docs/examples.md)", () => {
  it("replaces the 0th item", () => {
    expect(applyOps(DOC, replace("/array/0"))).toMatchObject({ array: [10, 5, 6] });
  });
  it("appends with -", () => {
    expect(applyOps(DOC, replace("/array/-"))).toMatchObject({ array: [4, 5, 6, 10] });
  });
  it("creates array2 with ? and appends to it", () => {
    expect(applyOps(DOC, replace("/array2?/-"))).toMatchObject({ array2: [10] });
  });
  it("counts negative indexes from the end (pointer syntax: /-1)", () => {
    expect(applyOps(DOC, replace("/array/-1"))).toMatchObject({ array: [4, 5, 10] });
  });
  it("errors on an index past the end", () => {
    expect(() => applyOps(DOC, replace("/array/3"))).toThrow(PatchError);
  });
  it("refuses the :prev/:next/:before/:after modifiers it does not implement", () => {
    expect(() => applyOps(DOC, replace("/array/1:prev"))).toThrow(/modifiers/);
  });
});

describe("go-patch replace on arrays of hashes (docs/examples.md)", () => {
  it("finds the item with name=item7 and sets a key in it", () => {
    // docs/examples.md says `/items/name=item7/count` adds count; replace_op.go errors on a missing key without
    // `?` (as BOSH does), so the example needs `count?` to behave as documented.
    expect(applyOps(DOC, replace("/items/name=item7/count?"))).toMatchObject({ items: [{ name: "item7", count: 10 }, { name: "item8" }, { name: "item8" }] });
    expect(() => applyOps(DOC, replace("/items/name=item7/count"))).toThrow(/count/);
  });
  it("errors when two items have name item8", () => {
    expect(() => applyOps(DOC, replace("/items/name=item8/count?"))).toThrow(/found 2/);
  });
  it("appends an item name=item9 with ? and creates count in it", () => {
    expect(applyOps(DOC, replace("/items/name=item9?/count"))).toMatchObject({
      items: [{ name: "item7" }, { name: "item8" }, { name: "item8" }, { name: "item9", count: 10 }],
    });
  });
  it("appends the whole value when an optional name= selector is last (cf-deployment's netplugin-server op)", () => {
    const out = applyOps(DOC, replace("/items/name=item9?", { name: "item9", x: 1 })) as { items: unknown[] };
    expect(out.items.at(-1)).toEqual({ name: "item9", x: 1 });
  });
});

describe("go-patch remove", () => {
  it("removes a key, an array item by index and a hash by name=", () => {
    const out = applyOps(DOC, [
      { type: "remove", path: "/key" },
      { type: "remove", path: "/array/0" },
      { type: "remove", path: "/items/name=item7" },
    ]);
    expect(out).toMatchObject({ array: [5, 6], items: [{ name: "item8" }, { name: "item8" }] });
    expect(out).not.toHaveProperty("key");
  });
  it("does nothing for a missing optional key or item, errors for a missing required one", () => {
    expect(applyOps(DOC, [{ type: "remove", path: "/key2/nested/absent?" }])).toEqual(DOC);
    expect(applyOps(DOC, [{ type: "remove", path: "/items/name=item9?/count" }])).toEqual(DOC);
    expect(() => applyOps(DOC, [{ type: "remove", path: "/absent" }])).toThrow(PatchError);
  });
  it("never changes its input", () => {
    const before = structuredClone(DOC);
    applyOps(DOC, [{ type: "remove", path: "/key2/nested" }, ...replace("/array/-")]);
    expect(DOC).toEqual(before);
  });
});

describe("ops files", () => {
  it("reads type/path/value and refuses other operation types", () => {
    expect(toPatchOps(parseBoshYaml("- {type: replace, path: /a?, value: 1}\n- {type: remove, path: /b?}"))).toHaveLength(2);
    expect(() => toPatchOps(parseBoshYaml("- {type: move, path: /a}"))).toThrow(/replace and remove/);
  });
});
