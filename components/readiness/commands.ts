import { shellQuote } from "@/lib/shell/quote";

/** `foundation` null leaves a placeholder (the upload page before a foundation is chosen). */
const apiUrl = (origin: string | null, foundation: string | null, path: string) =>
  shellQuote(`${origin ?? "http://<host>"}/api/foundations/${foundation === null ? "<name>" : encodeURIComponent(foundation)}/${path}`);

/** Fetch the manifest with the BOSH CLI and upload it without a browser. */
export const manifestCommands = (origin: string | null, foundation: string | null): string[] => [
  "bosh -d cf manifest > manifest.yml",
  `curl --data-binary @manifest.yml -- ${apiUrl(origin, foundation, "manifests")}`,
];

/**
 * Every page of the v3 app listing into one file (the upload reads pages one after another), then upload it.
 * `pagination.next.href` is an absolute URL; `cf curl` wants the path.
 */
export const ccExportCommands = (origin: string | null, foundation: string | null): string[] => [
  "# every page of the v3 app listing, with space and org names, into one file (needs jq)",
  "next='/v3/apps?include=space.organization&per_page=5000'; : > cc-apps.json",
  `while [ -n "$next" ]; do cf curl "$next" > page.json || break; cat page.json >> cc-apps.json; next=$(jq -r '.pagination.next.href // empty' page.json | sed -E 's#^https?://[^/]+##'); done`,
  `curl --data-binary @cc-apps.json -- ${apiUrl(origin, foundation, "cc-apps")}`,
];
