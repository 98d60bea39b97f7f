#!/usr/bin/env node
// Synthetic `cfdot desired-lrps` dumps for benchmarks and load tests.
//
//   node scripts/gen-dump.mjs --lrps 50000 --out lrps.ndjson [--gzip] [--seed 1] [--privileged-share 0.03]
//
// Lines follow /work/shared/samples/desired-lrps.ndjson and cf-domain.md §1.2–1.3 and §6: Go struct key order,
// Go map keys sorted, cfdot's HTML escaping of & < >. Same options give the same bytes (seeded PRNG).
// The mix: ~400 orgs with ~3 spaces each, app counts per space skewed, ~10 % of LRPs on isolation segments,
// ~5 % docker LRPs (never privileged), ~10 % legacy LRPs (desired 2016–2019, no metric_tags), a few LRPs
// from CAPI 1.76–1.84 (metric_tags without names), worker processes, rolling deploys in flight (two web LRPs
// with the same log_guid, where the new one is unprivileged), ssh on most modern apps, a few sshfs/FUSE apps,
// NFS volume services, private registries. `privilegedShare` of buildpack apps are privileged, more often
// among legacy LRPs. Secrets are `REDACTED` as in the sample; VCAP_SERVICES holds real JSON with CredHub
// references, so service labels (e.g. `sshfs`) can be read.
//
// LRPs come out sorted by process_guid, as BBS returns them, so one app's LRPs are far apart in the file.
// That needs a compact descriptor per LRP in memory (a few hundred bytes); the lines themselves are
// produced one at a time and the CLI streams them to disk.
import { createWriteStream, realpathSync } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { parseArgs as parseCli } from "node:util";
import { createGzip } from "node:zlib";

// ---------------------------------------------------------------------------------------------------------
// Seeded PRNG (xmur3 seed hash + sfc32)

function seedHash(seed) {
  const s = String(seed);
  let h = 1779033703 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  return () => {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    return (h ^= h >>> 16) >>> 0;
  };
}

function makeRng(seed) {
  const sd = seedHash(seed);
  let a = sd();
  let b = sd();
  let c = sd();
  let d = sd();
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) u32();
  const next = () => u32() / 4294967296;
  const hex = (n) => {
    let s = "";
    while (s.length < n) s += u32().toString(16).padStart(8, "0");
    return s.slice(0, n);
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    /** pairs: [[value, weight], ...] */
    weighted(pairs) {
      let total = 0;
      for (const [, w] of pairs) total += w;
      let x = next() * total;
      for (const [v, w] of pairs) {
        if ((x -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][0];
    },
    gauss() {
      const u = 1 - next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    hex,
    /** RFC 4122 version 4 */
    uuid() {
      const h = hex(32);
      const variant = "89ab"[u32() & 3];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    shuffle(arr) {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [arr[i], arr[j]] = [arr[j], arr[i]];
      }
      return arr;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Vocabulary

const UNITS = [
  "acme", "payments", "retail", "logistics", "claims", "billing", "identity", "search", "marketing", "hr",
  "finance", "risk", "trading", "ledger", "catalog", "pricing", "shipping", "support", "analytics", "media",
  "mobile", "partner", "loyalty", "fraud", "compliance", "treasury", "lending", "cards", "insurance", "travel",
  "warehouse", "procurement", "sales", "crm", "legal", "devtools", "platform", "security", "observability", "data",
  "iot", "fleet", "energy", "health", "pharmacy", "telecom", "edu", "gaming", "ads", "notifications",
  "messaging", "docs", "web", "api-gateway", "integration", "batch", "ml", "research", "ops", "facilities",
];
const ENVS = ["prod", "staging", "dev", "qa", "sandbox", "perf", "uat", "shared"];
const SPACES = [
  "dev", "staging", "prod", "payments", "integration", "tools", "batch", "api", "frontend", "data", "reporting",
  "sandbox", "ci", "monitoring", "shared", "backend", "jobs", "edge", "internal", "experiments",
];
const NOUNS = [
  "checkout", "orders", "cart", "inventory", "invoice", "customer", "profile", "auth", "session", "catalog",
  "pricing", "quote", "shipment", "tracking", "report", "ledger", "account", "statement", "notify", "mailer",
  "search", "index", "gateway", "proxy", "config", "audit", "events", "stream", "export", "import",
  "scheduler", "billing", "rating", "claims", "policy", "document", "upload", "media", "thumbnail", "feed",
  "loyalty", "coupon", "promo", "fraud", "kyc", "onboarding", "portal", "admin", "dashboard", "metrics",
  "sftp-sync", "file-drop", "archive", "backup", "etl", "sync", "webhook", "chat", "ticket", "survey",
];
const SUFFIXES = ["api", "service", "web", "ui", "app", "backend", "svc", "core", "bff", "adapter", "job", "v2"];
const SEGMENTS = [
  ["persistent_isolation_segment", 5],
  ["pci", 2],
  ["dmz-east", 2],
  ["gpu-batch", 1],
];
const SERVICES = [
  ["p.mysql", ["db-small", "db-medium", "db-large"], ["mysql"]],
  ["postgres", ["small", "standard"], ["postgresql", "relational"]],
  ["p.redis", ["cache-small", "on-demand-cache"], ["redis"]],
  ["p.rabbitmq", ["single-node", "cluster"], ["rabbitmq", "amqp"]],
  ["p-config-server", ["standard"], ["configuration", "spring-cloud"]],
  ["p-service-registry", ["standard"], ["eureka", "discovery"]],
  ["credhub", ["default"], ["credhub"]],
  ["user-provided", [], []],
  ["s3", ["standard"], ["s3", "object-storage"]],
  ["smtp", ["standard"], ["email"]],
];
const TEAMS = ["team", "platform", "payments", "data", "web", "ml", "ops", "integration"];
const IMAGES = ["img", "api", "nginx-proxy", "worker", "gateway", "exporter", "scheduler", "frontend"];
const TAGS = ["v1", "v1", "v1", "v2", "1.4.2", "2024.11", "latest", "3.0.1"];

const JAVA_CMD =
  'JAVA_OPTS="-agentpath:$PWD/.java-buildpack/open_jdk_jre/bin/jvmkill-1.16.0_RELEASE=printHeapHistogram=1 ' +
  "-Djava.io.tmpdir=$TMPDIR -XX:ActiveProcessorCount=$(nproc) -Djava.ext.dirs= " +
  '-Djava.security.properties=$PWD/.java-buildpack/java_security/java.security $JAVA_OPTS" && ' +
  "CALCULATED_MEMORY=$($PWD/.java-buildpack/open_jdk_jre/bin/java-buildpack-memory-calculator-3.13.0_RELEASE " +
  "-totMemory=$MEMORY_LIMIT -loadedClasses=%CLASSES% -poolType=metaspace -stackThreads=250 " +
  '-vmOptions="$JAVA_OPTS") && echo JVM Memory Configuration: $CALCULATED_MEMORY && ' +
  'JAVA_OPTS="$JAVA_OPTS $CALCULATED_MEMORY" && MALLOC_ARENA_MAX=2 SERVER_PORT=$PORT eval exec ' +
  "$PWD/.java-buildpack/open_jdk_jre/bin/java $JAVA_OPTS -cp $PWD/.:$PWD/.java-buildpack/client_certificate_mapper/" +
  "client_certificate_mapper-1.11.0_RELEASE.jar org.springframework.boot.loader.launch.JarLauncher";

function webCommand(r, app) {
  switch (app.lang) {
    case "java":
      return r.chance(0.25) ? JAVA_CMD.replace("%CLASSES%", String(r.int(12000, 26000))) : `java -jar ${app.noun}.jar`;
    case "node":
      return r.pick(["npm start", "node server.js", "node dist/index.js", "npm run start:prod"]);
    case "python":
      return r.pick(["python app.py", `gunicorn ${app.noun.replace(/-/g, "_")}.wsgi --bind 0.0.0.0:$PORT`, "python report.py"]);
    case "go":
      return `./bin/${app.name}`;
    case "ruby":
      return r.pick(["bundle exec rackup config.ru -p $PORT -o 0.0.0.0", "bundle exec puma -C config/puma.rb"]);
    case "php":
      return "$HOME/.bp/bin/start";
    case "binary":
      return r.pick([`./bin/${app.noun} --port $PORT`, "./start.sh", "./bin/sftp-sync --mount /home/vcap/app/remote"]);
    default:
      return "$HOME/boot.sh";
  }
}

function workerCommand(r, app) {
  switch (app.lang) {
    case "java":
      return `java -cp ${app.noun}.jar com.example.${app.noun.replace(/-/g, "")}.Worker`;
    case "node":
      return r.pick(["node worker.js", "npm run worker"]);
    case "python":
      return r.pick(["celery -A tasks worker --loglevel=info", "python worker.py"]);
    case "ruby":
      return r.pick(["bundle exec sidekiq -C config/sidekiq.yml", "bundle exec rake jobs:work"]);
    default:
      return `./bin/${app.noun}-worker`;
  }
}

function sshfsCommand(r, app) {
  return r.pick([
    `mkdir -p $HOME/data && sshfs -o IdentityFile=$HOME/.ssh/id_rsa,StrictHostKeyChecking=no,reconnect vcap@files.internal.example.com:/exports/${app.name} $HOME/data && exec ${webCommand(r, { ...app, lang: "node" })}`,
    `sshfs $SSHFS_USER@$SSHFS_HOST:$SSHFS_DIR /home/vcap/app/mnt -o password_stdin <<< "$SSHFS_PASSWORD"; python app.py`,
    `./bin/sftp-sync --mount /home/vcap/app/remote && fusermount -u /home/vcap/app/remote`,
  ]);
}

// ---------------------------------------------------------------------------------------------------------
// Topology

const EPOCH_2016 = 1451606400;
const EPOCH_2019_08 = 1565136000;
const EPOCH_2021 = 1609459200;
const EPOCH_2026_11 = 1793491200;

function buildTopology(r, orgCount) {
  const names = [];
  for (const u of UNITS) for (const e of ENVS) names.push(`${u}-${e}`);
  r.shuffle(names);
  const orgs = [];
  const spaces = [];
  for (let i = 0; i < orgCount; i++) {
    const org = { guid: r.uuid(), name: i < names.length ? names[i] : `org-${i}` };
    orgs.push(org);
    const n = r.pick([1, 2, 3, 3, 3, 4, 4, 5]);
    const used = new Set();
    const orgWeight = Math.exp(1.1 * r.gauss());
    for (let j = 0; j < n; j++) {
      let name = r.pick(SPACES);
      while (used.has(name)) name = `${r.pick(SPACES)}-${j}`;
      used.add(name);
      spaces.push({ guid: r.uuid(), name, org, segment: null, weight: orgWeight * Math.exp(0.6 * r.gauss()) });
    }
  }
  // ~10 % of the app weight (hence of LRPs) runs on isolation segments, chosen per space (CC: space segment or org default).
  const total = spaces.reduce((s, x) => s + x.weight, 0);
  let iso = 0;
  for (const s of r.shuffle([...spaces])) {
    if (iso >= 0.1 * total) break;
    if (s.weight > 0.02 * total) continue; // keep any single space from overshooting the share
    s.segment = r.weighted(SEGMENTS);
    iso += s.weight;
  }
  const cumulative = [];
  let acc = 0;
  for (const s of spaces) cumulative.push((acc += s.weight));
  const pickSpace = () => {
    const x = r.next() * acc;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return spaces[lo];
  };
  return { orgs, spaces, pickSpace };
}

function makeApp(r, space, privilegedShare) {
  const docker = r.chance(0.05);
  const era = docker ? "modern" : r.weighted([["legacy", 0.115], ["mid", 0.03], ["modern", 0.855]]);
  const noun = r.pick(NOUNS);
  const name = r.chance(0.7) ? `${noun}-${r.pick(SUFFIXES)}` : noun;
  const lang = r.weighted([["java", 35], ["node", 20], ["python", 12], ["go", 10], ["ruby", 6], ["php", 4], ["binary", 8], ["static", 5]]);
  // privilegedShare of buildpack apps; old LRPs are far more likely to still be privileged.
  const pLegacy = Math.min(0.95, privilegedShare * 5);
  const pOther = Math.max(0, (privilegedShare - 0.12 * pLegacy) / 0.88);
  const privileged = !docker && r.chance(era === "legacy" ? pLegacy : pOther);
  const app = {
    guid: r.uuid(),
    name,
    noun,
    lang,
    space,
    org: space.org,
    era,
    docker,
    privileged,
    stack: era === "legacy" ? r.weighted([["cflinuxfs3", 7], ["cflinuxfs2", 3]]) : era === "mid" ? "cflinuxfs3" : r.weighted([["cflinuxfs4", 85], ["cflinuxfs3", 15]]),
    image: docker ? `docker://registry.example.com/${r.pick(TEAMS)}/${r.pick(IMAGES)}#${r.pick(TAGS)}` : null,
    privateRegistry: docker && r.chance(0.25),
    ssh: era === "modern" && r.chance(0.4),
    health: r.weighted([["http", 45], ["port", 50], ["process", 5]]),
    memory: r.weighted([[256, 20], [512, 30], [1024, 35], [2048, 12], [4096, 3]]),
    disk: r.weighted([[1024, 80], [2048, 15], [4096, 5]]),
    instances: r.weighted([[1, 35], [2, 35], [3, 15], [4, 6], [6, 5], [10, 3], [20, 1]]),
    hostnames: [],
    internalRoute: era === "modern" && r.chance(0.05),
    services: [],
    userEnv: [],
    volume: null,
    sshfs: false,
    egress: r.weighted([[1, 80], [2, 15], [4, 5]]),
  };
  if (app.lang === "java" && app.memory < 1024) app.memory = 1024;
  const host = r.chance(0.5) ? app.name : `${app.name}-${space.name}`;
  app.hostnames.push(`${host}.apps.example.com`);
  if (r.chance(0.15)) app.hostnames.push(`${host}.${space.org.name}.internal.example.com`);
  app.sshfs = app.privileged ? r.chance(0.15) : !docker && r.chance(0.0015);
  const nServices = r.weighted([[0, 70], [1, 24], [2, 5], [3, 1]]);
  for (let i = 0; i < nServices; i++) app.services.push(r.pick(SERVICES));
  if (app.sshfs && r.chance(0.6)) app.services.push(["sshfs", ["free"], ["sshfs", "fuse"]]);
  if (app.sshfs && r.chance(0.5)) app.userEnv.push(["SSHFS_HOST", "files.internal.example.com"], ["SSHFS_USER", "vcap"], ["SSHFS_DIR", `/exports/${app.name}`]);
  if (app.lang === "java" && r.chance(0.4)) app.userEnv.push(["JBP_CONFIG_OPEN_JDK_JRE", "{ jre: { version: 17.+ } }"], ["SPRING_PROFILES_ACTIVE", "cloud"]);
  if (app.lang === "node" && r.chance(0.3)) app.userEnv.push(["NODE_ENV", "production"]);
  if (era === "modern" && !docker && r.chance(0.01)) {
    app.volume = { driver: "nfsv3driver", id: r.uuid(), dir: `/var/vcap/data/${r.uuid()}`, source: `nfs://nas.example.com/export/${app.name}` };
  }
  const [lo, hi] = era === "legacy" ? [EPOCH_2016, 1548806400] : era === "mid" ? [1548892800, EPOCH_2019_08 + 86400 * 20] : [EPOCH_2021, EPOCH_2026_11];
  app.createdAt = r.int(lo, hi);
  return app;
}

/** One compact descriptor per LRP; rendering happens later, in process_guid order. */
function appLrps(r, app) {
  const lrps = [];
  // process.updated_at: modern LRPs were touched since (scale, rename, ...), old ones never.
  const updatedAt = (base) => (app.era === "modern" ? r.int(base, EPOCH_2026_11) : base);
  const webGuid = app.era === "modern" && r.chance(0.2) ? r.uuid() : app.guid; // ≠ app guid after an earlier rolling deploy
  const rolling = app.era === "modern" && r.chance(0.04);
  const webInstances = app.instances;
  const web = {
    app,
    type: "web",
    processGuid: webGuid,
    version: r.uuid(),
    instances: rolling ? Math.max(1, Math.ceil(webInstances / 2)) : webInstances,
    privileged: app.privileged,
    annotation: updatedAt(app.createdAt),
    command: app.sshfs ? sshfsCommand(r, app) : webCommand(r, app),
    modIndex: r.int(0, 8),
    health: app.health,
    processHealth: app.health === "process",
  };
  lrps.push(web);
  if (rolling) {
    // The deployment's new web process: a new guid, created now, so unprivileged once the platform flag is off.
    lrps.push({
      ...web,
      processGuid: r.uuid(),
      version: r.uuid(),
      instances: Math.max(1, webInstances - web.instances),
      privileged: false,
      annotation: EPOCH_2026_11 - r.int(0, 3600),
      modIndex: r.int(0, 2),
    });
  }
  if (r.chance(app.era === "modern" ? 0.14 : 0.05)) {
    lrps.push({
      app,
      type: "worker",
      processGuid: r.uuid(),
      version: r.uuid(),
      instances: r.weighted([[1, 60], [2, 30], [4, 10]]),
      privileged: app.privileged,
      annotation: updatedAt(app.createdAt),
      command: workerCommand(r, app),
      modIndex: r.int(0, 8),
      health: "process",
      processHealth: true,
    });
  }
  for (const l of lrps) l.pg = `${l.processGuid}-${l.version}`;
  return lrps;
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

const REDACTED = "REDACTED";
const LIFECYCLE_BUILDPACK = (stack) => ({
  name: "",
  from: "http://file-server.service.cf.internal:8080/v1/static/buildpack_app_lifecycle/buildpack_app_lifecycle.tgz",
  to: "/tmp/lifecycle",
  cache_key: `buildpack-${stack}-lifecycle`,
  log_source: "",
});
const LIFECYCLE_DOCKER = {
  name: "",
  from: "http://file-server.service.cf.internal:8080/v1/static/docker_app_lifecycle/docker_app_lifecycle.tgz",
  to: "/tmp/lifecycle",
  cache_key: "docker-lifecycle",
  log_source: "",
};
const EGRESS = [
  { protocol: "all", destinations: ["0.0.0.0-9.255.255.255"], log: false },
  { protocol: "all", destinations: ["11.0.0.0-169.253.255.255"], log: false },
  { protocol: "tcp", destinations: ["10.20.0.0/16"], ports: [443, 5432], log: false },
  { protocol: "udp", destinations: ["10.0.0.2"], ports: [53], log: false },
];

function vcapServices(r, app) {
  if (app.services.length === 0) return "{}";
  const out = {};
  for (const [label, plans, tags] of app.services) {
    const name = `${app.noun}-${label.replace(/^p[.-]/, "")}${r.chance(0.3) ? "-" + r.int(1, 9) : ""}`;
    const instance = r.uuid();
    const binding = {
      label,
      provider: null,
      plan: plans.length ? r.pick(plans) : "",
      name,
      tags,
      instance_guid: instance,
      instance_name: name,
      binding_guid: r.uuid(),
      binding_name: null,
      credentials: label === "user-provided" ? { "credhub-ref": `/credhub-service-broker/user-provided/${instance}` } : { "credhub-ref": `/c/${label}/${instance}/credentials-json` },
      syslog_drain_url: null,
      volume_mounts: [],
    };
    (out[label] ??= []).push(binding);
  }
  return JSON.stringify(out);
}

function secs(t, r, legacy) {
  return legacy ? `${t}.0` : `${t}.${String(r.int(0, 999999)).padStart(6, "0")}`;
}

function renderLrp(r, l) {
  const app = l.app;
  const legacy = app.era === "legacy";
  const mid = app.era === "mid";
  const docker = app.docker;
  const type = l.type;
  const isWeb = type === "web";
  const pg = l.pg;
  const space = app.space;
  const org = app.org;
  const segment = space.segment;
  const ssh = app.ssh;
  const user = docker ? "root" : "vcap";
  const web8080 = isWeb || docker;

  const runEnv = [
    { name: "PORT", value: "8080" },
    { name: "VCAP_APPLICATION", value: REDACTED },
    { name: "VCAP_SERVICES", value: vcapServices(r, app) },
  ];
  for (const [name, value] of app.userEnv) runEnv.push({ name, value });
  const execMeta = docker
    ? JSON.stringify({ cmd: ["/bin/sh", "-c", l.command], ports: [{ Port: 8080, Protocol: "tcp" }], user: "root" })
    : "";
  const actions = [
    {
      run: {
        path: "/tmp/lifecycle/launcher",
        args: ["app", docker ? "" : l.command, execMeta],
        env: runEnv,
        resource_limits: { nofile: 16384 },
        user,
        log_source: `APP/PROC/${type.toUpperCase()}`,
        suppress_log_output: false,
        volume_mounted_files: null,
      },
    },
  ];
  if (ssh) {
    actions.push({
      run: {
        path: "/tmp/lifecycle/diego-sshd",
        args: ["-address=0.0.0.0:2222", `-hostKey=${REDACTED}`, `-authorizedKey=${REDACTED}`, "-inheritDaemonEnv", "-logLevel=fatal"],
        env: [{ name: "PORT", value: "8080" }],
        resource_limits: { nofile: 16384 },
        user,
        log_source: "CELL/SSHD",
        suppress_log_output: false,
        volume_mounted_files: null,
      },
    });
  }

  const o = {};
  o.process_guid = pg;
  o.domain = "cf-apps";
  o.rootfs = docker ? app.image : `preloaded:${app.stack}`;
  o.instances = l.instances;
  o.env = docker ? null : [{ name: "LANG", value: "en_US.UTF-8" }];
  if (!docker) {
    o.setup = {
      serial: {
        actions: [
          {
            download: legacy
              ? {
                  artifact: "droplet",
                  from: `http://cloud-controller-ng.service.cf.internal:9022/internal/v2/droplets/${l.processGuid}/${r.hex(32)}/download`,
                  to: ".",
                  cache_key: `droplets-${pg}`,
                  user: "vcap",
                  checksum_algorithm: "sha1",
                  checksum_value: r.hex(40),
                }
              : {
                  artifact: "droplet",
                  from: `https://cloud-controller-ng.service.cf.internal:9023/internal/v4/droplets/${l.processGuid}/${r.hex(32)}/download`,
                  to: ".",
                  cache_key: `droplets-${pg}`,
                  user: "vcap",
                  checksum_algorithm: "sha256",
                  checksum_value: r.hex(64),
                },
          },
        ],
      },
    };
  }
  o.action = { codependent: { actions } };
  o.start_timeout_ms = app.lang === "java" ? 180000 : 60000;
  if (!l.processHealth) {
    o.monitor = {
      timeout: {
        action: {
          parallel: {
            actions: [
              {
                run: {
                  path: "/tmp/lifecycle/healthcheck",
                  args: l.health === "http" ? ["-port=8080", "-uri=/health"] : ["-port=8080"],
                  resource_limits: { nofile: 16384 },
                  user,
                  log_source: "HEALTH",
                  suppress_log_output: true,
                  volume_mounted_files: null,
                },
              },
            ],
          },
        },
        timeout_ms: 600000,
      },
    };
  }
  o.disk_mb = app.disk;
  o.memory_mb = app.memory;
  o.cpu_weight = Math.max(1, Math.min(100, Math.floor((app.memory * 100) / 8192)));
  o.privileged = l.privileged;
  const ports = [];
  if (web8080) ports.push(8080);
  if (ssh) ports.push(2222);
  if (ports.length) o.ports = ports;

  const routes = {};
  const cfRouter = isWeb
    ? app.hostnames.map((h) =>
        legacy ? { hostnames: [h], port: 8080, route_service_url: null } : { hostnames: [h], port: 8080, route_service_url: null, isolation_segment: segment, protocol: "http1" },
      )
    : [];
  routes["cf-router"] = cfRouter;
  if (ssh) {
    routes["diego-ssh"] = { container_port: 2222, private_key: REDACTED, host_fingerprint: REDACTED, host_256_fingerprint: REDACTED };
  }
  if (!legacy) {
    routes["internal-router"] = isWeb && app.internalRoute ? [{ hostname: `${app.name}.apps.internal`, port: 8080 }] : [];
  }
  routes["tcp-router"] = [];
  o.routes = routes;
  o.log_source = "CELL";
  o.log_guid = app.guid;
  o.metrics_guid = app.guid;
  o.annotation = secs(l.annotation, r, legacy);
  o.egress_rules = EGRESS.slice(0, app.egress);
  o.modification_tag = { epoch: r.uuid(), index: l.modIndex };
  o.cached_dependencies = [docker ? LIFECYCLE_DOCKER : LIFECYCLE_BUILDPACK(app.stack)];
  o.legacy_download_user = user;
  o.trusted_system_certificates_path = "/etc/cf-system-certificates";
  if (app.volume) {
    const v = app.volume;
    o.volume_mounts = [
      {
        driver: v.driver,
        container_dir: v.dir,
        mode: "rw",
        shared: { volume_id: v.id, mount_config: JSON.stringify({ source: v.source, uid: "1000", gid: "1000" }) },
      },
    ];
  }
  const props = legacy
    ? { app_id: app.guid, org_id: org.guid, policy_group_id: app.guid, space_id: space.guid }
    : mid
      ? { app_id: app.guid, org_id: org.guid, policy_group_id: app.guid, ports: web8080 ? "8080" : "", space_id: space.guid }
      : { app_id: app.guid, container_workload: "app", org_id: org.guid, policy_group_id: app.guid, ports: web8080 ? "8080" : "", space_id: space.guid };
  o.network = { properties: props };
  if (segment) o.placement_tags = [segment];
  o.max_pids = 1024;
  o.certificate_properties = { organizational_unit: [`organization:${org.guid}`, `space:${space.guid}`, `app:${app.guid}`] };
  if (app.privateRegistry) {
    o.image_username = "svc-registry-puller";
    o.image_password = REDACTED;
  }
  o.check_definition = l.processHealth
    ? { log_source: "" }
    : { checks: [l.health === "http" ? { http_check: { port: 8080, path: "/health" } } : { tcp_check: { port: 8080 } }], log_source: "" };
  if (mid) {
    o.metric_tags = {
      instance_id: { dynamic: "INDEX" },
      process_id: { static: l.processGuid },
      process_instance_id: { dynamic: "INSTANCE_GUID" },
      process_type: { static: type },
      source_id: { static: app.guid },
    };
  } else if (!legacy) {
    o.metric_tags = {
      app_id: { static: app.guid },
      app_name: { static: app.name },
      instance_id: { dynamic: "INDEX" },
      organization_id: { static: org.guid },
      organization_name: { static: org.name },
      process_id: { static: l.processGuid },
      process_instance_id: { dynamic: "INSTANCE_GUID" },
      process_type: { static: type },
      source_id: { static: app.guid },
      space_id: { static: space.guid },
      space_name: { static: space.name },
    };
    o.log_rate_limit = { bytes_per_second: -1 };
  }
  o.volume_mounted_files = null;

  let line = JSON.stringify(o);
  // Go's encoding/json escapes these three (cfdot keeps the default); they only occur inside strings.
  if (/[&<>]/.test(line)) line = line.replace(/[&<>]/g, (c) => (c === "&" ? "\\u0026" : c === "<" ? "\\u003c" : "\\u003e"));
  return line + "\n";
}

// ---------------------------------------------------------------------------------------------------------
// Public API

/** Fresh counters for generateDumpLines({ stats }). */
export function emptyStats() {
  return {
    lrps: 0,
    apps: 0,
    orgs: 0,
    spaces: 0,
    privilegedLrps: 0,
    privilegedInstances: 0,
    privilegedApps: 0,
    dockerLrps: 0,
    legacyLrps: 0, // no metric_tags
    isolationSegmentLrps: 0,
    workerLrps: 0,
    rollingDeployApps: 0,
    sshfsLrps: 0,
    bytes: 0,
  };
}

/**
 * Yields `lrps` NDJSON lines (each ending in "\n"), deterministic for a given seed.
 * If `stats` is given (see emptyStats), it is filled in as lines are yielded; `apps` and `privilegedApps`
 * follow product.md (distinct log_guid; apps with any privileged LRP) and are final after the last line.
 */
export function* generateDumpLines({ lrps = 50000, seed = 1, privilegedShare = 0.03, orgs = 400, stats = null } = {}) {
  if (!Number.isInteger(lrps) || lrps < 0) throw new Error("lrps must be a non-negative integer");
  const r = makeRng(`rootless-ready:${seed}`);
  const topo = buildTopology(r, orgs);
  const descs = [];
  while (descs.length < lrps) {
    const app = makeApp(r, topo.pickSpace(), privilegedShare);
    for (const l of appLrps(r, app)) if (descs.length < lrps) descs.push(l);
  }
  descs.sort((a, b) => (a.pg < b.pg ? -1 : a.pg > b.pg ? 1 : 0));

  const s = stats;
  const apps = s ? new Set() : null;
  const privApps = s ? new Set() : null;
  const webCount = s ? new Map() : null;
  if (s) {
    s.orgs = topo.orgs.length;
    s.spaces = topo.spaces.length;
  }
  const render = makeRng(`rootless-ready:${seed}:render`);
  for (const l of descs) {
    const line = renderLrp(render, l);
    if (s) {
      s.lrps++;
      s.bytes += Buffer.byteLength(line);
      apps.add(l.app.guid);
      if (l.privileged) {
        s.privilegedLrps++;
        s.privilegedInstances += l.instances;
        privApps.add(l.app.guid);
      }
      if (l.app.docker) s.dockerLrps++;
      if (l.app.era === "legacy") s.legacyLrps++;
      if (l.app.space.segment) s.isolationSegmentLrps++;
      if (l.type === "worker") s.workerLrps++;
      else {
        const n = (webCount.get(l.app.guid) ?? 0) + 1;
        webCount.set(l.app.guid, n);
        if (n === 2) s.rollingDeployApps++;
      }
      if (l.app.sshfs && l.type === "web") s.sshfsLrps++;
      s.apps = apps.size;
      s.privilegedApps = privApps.size;
    }
    yield line;
  }
}

/** Streams a dump to `out` (gzip optional). Resolves to { bytes (on disk), rawBytes, stats }. */
export async function writeDump({ out, gzip = false, ...opts }) {
  const stats = emptyStats();
  const lines = generateDumpLines({ ...opts, stats });
  function* chunks() {
    let buf = "";
    for (const line of lines) {
      buf += line;
      if (buf.length >= 1 << 16) {
        yield buf;
        buf = "";
      }
    }
    if (buf) yield buf;
  }
  const stages = [Readable.from(chunks(), { objectMode: false, highWaterMark: 1 << 16 })];
  if (gzip) stages.push(createGzip({ level: 6 }));
  stages.push(createWriteStream(out));
  await pipeline(...stages);
  const { size } = await stat(out);
  return { bytes: size, rawBytes: stats.bytes, stats };
}

// ---------------------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const { values } = parseCli({
    args: argv,
    options: {
      lrps: { type: "string", default: "50000" },
      out: { type: "string", short: "o" },
      gzip: { type: "boolean", default: false },
      seed: { type: "string", default: "1" },
      "privileged-share": { type: "string", default: "0.03" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  return { ...values, lrps: Number(values.lrps), privilegedShare: Number(values["privileged-share"]) };
}

const isMain = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (isMain) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (!opts.help && !opts.out) throw new Error("--out is required");
    if (!Number.isInteger(opts.lrps) || opts.lrps < 0) throw new Error("--lrps must be a non-negative integer");
    if (!(opts.privilegedShare >= 0 && opts.privilegedShare <= 1)) throw new Error("--privileged-share must be within 0..1");
  } catch (e) {
    console.error(`gen-dump: ${e.message}`);
    opts = { help: true, error: true };
  }
  if (opts.help) {
    console.error("usage: node scripts/gen-dump.mjs --lrps 50000 --out file.ndjson [--gzip] [--seed 1] [--privileged-share 0.03]");
    process.exit(opts.error ? 2 : 0);
  }
  const t0 = process.hrtime.bigint();
  const { bytes, rawBytes, stats } = await writeDump(opts);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const mb = (n) => (n / 1048576).toFixed(1);
  console.log(
    `${opts.out}: ${bytes} bytes (${mb(bytes)} MB${opts.gzip ? `, ${mb(rawBytes)} MB uncompressed` : ""}), ` +
      `${stats.lrps} LRPs, ${stats.apps} apps, ${stats.privilegedApps} privileged apps, ${secs.toFixed(1)} s`,
  );
}
