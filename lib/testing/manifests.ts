import { readFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { applyOps, toPatchOps } from "@/lib/bosh/go-patch";
import { parseBoshYaml } from "@/lib/bosh/yaml";

// Composed manifests shaped like `bosh -d cf manifest` output (cf-domain.md §6.2), and the real cf-deployment
// v58 samples copied into e2e/fixtures so a bare clone tests the same bytes.

export const FIXTURES = path.join(process.cwd(), "e2e", "fixtures");
export const SAMPLE_MANIFEST_PATH = path.join(FIXTURES, "cf-manifest.yml");
export const SAMPLE_CC_APPS_PATH = path.join(FIXTURES, "cf-curl-v3-apps.json");
const V58 = path.join(FIXTURES, "cf-deployment-v58");

export const sampleManifest = (): string => readFileSync(SAMPLE_MANIFEST_PATH, "utf8");

/** cf-deployment.yml v58 with the named ops files of the sample applied, as `bosh int -o` would. */
export function cfDeploymentV58(...opsFiles: string[]): unknown {
  let doc = parseBoshYaml(readFileSync(path.join(V58, "cf-deployment.yml"), "utf8"));
  for (const f of opsFiles) doc = applyOps(doc, toPatchOps(parseBoshYaml(readFileSync(path.join(V58, f), "utf8"), "ops file")));
  return doc;
}

type Props = Record<string, unknown>;
export interface ComposeOptions {
  gardenVersion?: string;
  /** CC flag values per job; absent job = not in the manifest */
  cc?: Partial<Record<"cloud_controller_ng" | "cloud_controller_worker" | "cloud_controller_clock" | "cc_deployment_updater", { running?: unknown; staging?: unknown }>>;
  legacy?: { nsync?: unknown; stager?: unknown };
  cells?: { name: string; tags?: string[]; rootless?: unknown; containerd?: boolean }[];
  extra?: Props;
}

const ccJob = (name: string, flags: { running?: unknown; staging?: unknown }) => {
  const diego: Props = {};
  if (flags.running !== undefined) diego.use_privileged_containers_for_running = flags.running;
  if (flags.staging !== undefined) diego.use_privileged_containers_for_staging = flags.staging;
  return { name, release: "capi", properties: { cc: { db_encryption_key: "((cc_db_encryption_key))", diego } } };
};

const GROUP_OF = { cloud_controller_ng: "api", cloud_controller_worker: "cc-worker", cloud_controller_clock: "scheduler", cc_deployment_updater: "scheduler" } as const;

/** A manifest object; `composeManifest` gives its YAML text. */
export function composeManifestObject(o: ComposeOptions = {}): Props {
  const cc = o.cc ?? {
    cloud_controller_ng: { running: false, staging: false },
    cloud_controller_worker: { running: false },
    cloud_controller_clock: { running: false },
    cc_deployment_updater: { running: false },
  };
  const groups = new Map<string, Props[]>();
  for (const [job, flags] of Object.entries(cc)) {
    const g = GROUP_OF[job as keyof typeof GROUP_OF];
    groups.set(g, [...(groups.get(g) ?? []), ccJob(job, flags!)]);
  }
  if (o.legacy) {
    const jobs: Props[] = [];
    if ("nsync" in o.legacy) jobs.push({ name: "nsync", release: "capi", properties: { capi: { nsync: { diego_privileged_containers: o.legacy.nsync } } } });
    if ("stager" in o.legacy) jobs.push({ name: "stager", release: "capi", properties: { capi: { stager: { diego_privileged_containers: o.legacy.stager } } } });
    groups.set("cc-bridge", jobs);
  }
  const cells = o.cells ?? [{ name: "diego-cell" }];
  const instanceGroups = [
    ...[...groups].map(([name, jobs]) => ({ name, instances: 2, jobs })),
    ...cells.map((c) => {
      const garden: Props = { deny_networks: ["0.0.0.0/0"] };
      if (c.containerd !== undefined) garden.containerd_mode = c.containerd;
      if (c.rootless !== undefined) garden.experimental_rootless_mode = c.rootless;
      const rep: Props = { preloaded_rootfses: ["cflinuxfs4:/var/vcap/packages/cflinuxfs4/rootfs.tar"] };
      if (c.tags) rep.placement_tags = c.tags;
      return {
        name: c.name,
        instances: 3,
        jobs: [
          { name: "garden", release: "garden-runc", properties: { garden } },
          { name: "rep", release: "diego", properties: { diego: { rep } } },
          { name: "cfdot", release: "diego" },
        ],
      };
    }),
  ];
  return {
    name: "cf",
    instance_groups: instanceGroups,
    releases: [
      { name: "capi", version: "1.180.0" },
      { name: "diego", version: "2.99.0" },
      { name: "garden-runc", version: o.gardenVersion ?? "1.52.0" },
    ],
    ...o.extra,
  };
}

export const composeManifest = (o: ComposeOptions = {}): string => stringify(composeManifestObject(o), { version: "1.1" });
