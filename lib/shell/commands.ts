/**
 * The copy-paste commands the dashboard shows. Every name in them is single-quoted (lib/shell/quote.ts) and
 * passed the way the cf CLI reads it intact (lib/shell/cf.ts); a name that cannot be passed safely is left
 * out and a placeholder stands in its place.
 */
import type { NamedRef } from "@/lib/schemas/app";
import { cfOption, cfReadsAsFlag } from "./cf";
import { canShellQuote, shellQuote } from "./quote";

/** A line starting with `#` is shown as a comment and left out of the copied text. */
export const isComment = (line: string): boolean => line.trimStart().startsWith("#");

/** What the copy button puts on the clipboard: the lines that run, as they run. */
export function runnableText(lines: string[]): string {
  return lines.filter((l) => !isComment(l)).join("\n");
}

/** A name the cf CLI can use: unresolved names are guids, which `cf target` and friends do not accept. */
function usableName(ref: NamedRef): string | null {
  return ref.name !== null && ref.name !== ref.guid && canShellQuote(ref.name) ? ref.name : null;
}

const TEST_SUFFIX = "-rootless-test";

export interface AppCommandLines {
  /** some names are guids only (LRPs older than CAPI 1.85): comment lines say how to look them up */
  namesUnknown: boolean;
  /** the app's name starts with "-", which cf always reads as a flag: a comment line says how to rename it */
  appNameIsFlag: boolean;
  target: string[];
  testPush: string[];
  restage: string[];
}

/**
 * cf CLI commands for one app: target its space, test an unprivileged copy in a test space (the one recorded
 * by the workflow's test push when there is one), restage.
 */
export function appCommandLines(app: { guid: string; name: string; org: NamedRef; space: NamedRef; test?: { org: string; space: string; app: string } | null }): AppCommandLines {
  const org = usableName(app.org);
  const space = usableName(app.space);
  const named = app.name !== app.guid && canShellQuote(app.name);
  // cf reads such a name as a flag in every place an app name can take (see cf.ts)
  const appNameIsFlag = named && cfReadsAsFlag(app.name);
  const appName = named && !appNameIsFlag ? app.name : null;

  const comments: string[] = [];
  const apiPath = (path: string) => (canShellQuote(path) ? shellQuote(path) : "<guid>");
  const lookup = (what: string, path: string) => comments.push(`# ${what} name unknown: cf curl ${apiPath(path)} | jq -r .name`);
  if (org === null && app.org.guid !== null) lookup("org", `/v3/organizations/${app.org.guid}`);
  if (space === null && app.space.guid !== null) lookup("space", `/v3/spaces/${app.space.guid}`);
  if (!named) lookup("app", `/v3/apps/${app.guid}`);
  const namesUnknown = comments.length > 0;
  if (appNameIsFlag) {
    comments.push(`# rename the app first: cf curl -X PATCH ${apiPath(`/v3/apps/${app.guid}`)} -d '{"name":"<app>"}'`);
  }

  // Placeholders are quoted too: a block copied unedited fails in cf ("org not found"), not in the shell.
  const target = `cf target ${cfOption("-o", org ?? "<org>")} ${cfOption("-s", space ?? "<space>")}`;
  const recorded = (v: string | undefined) => (v !== undefined && canShellQuote(v) ? v : null);
  const testOrg = recorded(app.test?.org);
  const testSpaceName = recorded(app.test?.space);
  // a test app named like a flag cannot be named to cf, like the app itself
  const testApp = recorded(app.test?.app);
  const testAppName = testApp !== null && !cfReadsAsFlag(testApp) ? testApp : null;
  const testSpace = `${cfOption("-o", testOrg ?? "<test-org>")} ${cfOption("-s", testSpaceName ?? "<test-space>")}`;
  const appWord = shellQuote(appName ?? "<app>");
  const testWord = shellQuote(testAppName ?? (appName ?? "<app>") + TEST_SUFFIX);
  return {
    namesUnknown,
    appNameIsFlag,
    target: [...comments, target],
    testPush: [
      ...(testOrg === null || testSpaceName === null ? ["# replace <test-org> and <test-space> with a space for the test"] : []),
      `cf target ${testSpace}`,
      `cf create-app ${testWord}`,
      target,
      `cf copy-source ${appWord} ${testWord} ${testSpace}`,
    ],
    restage: [target, `cf restage ${appWord} --strategy rolling`],
  };
}

/** `curl` that uploads a dump to this dashboard; `foundation` null leaves a placeholder. */
export function curlUploadLine(origin: string | null, foundation: string | null): string {
  const url = `${origin ?? "http://<host>"}/api/foundations/${foundation === null ? "<name>" : encodeURIComponent(foundation)}/snapshots`;
  return `curl --data-binary @lrps.ndjson -- ${shellQuote(url)}`;
}
