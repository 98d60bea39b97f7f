// A small implementation of BOSH's go-patch (github.com/cppforlife/go-patch) `replace` and `remove`, written from
// its docs/examples.md and patch/{pointer,replace_op,remove_op}.go: no npm package implements it, and the ops
// files this app generates are proven by applying them with it. The `:prev/:next/:before/:after` index
// modifiers are not needed by those ops files and are refused.

export type PatchOp = { type: "replace"; path: string; value: unknown } | { type: "remove"; path: string };

export class PatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatchError";
  }
}

type Token =
  | { kind: "key"; key: string; optional: boolean }
  | { kind: "index"; index: number }
  | { kind: "append" }
  | { kind: "match"; key: string; value: string; optional: boolean };

const unescape = (s: string) => s.replace(/~1/g, "/").replace(/~7/g, ":").replace(/~0/g, "~");

/** Parses a go-patch pointer; `?` makes that key and every key to its right optional (pointer.go). */
export function parsePointer(path: string): Token[] {
  if (path === "") return [];
  if (!path.startsWith("/")) throw new PatchError(`path "${path}" must start with "/"`);
  const parts = path.split("/").slice(1);
  let optional = false;
  return parts.map((raw, i): Token => {
    if (/:(prev|next|before|after)$/.test(raw)) throw new PatchError(`index modifiers are not supported (path "${path}")`);
    const tok = unescape(raw);
    if (tok === "-" && i === parts.length - 1) return { kind: "append" };
    if (/^-?\d+$/.test(tok)) return { kind: "index", index: Number(tok) };
    if (tok.endsWith("?")) optional = true;
    const eq = tok.indexOf("=");
    if (eq >= 0) return { kind: "match", key: tok.slice(0, eq), value: tok.slice(eq + 1).replace(/\?$/, ""), optional };
    return { kind: "key", key: tok.replace(/\?$/, ""), optional };
  });
}

type Obj = Record<string, unknown>;
const isMap = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function concreteIndex(index: number, arr: unknown[], where: string): number {
  if (index >= arr.length || -index - 1 >= arr.length) throw new PatchError(`expected to find array index ${index} at "${where}"`);
  return index < 0 ? arr.length + index : index;
}

function matches(arr: unknown[], t: { key: string; value: string }): number[] {
  const idxs: number[] = [];
  // go-patch compares the item's value with the pointer's string: `name=1` does not match a number 1
  arr.forEach((item, i) => isMap(item) && item[t.key] === t.value && idxs.push(i));
  return idxs;
}

const pathOf = (upTo: number, full: string) => full.split("/").slice(0, upTo + 2).join("/");

function replace(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  const cloned = structuredClone(value);
  if (tokens.length === 0) return cloned;
  const root = { doc };
  let set = (v: unknown) => (root.doc = v);
  let obj: unknown = doc;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const last = i === tokens.length - 1;
    const where = pathOf(i, path);
    if (t.kind === "key") {
      if (!isMap(obj)) throw new PatchError(`expected a map at "${where}"`);
      const parent = obj;
      const found = Object.hasOwn(parent, t.key);
      if (!found && !t.optional) throw new PatchError(`expected to find key "${t.key}" at "${where}"`);
      if (last) {
        parent[t.key] = cloned;
        break;
      }
      if (!found) {
        const next = tokens[i + 1];
        if (next.kind === "index") throw new PatchError(`expected to find key, matching index or after last index token at "${pathOf(i + 1, path)}"`);
        parent[t.key] = next.kind === "key" ? {} : [];
      }
      obj = parent[t.key];
      set = (v) => (parent[t.key] = v);
      continue;
    }
    if (!Array.isArray(obj)) throw new PatchError(`expected an array at "${where}"`);
    const arr = obj;
    if (t.kind === "append") {
      set([...arr, cloned]);
      break;
    }
    let idx: number;
    if (t.kind === "index") {
      idx = concreteIndex(t.index, arr, where);
    } else {
      const found = matches(arr, t);
      if (t.optional && found.length === 0) {
        const item = last ? cloned : { [t.key]: t.value };
        set([...arr, item]);
        if (last) break;
        obj = item;
        continue;
      }
      if (found.length !== 1) throw new PatchError(`expected to find exactly one matching array item at "${where}" but found ${found.length}`);
      idx = found[0];
    }
    if (last) {
      arr[idx] = cloned;
      break;
    }
    obj = arr[idx];
    set = (v) => (arr[idx] = v);
  }
  return root.doc;
}

function remove(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw new PatchError("cannot remove the entire document");
  const root = { doc };
  let set = (v: unknown) => (root.doc = v);
  let obj: unknown = doc;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const last = i === tokens.length - 1;
    const where = pathOf(i, path);
    if (t.kind === "key") {
      if (!isMap(obj)) throw new PatchError(`expected a map at "${where}"`);
      const parent = obj;
      if (!Object.hasOwn(parent, t.key)) {
        if (t.optional) return root.doc;
        throw new PatchError(`expected to find key "${t.key}" at "${where}"`);
      }
      if (last) {
        delete parent[t.key];
        break;
      }
      obj = parent[t.key];
      set = (v) => (parent[t.key] = v);
      continue;
    }
    if (t.kind === "append") throw new PatchError(`"-" cannot be removed (path "${path}")`);
    if (!Array.isArray(obj)) throw new PatchError(`expected an array at "${where}"`);
    const arr = obj;
    let idx: number;
    if (t.kind === "index") {
      idx = concreteIndex(t.index, arr, where);
    } else {
      const found = matches(arr, t);
      if (t.optional && found.length === 0) return root.doc;
      if (found.length !== 1) throw new PatchError(`expected to find exactly one matching array item at "${where}" but found ${found.length}`);
      idx = found[0];
    }
    if (last) {
      set(arr.filter((_, j) => j !== idx));
      break;
    }
    obj = arr[idx];
    set = (v) => (arr[idx] = v);
  }
  return root.doc;
}

/** Applies ops in order to a copy of `doc`, as `bosh deploy -o` / `bosh int -o` do. */
export function applyOps(doc: unknown, ops: PatchOp[]): unknown {
  let out = structuredClone(doc);
  for (const op of ops) out = op.type === "replace" ? replace(out, op.path, op.value) : remove(out, op.path);
  return out;
}

/** Reads a parsed ops file (a YAML array of `{type, path, value?}`). */
export function toPatchOps(parsed: unknown): PatchOp[] {
  if (!Array.isArray(parsed)) throw new PatchError("an ops file is a YAML array of operations");
  return parsed.map((o, i) => {
    if (!isMap(o) || typeof o.path !== "string") throw new PatchError(`operation ${i} has no path`);
    if (o.type === "replace") return { type: "replace", path: o.path, value: o.value };
    if (o.type === "remove") return { type: "remove", path: o.path };
    throw new PatchError(`operation ${i}: only replace and remove are supported`);
  });
}
