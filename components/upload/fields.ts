import { FOUNDATION_NAME } from "@/lib/schemas/foundation";

/** Why a foundation name is refused, in words that say how to fix it; undefined when it is fine. */
export function validateFoundation(name: string): string | undefined {
  if (name === "") return "Enter the foundation's name, e.g. prod-us-east.";
  if (FOUNDATION_NAME.test(name)) return undefined;
  if (name.length > 63) return `The name is ${name.length} characters long; at most 63 are allowed.`;
  const problems: string[] = [];
  if (/[A-Z]/.test(name)) problems.push("upper-case letters");
  if (/\s/.test(name)) problems.push("spaces");
  if (/[^A-Za-z0-9\s-]/.test(name)) problems.push("characters other than dashes");
  if (name.startsWith("-")) problems.push("a leading dash");
  return `Use lower-case letters, digits and dashes only (a slug such as prod-us-east); this name has ${problems.join(" and ")}.`;
}

/** datetime-local gives a local wall-clock time without zone: read it as local, send it as ISO UTC. */
export function localToIsoUtc(local: string): string | null {
  if (local === "") return null;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(".000Z", "Z");
}
