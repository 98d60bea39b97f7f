import { readFileSync } from "node:fs";
import { SAMPLE_DUMP_PATH } from "@/lib/testing/samples";
import { describe, expect, it } from "vitest";
import {
  DumpFormatError,
  extractLrp,
  MAX_GUID_CHARS,
  MAX_NAME_BYTES,
  MAX_OTHER_GUID_BYTES,
  MAX_PLACEMENT_TAGS,
  MAX_ROOTFS_BYTES,
  MAX_VOLUME_MOUNTS,
  normalizeRootfs,
  RISK_CATEGORIES,
  riskCategories,
} from "./extract";

const SAMPLE = SAMPLE_DUMP_PATH;
const sampleLines = readFileSync(SAMPLE, "utf8").split("\n").filter((l) => l.trim() !== "");

function sample(n: number): Record<string, unknown> {
  return JSON.parse(sampleLines[n - 1]) as Record<string, unknown>;
}

const APP = "11111111-2222-4333-8444-555555555555";
const VERSION = "66666666-7777-4888-9999-000000000000";

/** A minimal current-CC LRP; `over` replaces top-level keys, `run` replaces launcher run keys. */
function lrp(over: Record<string, unknown> = {}, run: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    process_guid: `${APP}-${VERSION}`,
    domain: "cf-apps",
    rootfs: "preloaded:cflinuxfs4",
    instances: 1,
    env: [{ name: "LANG", value: "en_US.UTF-8" }],
    action: {
      codependent: {
        actions: [
          {
            run: {
              path: "/tmp/lifecycle/launcher",
              args: ["app", "bundle exec rackup", ""],
              env: [{ name: "PORT", value: "8080" }],
              user: "vcap",
              log_source: "APP/PROC/WEB",
              ...run,
            },
          },
        ],
      },
    },
    disk_mb: 1024,
    memory_mb: 256,
    privileged: true,
    log_guid: APP,
    annotation: "1700000000.5",
    ...over,
  };
}

function thrown(fn: () => unknown): DumpFormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DumpFormatError);
    return e as DumpFormatError;
  }
  throw new Error("expected a DumpFormatError");
}

describe("extractLrp on the sample dump", () => {
  it("has three sample lines", () => {
    expect(sampleLines).toHaveLength(3);
  });

  it("line 1: privileged app on an isolation segment, with names and a weak mount hint", () => {
    const r = extractLrp(sample(1), 1);
    expect(r).toEqual({
      line: 1,
      processGuid: "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f-e0a1b2c3-d4e5-4f60-8a71-b2c3d4e5f607",
      domain: "cf-apps",
      appGuid: "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f",
      processType: "web",
      instances: 2,
      memoryMb: 512,
      diskMb: 1024,
      rootfs: "cflinuxfs4",
      privileged: true,
      placementTags: ["persistent_isolation_segment"],
      annotation: 1718031234.567891,
      appName: "legacy-sftp-sync",
      orgGuid: "6f1c2f0e-8d5b-4f5e-9a43-2b7f0c1d9e11",
      orgName: "acme-prod",
      spaceGuid: "0b9e7c44-3a2d-4c1e-b6a5-5d8f1e2a7c30",
      spaceName: "payments",
      processId: "3c2a9f6e-1b4d-4e8a-9f70-6a5b4c3d2e1f",
      volumeDrivers: [],
      hints: [{ kind: "command", keyword: "mount" }],
    });
    expect(riskCategories(r.hints)).toEqual(["mount"]);
  });

  it("line 2: rolling deploy — process guid no longer starts with the app guid; log_guid is the app", () => {
    const r = extractLrp(sample(2), 2);
    expect(r.processGuid.startsWith("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a")).toBe(false);
    expect(r.appGuid).toBe("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a");
    expect(r.processId).toBe("4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8");
    expect(r.processType).toBe("web");
    expect(r.privileged).toBe(false);
    expect(r.instances).toBe(3);
    expect(r.placementTags).toEqual([]);
    expect(r.appName).toBe("checkout-api");
    expect(r.hints).toEqual([]);
    expect(r.line).toBe(2);
  });

  it("line 3: no metric_tags — guids from network.properties, type from log_source, names null", () => {
    const r = extractLrp(sample(3), 3);
    expect(r.appGuid).toBe("7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d");
    expect(r.orgGuid).toBe("5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c");
    expect(r.spaceGuid).toBe("2f3e4d5c-6b7a-4981-a0b1-c2d3e4f5a6b7");
    expect(r.processType).toBe("web");
    expect(r.appName).toBeNull();
    expect(r.orgName).toBeNull();
    expect(r.spaceName).toBeNull();
    expect(r.processId).toBeNull();
    expect(r.rootfs).toBe("cflinuxfs3");
    expect(r.annotation).toBe(1529012345);
    expect(r.privileged).toBe(true);
  });
});

describe("extractLrp identity and eras", () => {
  it("CAPI 1.76–1.84 tags without names leave names null and fall back to network guids", () => {
    const r = extractLrp(
      lrp({
        metric_tags: {
          instance_id: { dynamic: "INDEX" },
          process_id: { static: APP },
          process_instance_id: { dynamic: "INSTANCE_GUID" },
          process_type: { static: "worker" },
          source_id: { static: APP },
        },
        network: { properties: { app_id: APP, org_id: "org-guid", space_id: "space-guid" } },
      }),
      7,
    );
    expect(r.appName).toBeNull();
    expect(r.orgName).toBeNull();
    expect(r.spaceName).toBeNull();
    expect(r.orgGuid).toBe("org-guid");
    expect(r.spaceGuid).toBe("space-guid");
    expect(r.processType).toBe("worker");
    expect(r.processId).toBe(APP);
  });

  it("falls back to certificate_properties for org and space, and to process_guid for the app", () => {
    const r = extractLrp(
      lrp({
        log_guid: "",
        action: undefined,
        certificate_properties: { organizational_unit: ["organization:o-1", "space:s-1", "app:a-1"] },
      }),
      1,
    );
    expect(r.orgGuid).toBe("o-1");
    expect(r.spaceGuid).toBe("s-1");
    expect(r.appGuid).toBe("a-1");

    const bare = extractLrp(lrp({ log_guid: undefined, action: undefined }), 1);
    expect(bare.appGuid).toBe(APP);
    expect(bare.processType).toBe("web");
    expect(bare.orgGuid).toBeNull();
  });

  it("reads only static tag values and treats empty names as missing", () => {
    const r = extractLrp(
      lrp({
        metric_tags: {
          app_name: { dynamic: "INDEX" },
          organization_name: { static: "" },
          space_name: { static: "dev" },
          organization_id: { static: "tag-org" },
        },
        network: { properties: { org_id: "net-org" } },
      }),
      1,
    );
    expect(r.appName).toBeNull();
    expect(r.orgName).toBeNull();
    expect(r.spaceName).toBe("dev");
    expect(r.orgGuid).toBe("tag-org");
  });

  it("docker app: userinfo and tag are dropped, privileged false", () => {
    const r = extractLrp(
      lrp({ rootfs: "docker://user:secret@registry.example.com/team/img#v1", privileged: false, env: null }),
      1,
    );
    expect(r.rootfs).toBe("docker://registry.example.com/team/img");
    expect(r.privileged).toBe(false);
    expect(JSON.stringify(r)).not.toContain("secret");
  });

  it("normalizes rootfs forms", () => {
    expect(normalizeRootfs("docker:///cloudfoundry/grace#latest")).toBe("docker:///cloudfoundry/grace");
    expect(normalizeRootfs("docker://u:p/w#x@host/img#v1")).toBe("docker://host/img");
    expect(normalizeRootfs("docker://u:p@host/img@sha256:" + "a".repeat(64))).toBe("docker://host/img");
    expect(normalizeRootfs("preloaded+layer:cflinuxfs4?layer=https://cc/droplet?token=T")).toBe("cflinuxfs4");
    expect(normalizeRootfs("/var/vcap/rootfs")).toBe("");
    expect(normalizeRootfs(undefined)).toBe("");
  });

  it("APP/REV/3/PROC/WORKER gives worker", () => {
    const r = extractLrp(lrp({ process_guid: `aaaaaaaa-2222-4333-8444-555555555555-${VERSION}` }, { log_source: "APP/REV/3/PROC/WORKER" }), 1);
    expect(r.processType).toBe("worker");
  });

  it("finds the launcher through timeout/serial nesting and ignores sidecar-only suffixes", () => {
    const r = extractLrp(
      lrp({
        action: {
          timeout: {
            timeout_ms: 1000,
            action: {
              serial: {
                actions: [
                  { download: { from: "x", to: "y" } },
                  { run: { path: "/tmp/lifecycle/launcher", args: ["app", "sidecar", ""], log_source: "APP/PROC/CLOCK/SIDECAR/PROXY" } },
                ],
              },
            },
          },
        },
      }),
      1,
    );
    expect(r.processType).toBe("clock");
  });

  it("unknown process type when nothing identifies it", () => {
    const r = extractLrp(lrp({ action: undefined, process_guid: "not-the-app-guid" }), 1);
    expect(r.processType).toBe("unknown");
  });

  it("decodes \\u003c-escaped names as cfdot writes them", () => {
    const raw = JSON.stringify(lrp({ metric_tags: { app_name: { static: "PLACEHOLDER" } } })).replace(
      '"PLACEHOLDER"',
      '"a\\u003cb\\u0026c\\u003e"',
    );
    expect(raw).toContain("\\u003c");
    const r = extractLrp(JSON.parse(raw), 1);
    expect(r.appName).toBe("a<b&c>");
  });

  it("other domains get no app guid or names but are still extracted", () => {
    const r = extractLrp(
      lrp({
        domain: "cf-networking",
        process_guid: "policy-server-asg-syncer",
        metric_tags: { app_name: { static: "x" }, organization_id: { static: "o" } },
      }),
      4,
    );
    expect(r.domain).toBe("cf-networking");
    expect(r.appGuid).toBeNull();
    expect(r.appName).toBeNull();
    expect(r.orgGuid).toBe("o");
    expect(r.line).toBe(4);
  });

  it("missing numbers default to 0; annotation that is not numeric is null", () => {
    const r = extractLrp(lrp({ instances: undefined, memory_mb: undefined, disk_mb: undefined, annotation: "soon" }), 1);
    expect([r.instances, r.memoryMb, r.diskMb]).toEqual([0, 0, 0]);
    expect(r.annotation).toBeNull();
    expect(extractLrp(lrp({ annotation: undefined }), 1).annotation).toBeNull();
  });

  it("tolerates unknown keys and future fields", () => {
    const r = extractLrp(lrp({ update_strategy: 1, volume_mounted_files: null, some_2030_field: { a: [1] } }), 1);
    expect(r.privileged).toBe(true);
  });
});

describe("risk hints", () => {
  it("sshfs in the start command is a strong hint and suppresses the weak mount", () => {
    const r = extractLrp(lrp({}, { args: ["app", "sshfs u@h:/data /home/vcap/mnt && fusermount -V && mount", ""] }), 1);
    expect(r.hints).toEqual([
      { kind: "command", keyword: "sshfs" },
      { kind: "command", keyword: "fusermount" },
    ]);
    expect(riskCategories(r.hints)).toEqual(["fuse"]);
  });

  it("finds each strong keyword, including rclone mount with flags between", () => {
    for (const [cmd, kw] of [
      ["ls /dev/fuse", "/dev/fuse"],
      ["s3fs bucket /mnt", "s3fs"],
      ["gcsfuse b /mnt", "gcsfuse"],
      ["goofys b /mnt", "goofys"],
      ["rclone --config /x mount r: /mnt", "rclone mount"],
    ]) {
      expect(extractLrp(lrp({}, { args: ["app", cmd, ""] }), 1).hints).toEqual([{ kind: "command", keyword: kw }]);
    }
  });

  it("weak mount matches on word boundaries only", () => {
    const hints = (cmd: string) => extractLrp(lrp({}, { args: ["app", cmd, ""] }), 1).hints;
    expect(hints("./run --mount /data")).toEqual([{ kind: "command", keyword: "mount" }]);
    expect(hints("./pay --amount 3")).toEqual([]);
    expect(hints("./climb mountain")).toEqual([]);
  });

  it("SSHFS_* env names are hints, from the run action or top-level env", () => {
    const a = extractLrp(lrp({}, { env: [{ name: "SSHFS_HOST", value: "h" }] }), 1);
    expect(a.hints).toEqual([{ kind: "env", keyword: "SSHFS_" }]);
    expect(riskCategories(a.hints)).toEqual(["fuse-env"]);
    const b = extractLrp(lrp({ env: [{ name: "SSHFS_USER", value: "u" }, { name: "SSHFS_PASS", value: "p" }] }), 1);
    expect(b.hints).toEqual([{ kind: "env", keyword: "SSHFS_" }]);
  });

  it("VCAP_SERVICES labels mentioning sshfs or fuse are hints; non-JSON values are ignored", () => {
    const services = JSON.stringify({
      "cf-sshfs": [{ label: "cf-sshfs", name: "storage", credentials: { host: "h", password: "p" } }],
      "user-provided": [{ label: "user-provided", name: "fuse-named-but-not-a-label" }],
    });
    const r = extractLrp(lrp({}, { env: [{ name: "VCAP_SERVICES", value: services }] }), 1);
    expect(r.hints).toEqual([{ kind: "service", keyword: "sshfs" }]);
    expect(riskCategories(r.hints)).toEqual(["fuse-service"]);

    const fuse = JSON.stringify({ "s3-fuse": [{ label: "s3-fuse" }] });
    expect(extractLrp(lrp({ env: [{ name: "VCAP_SERVICES", value: fuse }] }), 1).hints).toEqual([{ kind: "service", keyword: "fuse" }]);

    expect(extractLrp(lrp({}, { env: [{ name: "VCAP_SERVICES", value: "sshfs {not json" }] }), 1).hints).toEqual([]);
  });

  it("volume_mounts give one hint per driver", () => {
    const r = extractLrp(
      lrp({
        volume_mounts: [
          { driver: "nfsv3driver", container_dir: "/data", mode: "rw", shared: { volume_id: "v", mount_config: "{}" } },
          { driver: "nfsv3driver", container_dir: "/more", mode: "r" },
          { driver: "smbdriver", container_dir: "/smb", mode: "rw" },
        ],
      }),
      1,
    );
    expect(r.volumeDrivers).toEqual(["nfsv3driver", "smbdriver"]);
    expect(r.hints).toEqual([
      { kind: "volume", keyword: "nfsv3driver" },
      { kind: "volume", keyword: "smbdriver" },
    ]);
    expect(riskCategories(r.hints)).toEqual(["volume"]);
  });

  it("riskCategories is sorted and distinct", () => {
    expect(
      riskCategories([
        { kind: "volume", keyword: "nfsv3driver" },
        { kind: "command", keyword: "mount" },
        { kind: "service", keyword: "fuse" },
        { kind: "env", keyword: "SSHFS_" },
        { kind: "command", keyword: "sshfs" },
        { kind: "command", keyword: "s3fs" },
      ]),
    ).toEqual([...RISK_CATEGORIES]);
    expect(riskCategories([])).toEqual([]);
  });
});

describe("extractLrp format errors", () => {
  it("missing privileged → scheduling-infos message", () => {
    const rec = lrp();
    delete rec.privileged;
    const e = thrown(() => extractLrp(rec, 12));
    expect(e.line).toBe(12);
    expect(e.message).toContain("line 12");
    expect(e.message).toContain("cfdot desired-lrp-scheduling-infos");
    expect(e.message).toContain("cannot show privilege");
    expect(e.message).toContain("cfdot desired-lrps");
  });

  it("actual-lrps shape → actual-lrps message", () => {
    const e = thrown(() =>
      extractLrp({ process_guid: `${APP}-${VERSION}`, index: 0, domain: "cf-apps", instance_guid: "i", cell_id: "c", state: "RUNNING" }, 3),
    );
    expect(e.message).toContain("cfdot actual-lrps");
    expect(e.message).toContain("cfdot desired-lrps");
    expect(e.line).toBe(3);
  });

  it("a /v3/apps page belongs on the cc-apps upload", () => {
    const e = thrown(() => extractLrp({ pagination: { total_results: 1 }, resources: [] }, 1));
    expect(e.message).toContain("cc-apps");
  });

  it("non-objects are rejected with the line number", () => {
    for (const v of [[1, 2], 42, "x", null, true]) {
      const e = thrown(() => extractLrp(v, 5));
      expect(e.message).toMatch(/^line 5 is not a JSON object/);
      expect(e.line).toBe(5);
    }
  });

  it("missing or empty process_guid and non-boolean privileged are rejected", () => {
    const noGuid = lrp();
    delete noGuid.process_guid;
    expect(thrown(() => extractLrp(noGuid, 1)).message).toContain("process_guid");
    expect(thrown(() => extractLrp(lrp({ process_guid: "" }), 1)).message).toContain("process_guid");
    expect(thrown(() => extractLrp(lrp({ privileged: "true" }), 1)).message).toContain("`privileged` is not true or false");
  });

  it("non-numeric instances is rejected", () => {
    const e = thrown(() => extractLrp(lrp({ instances: "2" }), 9));
    expect(e.message).toContain("line 9: `instances` is not a number");
    expect(thrown(() => extractLrp(lrp({ memory_mb: {} }), 9)).message).toContain("`memory_mb`");
  });
});

describe("field limits", () => {
  /** A value of exactly `bytes` UTF-8 bytes that starts with a marker, so a message quoting it would show. */
  const sized = (bytes: number, unit = "x") => {
    const head = "QUOTED";
    return head + unit.repeat(Math.floor((bytes - head.length) / Buffer.byteLength(unit))) + "x".repeat((bytes - head.length) % Buffer.byteLength(unit));
  };
  const tag = (v: string) => ({ static: v });
  const withTags = (tags: Record<string, unknown>) => lrp({ metric_tags: { app_name: tag("a"), ...tags } });

  function rejected(value: Record<string, unknown>, field: RegExp | string): DumpFormatError {
    const e = thrown(() => extractLrp(value, 42));
    expect(e.line).toBe(42);
    expect(e.message).toMatch(/^line 42\b/);
    expect(e.message).toMatch(field);
    expect(e.message).not.toContain("QUOTED");
    return e;
  }

  it("names of 255 bytes are kept; 256 bytes is an error naming the line and the field, never the value", () => {
    for (const [key, field] of [
      ["app_name", "app_name"],
      ["organization_name", "organization_name"],
      ["space_name", "space_name"],
      ["process_type", "process_type"],
    ] as const) {
      expect(Buffer.byteLength(sized(MAX_NAME_BYTES, "é"))).toBe(MAX_NAME_BYTES);
      expect(() => extractLrp(withTags({ [key]: tag(sized(MAX_NAME_BYTES, "é")) }), 1)).not.toThrow();
      // 2-byte characters: the limit is in bytes, as CC counts, not in characters
      rejected(withTags({ [key]: tag(sized(MAX_NAME_BYTES + 1, "é")) }), field);
    }
    const longType = `APP/PROC/${sized(MAX_NAME_BYTES + 1)}`;
    rejected(lrp({}, { log_source: longType }), "process_type");
  });

  it("cf-apps guids are at most 128 printable ASCII characters without spaces", () => {
    const ok = "a".repeat(MAX_GUID_CHARS);
    expect(extractLrp(lrp({ process_guid: ok, log_guid: ok }), 1).processGuid).toBe(ok);
    rejected(lrp({ process_guid: `QUOTED${"a".repeat(MAX_GUID_CHARS)}` }), "process_guid");
    for (const bad of ["QUOTED with space", "QUOTED\u0000", "QUOTED\n", "QUOTEDé", "QUOTED\u007f"]) {
      rejected(lrp({ log_guid: bad }), "app guid");
    }
    rejected(lrp({ metric_tags: { organization_id: tag(`QUOTED ${APP}`) } }), "organization guid");
    rejected(lrp({ network: { properties: { space_id: "QUOTED".repeat(30) } } }), "space guid");
    rejected(withTags({ process_id: tag("QUOTED\t") }), "process_id");
  });

  it("other domains keep their own guid shapes, bounded at 1024 bytes", () => {
    const odd = `task guid with spaces/é/${"x".repeat(500)}`;
    const r = extractLrp(lrp({ domain: "routing", process_guid: odd }), 1);
    expect(r.processGuid).toBe(odd);
    rejected(lrp({ domain: "routing", process_guid: sized(MAX_OTHER_GUID_BYTES + 1) }), "process_guid");
    rejected(lrp({ domain: "routing", network: { properties: { org_id: sized(MAX_OTHER_GUID_BYTES + 1) } } }), "organization guid");
    rejected(lrp({ domain: sized(MAX_NAME_BYTES + 1) }), "domain");
  });

  it("at most 64 placement tags, each a bounded name", () => {
    const tags = Array.from({ length: MAX_PLACEMENT_TAGS }, (_, i) => `segment-${i}`);
    expect(extractLrp(lrp({ placement_tags: tags }), 1).placementTags).toHaveLength(MAX_PLACEMENT_TAGS);
    rejected(lrp({ placement_tags: [...tags, "QUOTED"] }), `more than ${MAX_PLACEMENT_TAGS} placement tags`);
    rejected(lrp({ placement_tags: [sized(MAX_NAME_BYTES + 1)] }), "placement_tags");
  });

  it("rootfs and volume drivers are bounded too", () => {
    rejected(lrp({ rootfs: `docker://registry.example/${sized(MAX_ROOTFS_BYTES)}` }), "rootfs");
    const mounts = Array.from({ length: MAX_VOLUME_MOUNTS + 1 }, () => ({ driver: "nfsv3driver" }));
    rejected(lrp({ volume_mounts: mounts }), `more than ${MAX_VOLUME_MOUNTS} volume mounts`);
    rejected(lrp({ volume_mounts: [{ driver: sized(MAX_NAME_BYTES + 1) }] }), "volume_mounts driver");
  });
});

describe("secrets never leave extractLrp", () => {
  const C = "CANARY-7f3a";

  function canaryRecord(): Record<string, unknown> {
    const services = JSON.stringify({
      [`sshfs-${C}`]: [{ label: `cf-sshfs-${C}`, name: C, credentials: { host: C, password: C, uri: `ssh://${C}@h` } }],
    });
    const env = [
      { name: "VCAP_SERVICES", value: services },
      { name: "VCAP_APPLICATION", value: JSON.stringify({ application_name: C, uris: [C] }) },
      { name: "SSHFS_PASSWORD", value: C },
      { name: "DB_URL", value: `postgres://u:${C}@db/x` },
    ];
    return {
      process_guid: `${APP}-${VERSION}`,
      domain: "cf-apps",
      rootfs: `docker://${C}:${C}@registry.example.com/img#${C}`,
      instances: 1,
      env,
      action: {
        codependent: {
          actions: [
            {
              run: {
                path: "/tmp/lifecycle/launcher",
                args: ["app", `sshfs -o password=${C} u@h:/d /mnt --mount -Dpassword=${C}`, `{"start_command":"${C}"}`],
                env,
                log_source: "APP/PROC/WEB",
                user: "vcap",
                volume_mounted_files: [{ path: "/etc/cf-service-bindings/x/password", content: C }],
              },
            },
            {
              run: {
                path: "/tmp/lifecycle/diego-sshd",
                args: ["-address=0.0.0.0:2222", `-hostKey=${C}`, `-authorizedKey=${C}`, "-inheritDaemonEnv"],
                env,
                log_source: "CELL/SSHD",
              },
            },
          ],
        },
      },
      disk_mb: 1024,
      memory_mb: 512,
      privileged: true,
      routes: {
        "cf-router": [{ hostnames: [`${C}.apps.example.com`], port: 8080, route_service_url: `https://${C}` }],
        "diego-ssh": { container_port: 2222, private_key: C, host_fingerprint: C, host_256_fingerprint: C },
      },
      log_guid: APP,
      image_username: C,
      image_password: C,
      volume_mounts: [{ driver: "nfsv3driver", container_dir: "/d", mode: "rw", shared: { volume_id: C, mount_config: C } }],
      volume_mounted_files: [{ path: "/x", content: C }],
      metric_tags: { app_name: { static: "app" }, app_id: { static: APP } },
    };
  }

  it("the extracted record contains no canary", () => {
    const r = extractLrp(canaryRecord(), 1);
    expect(JSON.stringify(r)).not.toContain(C);
    expect(r.rootfs).toBe("docker://registry.example.com/img");
    // the secret-bearing sources were still read for hints
    expect(riskCategories(r.hints)).toEqual(["fuse", "fuse-env", "fuse-service", "volume"]);
  });

  it("a preloaded+layer droplet URL with a token is dropped", () => {
    const r = extractLrp({ ...canaryRecord(), rootfs: `preloaded+layer:cflinuxfs4?layer=https://cc/droplet?token=${C}` }, 1);
    expect(r.rootfs).toBe("cflinuxfs4");
    expect(JSON.stringify(r)).not.toContain(C);
  });

  it("error messages contain no canary", () => {
    const variants: unknown[] = [];
    const noPriv = canaryRecord();
    delete noPriv.privileged;
    variants.push(noPriv);
    variants.push({ ...noPriv, instance_guid: C, index: 0, state: C });
    variants.push({ ...canaryRecord(), privileged: C });
    variants.push({ ...canaryRecord(), instances: C });
    variants.push({ ...canaryRecord(), memory_mb: C });
    variants.push({ ...canaryRecord(), process_guid: 0 });
    const noGuid = canaryRecord();
    delete noGuid.process_guid;
    variants.push(noGuid);
    variants.push({ ...noGuid, task_guid: C });
    variants.push({ resources: [C], pagination: C });
    variants.push([C]);
    variants.push(C);
    for (const v of variants) {
      const e = thrown(() => extractLrp(v, 1));
      expect(e.message).not.toContain(C);
      expect(String(e)).not.toContain(C);
    }
  });
});
