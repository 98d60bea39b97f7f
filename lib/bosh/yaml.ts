import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { ManifestError } from "./errors";

/** Aliases a manifest may expand: `bosh manifest` output has none (yaml.v2 expands them), hand-written ones a few. */
const MAX_ALIAS_COUNT = 1000;

/**
 * Parses YAML the way BOSH reads it: YAML 1.1 (`on`/`yes`/`y` are booleans, `0755` is octal, `<<` merges), as
 * gopkg.in/yaml.v2 does in bosh-cli. `((variables))` stay plain strings. Errors say where, never what the
 * input said: a manifest carries credentials.
 */
export function parseBoshYaml(text: string, what = "manifest"): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: "1.1", merge: true, uniqueKeys: false, prettyErrors: false, lineCounter });
  const err = doc.errors[0];
  if (err) {
    const line = lineCounter.linePos(err.pos[0]).line;
    throw new ManifestError(`the ${what} is not valid YAML (${err.code.toLowerCase().replace(/_/g, " ")}${line ? ` at line ${line}` : ""})`, line);
  }
  keepReleaseVersionsAsText(doc);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    throw new ManifestError(`the ${what} expands too many YAML aliases (more than ${MAX_ALIAS_COUNT})`);
  }
}

/** `version: 1.60` is the float 1.6 in YAML, but BOSH compares release versions as text: keep what was written. */
function keepReleaseVersionsAsText(doc: Document) {
  const releases = isMap(doc.contents) ? doc.contents.get("releases", true) : undefined;
  if (!isSeq(releases)) return;
  for (const item of releases.items) {
    const version = isMap(item) ? item.get("version", true) : undefined;
    if (isScalar(version) && typeof version.value === "number" && version.source) version.value = version.source;
  }
}
