import { createHash } from "node:crypto";
import { emptyStats, generateDumpLines } from "../../scripts/gen-dump.mjs";

/** A deterministic uuid-shaped string for a seed. */
const uuid = (seed: string) => {
  const h = createHash("sha256").update(seed).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const PROCESS_GUID = /("process_guid":"[0-9a-f-]{36})-[0-9a-f-]{36}"/;

/**
 * The next day's dump of a foundation: about 1 % of its apps changed the way they do in real life. An app
 * restaged or restarted gets a new LRP (new process version) that flips privilege; one scaled keeps its LRP
 * with other instances; some apps stop (their LRPs are gone); new apps appear.
 */
export function nextDay(lines: string[], day: number): string[] {
  const out: string[] = [];
  lines.forEach((line, i) => {
    const k = (i + day * 37) % 300;
    if (k === 11) return; // stopped
    if (k === 7 || k === 107 || k === 207) {
      const flipped = line.includes('"privileged":true') ? line.replace('"privileged":true', '"privileged":false') : line.replace('"privileged":false', '"privileged":true');
      out.push(flipped.replace(PROCESS_GUID, `$1-${uuid(`${day}:${i}`)}"`));
      return;
    }
    if (k === 13) {
      out.push(line.replace(/"instances":(\d+)/, (_, n: string) => `"instances":${Number(n) + 1}`));
      return;
    }
    out.push(line);
  });
  out.push(...generateDumpLines({ lrps: Math.ceil(lines.length / 300), seed: `new-apps-${day}`, stats: emptyStats() }));
  return out;
}
