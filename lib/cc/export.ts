// Cloud Controller `cf curl "/v3/apps?include=space.organization&per_page=5000"` pages → apps, spaces and orgs
// (cf-domain.md §4). Pure. Accepts one page, a JSON array of pages, or pages written one after another (the
// output of a `cf curl` loop). Only guids, names, states and relationships are read: labels, annotations and
// links stay behind. Errors name a position, never the content.

export type CcAppState = "STARTED" | "STOPPED";

export interface CcApp {
  guid: string;
  name: string;
  state: CcAppState;
  spaceGuid: string | null;
}

export interface CcExport {
  apps: CcApp[];
  spaces: { guid: string; name: string; orgGuid: string | null }[];
  orgs: { guid: string; name: string }[];
  pages: number;
  /** every app of the foundation is listed: an unfiltered listing with all of its pages */
  listsEveryApp: boolean;
  /** guids a `guids=` filter asked for, every page of that query present, that CC did not return: deleted apps */
  absentGuids: string[];
  warnings: string[];
}

export class CcExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CcExportError";
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const guidOf = (rel: unknown): string | null => (isObj(rel) && isObj(rel.data) ? str(rel.data.guid) : null);

/** Splits concatenated JSON values (objects or arrays) at their top level, tracking strings and escapes. */
function splitValues(text: string): { start: number; json: string }[] {
  const out: { start: number; json: string }[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") {
      if (depth++ === 0) start = i;
    } else if (c === "}" || c === "]") {
      if (--depth === 0) out.push({ start, json: text.slice(start, i + 1) });
      if (depth < 0) throw new CcExportError(`unbalanced JSON at character ${i + 1}`);
    } else if (depth === 0 && !/\s/.test(c)) {
      throw new CcExportError(`unexpected text at character ${i + 1}: expected the JSON output of \`cf curl /v3/apps\``);
    }
  }
  if (depth !== 0 || inString) throw new CcExportError("the JSON ends early: the export was cut off");
  return out;
}

interface Page {
  resources: Obj[];
  included: Obj;
  pagination: Obj;
}

function asPage(v: unknown, n: number): Page {
  if (!isObj(v) || !Array.isArray(v.resources)) {
    if (isObj(v) && Array.isArray(v.errors)) throw new CcExportError(`page ${n} is a Cloud Controller error response, not a list of apps`);
    throw new CcExportError(`page ${n} has no \`resources\` list: expected the output of \`cf curl "/v3/apps?include=space.organization&per_page=5000"\``);
  }
  return { resources: v.resources.filter(isObj), included: isObj(v.included) ? v.included : {}, pagination: isObj(v.pagination) ? v.pagination : {} };
}

/** The query a page belongs to (its `first` link without `page`), its page number and a `guids` filter, if any. */
function queryOf(p: Page): { key: string; page: number; totalPages: number | null; totalResults: number | null; guids: string[] | null } {
  const href = isObj(p.pagination.first) ? str(p.pagination.first.href) : null;
  const totalPages = typeof p.pagination.total_pages === "number" ? p.pagination.total_pages : null;
  const totalResults = typeof p.pagination.total_results === "number" ? p.pagination.total_results : null;
  if (!href) return { key: "", page: 1, totalPages, totalResults, guids: null };
  let url: URL;
  try {
    url = new URL(href, "https://api.invalid");
  } catch {
    return { key: "", page: 1, totalPages, totalResults, guids: null };
  }
  const guids = url.searchParams.get("guids");
  url.searchParams.delete("page");
  // the page a page is: `previous` + 1 (the `first` link always says page=1)
  const prev = isObj(p.pagination.previous) ? str(p.pagination.previous.href) : null;
  let page = 1;
  if (prev) {
    try {
      page = Number(new URL(prev, "https://api.invalid").searchParams.get("page") ?? 0) + 1;
    } catch {
      page = 0;
    }
  }
  return { key: url.pathname + "?" + [...url.searchParams].sort().map(([k, v]) => `${k}=${v}`).join("&"), page, totalPages, totalResults, guids: guids ? guids.split(",").filter(Boolean) : null };
}

/** Reads the pages in order, keeping only what is extracted: each page's parsed JSON can go once it is read. */
export function parseCcExport(text: string): CcExport {
  const values = splitValues(text);
  if (values.length === 0) throw new CcExportError("the export is empty: run the `cf curl` loop again");
  const apps = new Map<string, CcApp>();
  const spaces = new Map<string, CcExport["spaces"][number]>();
  const orgs = new Map<string, CcExport["orgs"][number]>();
  const warnings: string[] = [];
  let skipped = 0;
  let pages = 0;
  const queries = new Map<string, { pages: Set<number>; totalPages: number | null; guids: string[] | null; returned: Set<string> }>();
  const read = (p: Page) => {
    const q = queryOf(p);
    const entry = queries.get(q.key) ?? { pages: new Set(), totalPages: q.totalPages, guids: q.guids, returned: new Set() };
    entry.pages.add(q.page);
    queries.set(q.key, entry);
    for (const r of p.resources) {
      const guid = str(r.guid);
      const name = str(r.name);
      if (!guid || !name || (r.state !== "STARTED" && r.state !== "STOPPED")) {
        skipped++;
        continue;
      }
      entry.returned.add(guid);
      apps.set(guid, { guid, name, state: r.state, spaceGuid: guidOf(isObj(r.relationships) ? r.relationships.space : null) });
    }
    for (const s of Array.isArray(p.included.spaces) ? p.included.spaces.filter(isObj) : []) {
      const guid = str(s.guid);
      const name = str(s.name);
      if (guid && name) spaces.set(guid, { guid, name, orgGuid: guidOf(isObj(s.relationships) ? s.relationships.organization : null) });
    }
    for (const o of Array.isArray(p.included.organizations) ? p.included.organizations.filter(isObj) : []) {
      const guid = str(o.guid);
      const name = str(o.name);
      if (guid && name) orgs.set(guid, { guid, name });
    }
  };
  values.forEach((v, i) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(v.json);
    } catch {
      throw new CcExportError(`JSON value ${i + 1} (at character ${v.start + 1}) is not valid JSON`);
    }
    for (const p of Array.isArray(parsed) ? parsed : [parsed]) read(asPage(p, ++pages));
  });
  if (skipped) warnings.push(`${skipped} resource${skipped === 1 ? " was" : "s were"} skipped: no guid, name or STARTED/STOPPED state`);
  if (spaces.size === 0 && apps.size > 0) warnings.push("no spaces or organizations included: add `include=space.organization` to the query to fill in their names");
  // counted, not enumerated: total_pages is input
  const complete = (q: { pages: Set<number>; totalPages: number | null }) =>
    q.totalPages !== null && [...q.pages].filter((n) => n >= 1 && n <= q.totalPages!).length === q.totalPages;
  const absent = new Set<string>();
  let listsEveryApp = false;
  for (const q of queries.values()) {
    if (!complete(q)) {
      warnings.push(`only ${q.pages.size} of ${q.totalPages ?? "?"} pages of a listing are here: apps it would list on the others cannot be told deleted; fetch every page (follow pagination.next)`);
      continue;
    }
    if (q.guids) q.guids.filter((g) => !q.returned.has(g)).forEach((g) => absent.add(g));
    else listsEveryApp = true;
  }
  for (const g of apps.keys()) absent.delete(g);
  return { apps: [...apps.values()], spaces: [...spaces.values()], orgs: [...orgs.values()], pages, listsEveryApp, absentGuids: [...absent], warnings };
}
