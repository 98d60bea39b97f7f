#!/usr/bin/env node
// Synthetic `cfdot desired-lrps` dumps for benchmarks and load tests: one foundation, day after day.
//
//   node scripts/gen-dump.mjs --lrps 50000 --out lrps.ndjson [--gzip] [--seed 1] [--privileged-share 0.03]
//   node scripts/gen-dump.mjs --lrps 10000 --days 30 --out 'dumps/day-{day}.ndjson'    # a daily series
//
// Lines follow /work/shared/samples/desired-lrps.ndjson and cf-domain.md §1.2–1.3, §2 and §6: Go struct key
// order, Go map keys sorted, cfdot's HTML escaping of & < >. Same options give the same bytes (seeded PRNG).
// The mix: ~400 orgs with ~3 spaces each, app counts per space skewed, ~10 % of LRPs on isolation segments,
// ~5 % docker LRPs (never privileged), ~10 % legacy LRPs (desired 2016–2019, no metric_tags), a few LRPs
// from CAPI 1.76–1.84 (metric_tags without names), worker processes, a few rolling deploys in flight (two web
// LRPs with the same log_guid, the new one unprivileged), ssh on most modern apps, a few sshfs/FUSE apps, NFS
// volume services, private registries, sidecars. `privilegedShare` of buildpack apps are privileged, more
// often among legacy LRPs. Lines vary from ~2 to ~9 KB as real ones do: 0–7 service bindings in VCAP_SERVICES
// (CredHub references or inline credentials with CA certificates), 0–50 user env variables, ASGs of 1–24
// rules, sidecars repeating the app's env. Secrets are `REDACTED` as in the sample.
//
// Day N+1 comes from day N the way Cloud Controller changes desired LRPs (cf-domain.md §2): about 1 % of the
// apps change per day. Restages and restarts give every process of the app a new version (a new
// process_guid) with the platform's current flag, off, so privileged apps flip to unprivileged; a few
// regress (re-desired by a CC job that still has the flag on); stops remove an app's LRPs and a later start
// brings new, unprivileged ones; apps are created and deleted; rolling deploys add a second web LRP with a new
// process guid and finish the next day; scaling and renames update LRPs in place (same process_guid, new
// annotation, metric_tags rewritten with names, `privileged` untouched). An LRP that did not change renders to
// the same bytes every day.
//
// LRPs come out sorted by process_guid, as BBS returns them, so one app's LRPs are far apart in the file.
// That needs a compact descriptor per LRP in memory (a few hundred bytes); lines are rendered one at a time
// and streamed to disk (with `cacheLines`, a series keeps each rendered line until its LRP changes).
import { createWriteStream, realpathSync } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
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

const SIDECARS = [
  ["config-agent", "./config-agent --listen 127.0.0.1:8081"],
  ["otel-collector", "./otelcol --config otel.yaml"],
  ["vault-agent", "vault agent -config=/home/vcap/app/vault.hcl"],
  ["envoy", "envoy -c /home/vcap/app/envoy.yaml --base-id 1"],
];

const PROXY_HOSTS = ["localhost", "127.0.0.1", ".internal.example.com", ".apps.internal", ".service.cf.internal", "169.254.169.254"];

/** User env variables (`cf set-env`, manifest `env:`): names never trip the risk scan, values are plain or REDACTED. */
const USER_ENV = [
  (r) => ["SPRING_PROFILES_ACTIVE", r.pick(["cloud", "cloud,prod", "cloud,kafka,metrics"])],
  (r) => ["JAVA_OPTS", `-Xss${r.pick(["256k", "512k", "1M"])} -XX:ReservedCodeCacheSize=240M -XX:MaxMetaspaceSize=${r.pick(["128M", "256M"])} -Djava.security.egd=file:///dev/urandom -Dspring.cloud.config.failFast=true`],
  (r) => ["JBP_CONFIG_OPEN_JDK_JRE", `{ jre: { version: ${r.pick(["11", "17", "21"])}.+ } }`],
  () => ["JBP_CONFIG_SPRING_AUTO_RECONFIGURATION", "{enabled: false}"],
  (r) => ["LOG_LEVEL", r.pick(["info", "warn", "debug"])],
  (r) => ["LOGGING_LEVEL_ROOT", r.pick(["INFO", "WARN"])],
  () => ["NODE_ENV", "production"],
  (r) => ["NODE_OPTIONS", `--max-old-space-size=${r.pick([256, 512, 1024])} --enable-source-maps`],
  () => ["TZ", "UTC"],
  (r, app) => ["OTEL_SERVICE_NAME", app.name + (r.chance(0.5) ? "" : `-${app.space.name}`)],
  () => ["OTEL_EXPORTER_OTLP_ENDPOINT", "https://otel-collector.apps.internal:4317"],
  (r, app) => ["OTEL_RESOURCE_ATTRIBUTES", `service.namespace=${app.org.name},deployment.environment=${app.space.name},team=${r.pick(TEAMS)}`],
  () => ["MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,info,prometheus,metrics"],
  (r, app) => ["SERVER_SERVLET_CONTEXT_PATH", `/${app.noun}`],
  () => ["HTTP_PROXY", "http://proxy.internal.example.com:3128"],
  () => ["HTTPS_PROXY", "http://proxy.internal.example.com:3128"],
  (r) => ["NO_PROXY", r.shuffle([...PROXY_HOSTS]).join(",")],
  () => ["API_KEY", REDACTED],
  () => ["DB_PASSWORD", REDACTED],
  () => ["CLIENT_SECRET", REDACTED],
  (r, app) => ["OAUTH_ISSUER_URI", `https://login.sys.example.com/oauth/token?client=${app.noun}-${r.int(1, 99)}`],
  (r) => [`FEATURE_${r.pick(NOUNS).toUpperCase().replace(/-/g, "_")}_ENABLED`, r.pick(["true", "false"])],
  (r) => [`${r.pick(NOUNS).toUpperCase().replace(/-/g, "_")}_URL`, `https://${r.pick(NOUNS)}-${r.pick(SUFFIXES)}.apps.internal:8080/${r.pick(["v1", "v2", "api"])}`],
  (r) => [`${r.pick(NOUNS).toUpperCase().replace(/-/g, "_")}_TIMEOUT_MS`, String(r.pick([500, 1000, 2500, 5000, 30000]))],
  (r) => [`${r.pick(NOUNS).toUpperCase().replace(/-/g, "_")}_QUEUE`, `${r.pick(UNITS)}.${r.pick(NOUNS)}.${r.pick(["events", "commands", "dlq"])}`],
];
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

// ---------------------------------------------------------------------------------------------------------
// Apps, LRPs and how a foundation changes from day to day

const DAY = 86400;

/**
 * A CC app: its processes (`procs`: type, process guid, instances, command, health) and, while started, one
 * desired LRP per process version (`lrps`). `era` is when the app was first pushed; each LRP has its own
 * era, the CC that desired it.
 */
function makeApp(r, space, privilegedShare, { createdAt = null, latest }) {
  const docker = r.chance(0.05);
  const era = createdAt !== null || docker ? "modern" : r.weighted([["legacy", 0.115], ["mid", 0.03], ["modern", 0.855]]);
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
    envCount: 0,
    sidecars: [],
    volume: null,
    sshfs: false,
    egress: r.weighted([[1, 60], [2, 18], [4, 14], [8, 5], [16, 2], [24, 1]]),
    createdAt: 0,
    procs: [],
    lrps: [],
    rolling: null, // { oldProc, newProc } while a rolling deploy is in flight
    state: "started",
    firstDay: 0,
    everAbsent: false,
    lastPrivileged: false,
    privilegeChanges: [],
  };
  if (app.lang === "java" && app.memory < 1024) app.memory = 1024;
  const host = r.chance(0.5) ? app.name : `${app.name}-${space.name}`;
  app.hostnames.push(`${host}.apps.example.com`);
  if (r.chance(0.15)) app.hostnames.push(`${host}.${space.org.name}.internal.example.com`);
  app.sshfs = app.privileged ? r.chance(0.15) : !docker && r.chance(0.0015);
  const nServices = r.weighted([[0, 60], [1, 22], [2, 9], [3, 5], [4, 2], [5, 1], [7, 1]]);
  for (let i = 0; i < nServices; i++) app.services.push(r.pick(SERVICES));
  if (app.sshfs && r.chance(0.6)) app.services.push(["sshfs", ["free"], ["sshfs", "fuse"]]);
  if (app.sshfs && r.chance(0.5)) app.userEnv.push(["SSHFS_HOST", "files.internal.example.com"], ["SSHFS_USER", "vcap"], ["SSHFS_DIR", `/exports/${app.name}`]);
  const [lo, hi] = r.weighted([[[0, 0], 45], [[1, 3], 25], [[4, 8], 17], [[9, 16], 9], [[17, 30], 3], [[31, 50], 1]]);
  app.envCount = r.int(lo, hi);
  if (era === "modern" && !docker && r.chance(0.03)) {
    for (const i of r.shuffle([0, 1, 2, 3]).slice(0, r.int(1, 2))) app.sidecars.push(SIDECARS[i]);
  }
  if (era === "modern" && !docker && r.chance(0.01)) {
    app.volume = { driver: "nfsv3driver", id: r.uuid(), dir: `/var/vcap/data/${r.uuid()}`, source: `nfs://nas.example.com/export/${app.name}` };
  }
  if (createdAt !== null) app.createdAt = createdAt;
  else {
    const [from, to] = era === "legacy" ? [EPOCH_2016, 1548806400] : era === "mid" ? [1548892800, EPOCH_2019_08 + 86400 * 20] : [EPOCH_2021, latest];
    app.createdAt = r.int(from, Math.max(from, to));
  }

  const web = {
    type: "web",
    // ≠ app guid after an earlier rolling deploy
    guid: era === "modern" && r.chance(0.2) ? r.uuid() : app.guid,
    instances: app.instances,
    command: app.sshfs ? sshfsCommand(r, app) : webCommand(r, app),
    health: app.health,
  };
  app.procs.push(web);
  if (r.chance(era === "modern" ? 0.14 : 0.05)) {
    app.procs.push({ type: "worker", guid: r.uuid(), instances: r.weighted([[1, 60], [2, 30], [4, 10]]), command: workerCommand(r, app), health: "process" });
  }
  return app;
}

function secs(r, t, legacy) {
  return legacy ? `${t}.0` : `${t}.${String(r.int(0, 999999)).padStart(6, "0")}`;
}

function currentNames(app) {
  return { app: app.name, org: app.org.name, space: app.space.name };
}

/** A new desired LRP for `proc`: a fresh process version, created by a CC of `era`. */
function newLrp(r, app, proc, { privileged, at, era = "modern" }) {
  const version = r.uuid();
  return {
    app,
    proc,
    type: proc.type,
    pg: `${proc.guid}-${version}`,
    instances: proc.instances,
    privileged: privileged && !app.docker,
    annotation: secs(r, at, era === "legacy"),
    modIndex: 0,
    era,
    tags: era === "legacy" ? "none" : era === "mid" ? "ids" : "names",
    names: currentNames(app),
    line: null,
  };
}

/** CC's LRP update (scale, rename, routes): same process_guid, new annotation, tags rewritten, privileged kept. */
function updateLrp(r, l, at) {
  l.instances = l.proc.instances;
  l.annotation = secs(r, at, false);
  l.modIndex++;
  l.tags = "names";
  l.names = currentNames(l.app);
  l.line = null;
}

function isPrivileged(app) {
  return app.lrps.some((l) => l.privileged);
}

/** Distinct apps from `arr` not yet in `touched` (and passing `ok`), marked touched; fewer when too few exist. */
function sample(r, arr, k, touched, ok = null) {
  const out = [];
  for (let tries = 0; out.length < k && arr.length > 0 && tries < k * 20 + 100; tries++) {
    const a = arr[Math.floor(r.next() * arr.length)];
    if (touched.has(a) || (ok && !ok(a))) continue;
    touched.add(a);
    out.push(a);
  }
  return out;
}

/** Per-day probabilities, per started app unless said otherwise; together about 1 % of the apps a day. */
const RATES = {
  flip: 0.008, // per privileged app: restaged to unprivileged
  regress: 0.00005, // re-desired privileged
  restart: 0.002, // restage/restart/push of any app: new versions, unprivileged
  scale: 0.0015,
  rename: 0.0003,
  rolling: 0.0008, // finishes the next day
  stop: 0.0012,
  start: 0.1, // per stopped app
  create: 0.0012,
  delete: 0.001, // per app, started or stopped
};

class Foundation {
  constructor({ lrps = 50000, seed = 1, privilegedShare = 0.03, orgs = 400, start = EPOCH_2026_11, churn = 1, cacheLines = false } = {}) {
    if (!Number.isInteger(lrps) || lrps < 0) throw new Error("lrps must be a non-negative integer");
    if (!(churn >= 0)) throw new Error("churn must be a non-negative number");
    this.seed = String(seed);
    this.start = Math.floor(start);
    this.churn = churn;
    this.cacheLines = cacheLines;
    this.day = 0;
    const r = makeRng(`rootless-ready:${seed}`);
    this.topo = buildTopology(r, orgs);
    this.apps = [];
    let count = 0;
    while (count < lrps) {
      const app = makeApp(r, this.topo.pickSpace(), privilegedShare, { latest: Math.min(EPOCH_2026_11, this.start) });
      const updatedAt = () => (app.era === "modern" ? r.int(app.createdAt, Math.max(app.createdAt, this.start - 3600)) : app.createdAt);
      for (const proc of app.procs) app.lrps.push(newLrp(r, app, proc, { privileged: app.privileged, at: updatedAt(), era: app.era }));
      if (app.era === "modern" && r.chance(0.003)) this.#startRolling(r, app, this.start - r.int(60, 3600));
      if (count + app.lrps.length > lrps) this.#truncate(app, lrps - count);
      count += app.lrps.length;
      app.lastPrivileged = isPrivileged(app);
      this.apps.push(app);
    }
  }

  /** The last app of day 0 keeps only its first `n` LRPs so that the dump has exactly the LRPs asked for. */
  #truncate(app, n) {
    app.lrps.length = n;
    app.procs = app.procs.filter((p) => app.lrps.some((l) => l.proc === p));
    if (app.rolling && !app.procs.includes(app.rolling.newProc)) app.rolling = null;
  }

  #restart(r, app, at, privileged) {
    app.lrps = app.procs.map((p) => newLrp(r, app, p, { privileged, at }));
  }

  #startRolling(r, app, at) {
    const oldProc = app.procs.find((p) => p.type === "web");
    const total = oldProc.instances;
    const newProc = { ...oldProc, guid: r.uuid(), instances: Math.max(1, total - Math.ceil(total / 2)) };
    oldProc.instances = Math.ceil(total / 2);
    const old = app.lrps.find((l) => l.proc === oldProc);
    if (old) updateLrp(r, old, at);
    app.procs.push(newProc);
    app.lrps.push(newLrp(r, app, newProc, { privileged: false, at }));
    app.rolling = { oldProc, newProc, total };
  }

  /** The deployment's old web process goes, the new one takes all instances, other processes restart. */
  #finishRolling(r, app, at) {
    const { oldProc, newProc, total } = app.rolling;
    app.rolling = null;
    app.procs = app.procs.filter((p) => p !== oldProc);
    app.lrps = app.lrps.filter((l) => l.proc !== oldProc);
    newProc.instances = total;
    for (const l of app.lrps) {
      if (l.proc === newProc) updateLrp(r, l, at);
    }
    app.lrps = app.lrps.map((l) => (l.proc === newProc ? l : newLrp(r, app, l.proc, { privileged: false, at })));
  }

  /** Moves the foundation to the next day; returns what changed (app counts per kind of change). */
  nextDay() {
    this.day++;
    const day = this.day;
    const r = makeRng(`rootless-ready:${this.seed}:day:${day}`);
    const now = this.start + day * DAY;
    const at = () => now - r.int(60, DAY - 60);
    const n = (x) => Math.floor(x * this.churn + r.next());
    const touched = new Set();
    const changes = { restarted: 0, flipped: 0, regressed: 0, scaled: 0, renamed: 0, rollingStarted: 0, rollingFinished: 0, stopped: 0, started: 0, created: 0, deleted: 0 };

    for (const app of this.apps) {
      if (app.rolling && app.state === "started") {
        this.#finishRolling(r, app, at());
        touched.add(app);
        changes.rollingFinished++;
      }
    }
    const started = this.apps.filter((a) => a.state === "started");
    const stopped = this.apps.filter((a) => a.state === "stopped");
    const privileged = started.filter((a) => a.lastPrivileged);
    const S = started.length;

    for (const app of sample(r, privileged, n(privileged.length * RATES.flip), touched)) {
      this.#restart(r, app, at(), false);
      changes.flipped++;
    }
    for (const app of sample(r, started, n(S * RATES.regress), touched, (a) => !a.lastPrivileged && !a.docker)) {
      this.#restart(r, app, at(), true);
      changes.regressed++;
    }
    for (const app of sample(r, started, n(S * RATES.restart), touched)) {
      this.#restart(r, app, at(), false);
      changes.restarted++;
    }
    for (const app of sample(r, started, n(S * RATES.scale), touched)) {
      const proc = r.pick(app.procs);
      let next = proc.instances;
      while (next === proc.instances) next = r.weighted([[1, 30], [2, 30], [3, 15], [4, 10], [6, 8], [10, 5], [20, 2]]);
      proc.instances = next;
      updateLrp(r, app.lrps.find((l) => l.proc === proc), at());
      changes.scaled++;
    }
    for (const app of sample(r, started, n(S * RATES.rename), touched)) {
      app.name = `${app.name.replace(/-v\d+$/, "")}-v${r.int(2, 9)}`;
      const t = at();
      for (const l of app.lrps) updateLrp(r, l, t);
      changes.renamed++;
    }
    for (const app of sample(r, started, n(S * RATES.rolling), touched, (a) => a.procs.some((p) => p.type === "web"))) {
      this.#startRolling(r, app, at());
      changes.rollingStarted++;
    }
    for (const app of sample(r, started, n(S * RATES.stop), touched)) {
      app.state = "stopped";
      app.lrps = [];
      app.everAbsent = true;
      changes.stopped++;
    }
    for (const app of sample(r, stopped, n(stopped.length * RATES.start), touched)) {
      app.state = "started";
      this.#restart(r, app, at(), false);
      changes.started++;
    }
    const gone = new Set(sample(r, this.apps, n(this.apps.length * RATES.delete), touched));
    changes.deleted = gone.size;
    if (gone.size) this.apps = this.apps.filter((a) => !gone.has(a));
    for (let i = n(S * RATES.create); i > 0; i--) {
      const t = at();
      const app = makeApp(r, this.topo.pickSpace(), 0, { createdAt: t, latest: t });
      app.firstDay = day;
      this.#restart(r, app, t, false);
      app.lastPrivileged = false;
      this.apps.push(app);
      touched.add(app);
      changes.created++;
    }

    for (const app of touched) {
      if (app.state !== "started" || gone.has(app)) continue;
      const p = isPrivileged(app);
      if (p !== app.lastPrivileged) app.privilegeChanges.push({ day, privileged: p });
      app.lastPrivileged = p;
    }
    changes.changedApps = touched.size;
    changes.changedShare = S ? touched.size / S : 0;
    return changes;
  }

  /** Every app the model knows (started or stopped), with what a test can check against the server. */
  appSummaries() {
    return this.apps.map((a) => ({
      guid: a.guid,
      name: a.name,
      org: a.org.name,
      space: a.space.name,
      present: a.state === "started",
      privileged: a.state === "started" && isPrivileged(a),
      firstDay: a.firstDay,
      everAbsent: a.everAbsent,
      privilegeChanges: a.privilegeChanges.map((c) => ({ ...c })),
    }));
  }

  /** This day's dump, one line at a time in process_guid order; fills `stats` (see emptyStats) as it goes. */
  *lines(stats = null) {
    const list = [];
    for (const a of this.apps) if (a.state === "started") for (const l of a.lrps) list.push(l);
    list.sort((a, b) => (a.pg < b.pg ? -1 : a.pg > b.pg ? 1 : 0));
    const s = stats;
    const apps = s ? new Set() : null;
    const privApps = s ? new Set() : null;
    const webCount = s ? new Map() : null;
    if (s) {
      s.day = this.day;
      s.orgs = this.topo.orgs.length;
      s.spaces = this.topo.spaces.length;
    }
    for (const l of list) {
      const line = l.line ?? renderLrp(l);
      if (this.cacheLines) l.line = line;
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
        if (l.tags === "none") s.legacyLrps++;
        if (l.app.space.segment) s.isolationSegmentLrps++;
        if (l.type === "worker") s.workerLrps++;
        else {
          const k = (webCount.get(l.app.guid) ?? 0) + 1;
          webCount.set(l.app.guid, k);
          if (k === 2) s.rollingDeployApps++;
        }
        if (l.app.sshfs && l.type === "web") s.sshfsLrps++;
        s.apps = apps.size;
        s.privilegedApps = privApps.size;
      }
      yield line;
    }
  }

  /** Streams this day's dump to `out` (gzip optional). Resolves to { bytes (on disk), rawBytes, stats }. */
  write({ out, gzip = false }) {
    return writeLines(this.lines.bind(this), { out, gzip });
  }
}

async function writeLines(lines, { out, gzip }) {
  const stats = emptyStats();
  const it = lines(stats);
  function* chunks() {
    let buf = "";
    for (const line of it) {
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
const EGRESS_BASE = [
  { protocol: "all", destinations: ["0.0.0.0-9.255.255.255"], log: false },
  { protocol: "all", destinations: ["11.0.0.0-169.253.255.255"], log: false },
  { protocol: "tcp", destinations: ["10.20.0.0/16"], ports: [443, 5432], log: false },
  { protocol: "udp", destinations: ["10.0.0.2"], ports: [53], log: false },
];
/** ASG rules as CC sends them: the shared base, then the space's own rules (one per service network). */
function egressRules(n) {
  const rules = EGRESS_BASE.slice(0, Math.min(n, EGRESS_BASE.length));
  for (let i = EGRESS_BASE.length; i < n; i++) {
    rules.push(
      i % 3 === 0
        ? { protocol: "tcp", destinations: [`10.${40 + i}.0.0-10.${40 + i}.15.255`], ports: [443, 8443], log: false }
        : { protocol: "tcp", destinations: [`10.${40 + i}.${i * 7}.0/24`], port_range: { start: 5432 + i, end: 5442 + i }, log: i % 5 === 0 },
    );
  }
  return rules;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/** A certificate-shaped blob of random base64: CA certificates are public, and this one is not even real. */
function fakeCertificate(r) {
  let s = "-----BEGIN CERTIFICATE-----\n";
  const lines = r.int(16, 24);
  for (let i = 0; i < lines; i++) {
    let line = "";
    for (let j = 0; j < 16; j++) {
      const x = r.next() * 16777216;
      line += B64[x & 63] + B64[(x >> 6) & 63] + B64[(x >> 12) & 63] + B64[(x >> 18) & 63];
    }
    s += line + "\n";
  }
  return s + "-----END CERTIFICATE-----\n";
}

function credentials(r, label, instance, app) {
  if (label === "user-provided") {
    return r.chance(0.5)
      ? { "credhub-ref": `/credhub-service-broker/user-provided/${instance}` }
      : { url: `https://${r.pick(NOUNS)}.partner.example.com/api`, username: `svc-${app.noun}`, password: REDACTED, client_id: `${app.noun}-${r.hex(8)}`, client_secret: REDACTED };
  }
  if (r.chance(0.6)) return { "credhub-ref": `/c/${label}/${instance}/credentials-json` };
  const host = `${r.hex(8)}.${label.replace(/^p[.-]/, "")}.service.internal`;
  const tls = r.chance(0.25) ? { tls: { cert: { ca: fakeCertificate(r) } } } : {};
  switch (label) {
    case "p.mysql":
    case "postgres":
      return { hostname: host, jdbcUrl: REDACTED, name: `service_instance_db_${r.hex(6)}`, password: REDACTED, port: label === "postgres" ? 5432 : 3306, ...tls, uri: REDACTED, username: REDACTED };
    case "p.redis":
      return { host, password: REDACTED, port: 6379, tls_port: 16379, ...tls };
    case "p.rabbitmq": {
      const hosts = [0, 1, 2].map((i) => `${r.hex(8)}-${i}.rabbitmq.service.internal`);
      return {
        dashboard_url: `https://rmq-${instance}.sys.example.com/#/login/`,
        hostname: hosts[0],
        hostnames: hosts,
        http_api_uri: REDACTED,
        http_api_uris: hosts.map(() => REDACTED),
        password: REDACTED,
        protocols: { amqp: { host: hosts[0], hosts, password: REDACTED, port: 5672, ssl: false, uri: REDACTED, uris: hosts.map(() => REDACTED), username: REDACTED, vhost: instance } },
        ssl: false,
        uri: REDACTED,
        uris: hosts.map(() => REDACTED),
        username: REDACTED,
        vhost: instance,
      };
    }
    case "s3":
      return { access_key_id: REDACTED, bucket: `${app.noun}-${r.hex(12)}`, endpoint: "https://s3.example.com", region: "eu-central-1", secret_access_key: REDACTED };
    default:
      return { uri: REDACTED, ...tls };
  }
}

/** The app's bindings, the same in all its LRPs (seeded by the app guid). */
function vcapServices(app) {
  if (app.services.length === 0) return "{}";
  const r = makeRng(`svc:${app.guid}`);
  const out = {};
  for (const [label, plans, tags] of app.services) {
    const name = `${app.noun}-${label.replace(/^p[.-]/, "")}${r.chance(0.3) ? "-" + r.int(1, 9) : ""}`;
    const instance = r.uuid();
    (out[label] ??= []).push({
      label,
      provider: null,
      plan: plans.length ? r.pick(plans) : "",
      name,
      tags,
      instance_guid: instance,
      instance_name: name,
      binding_guid: r.uuid(),
      binding_name: null,
      credentials: credentials(r, label, instance, app),
      syslog_drain_url: null,
      volume_mounts: [],
    });
  }
  return JSON.stringify(out);
}

/** The app's run env: CC's own variables, then the user's (seeded by the app guid). */
function runEnv(app) {
  const env = [
    { name: "PORT", value: "8080" },
    { name: "VCAP_APPLICATION", value: REDACTED },
    { name: "VCAP_SERVICES", value: vcapServices(app) },
  ];
  for (const [name, value] of app.userEnv) env.push({ name, value });
  if (app.envCount) {
    const r = makeRng(`env:${app.guid}`);
    const seen = new Set(app.userEnv.map(([name]) => name));
    for (let i = 0; i < app.envCount; i++) {
      const [name, value] = r.pick(USER_ENV)(r, app);
      if (seen.has(name)) continue;
      seen.add(name);
      env.push({ name, value });
    }
  }
  return env;
}

function launcher(command, env, logSource, user, execMeta) {
  return {
    run: {
      path: "/tmp/lifecycle/launcher",
      args: ["app", command, execMeta],
      env,
      resource_limits: { nofile: 16384 },
      user,
      log_source: logSource,
      suppress_log_output: false,
      volume_mounted_files: null,
    },
  };
}

/** One LRP as cfdot prints it. Random parts are seeded by its process_guid, so it renders the same every day. */
function renderLrp(l) {
  const r = makeRng(l.pg);
  const app = l.app;
  const legacy = l.era === "legacy";
  const mid = l.era === "mid";
  const docker = app.docker;
  const type = l.type;
  const isWeb = type === "web";
  const pg = l.pg;
  const processGuid = l.proc.guid;
  const space = app.space;
  const org = app.org;
  const segment = space.segment;
  const ssh = app.ssh;
  const user = docker ? "root" : "vcap";
  const web8080 = isWeb || docker;
  const command = l.proc.command;
  const health = l.proc.health;
  const processHealth = health === "process";

  const env = runEnv(app);
  const execMeta = docker ? JSON.stringify({ cmd: ["/bin/sh", "-c", command], ports: [{ Port: 8080, Protocol: "tcp" }], user: "root" }) : "";
  const actions = [launcher(docker ? "" : command, env, `APP/PROC/${type.toUpperCase()}`, user, execMeta)];
  if (isWeb) {
    for (const [name, cmd] of app.sidecars) actions.push(launcher(cmd, env, `APP/PROC/${type.toUpperCase()}/SIDECAR/${name.toUpperCase()}`, user, ""));
  }
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
                  from: `http://cloud-controller-ng.service.cf.internal:9022/internal/v2/droplets/${processGuid}/${r.hex(32)}/download`,
                  to: ".",
                  cache_key: `droplets-${pg}`,
                  user: "vcap",
                  checksum_algorithm: "sha1",
                  checksum_value: r.hex(40),
                }
              : {
                  artifact: "droplet",
                  from: `https://cloud-controller-ng.service.cf.internal:9023/internal/v4/droplets/${processGuid}/${r.hex(32)}/download`,
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
  if (!processHealth) {
    o.monitor = {
      timeout: {
        action: {
          parallel: {
            actions: [
              {
                run: {
                  path: "/tmp/lifecycle/healthcheck",
                  args: health === "http" ? ["-port=8080", "-uri=/health"] : ["-port=8080"],
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
  routes["cf-router"] = isWeb
    ? app.hostnames.map((h) =>
        legacy ? { hostnames: [h], port: 8080, route_service_url: null } : { hostnames: [h], port: 8080, route_service_url: null, isolation_segment: segment, protocol: "http1" },
      )
    : [];
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
  o.annotation = l.annotation;
  o.egress_rules = egressRules(app.egress);
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
  o.check_definition = processHealth
    ? { log_source: "" }
    : { checks: [health === "http" ? { http_check: { port: 8080, path: "/health" } } : { tcp_check: { port: 8080 } }], log_source: "" };
  if (l.tags === "ids") {
    o.metric_tags = {
      instance_id: { dynamic: "INDEX" },
      process_id: { static: processGuid },
      process_instance_id: { dynamic: "INSTANCE_GUID" },
      process_type: { static: type },
      source_id: { static: app.guid },
    };
  } else if (l.tags === "names") {
    o.metric_tags = {
      app_id: { static: app.guid },
      app_name: { static: l.names.app },
      instance_id: { dynamic: "INDEX" },
      organization_id: { static: org.guid },
      organization_name: { static: l.names.org },
      process_id: { static: processGuid },
      process_instance_id: { dynamic: "INSTANCE_GUID" },
      process_type: { static: type },
      source_id: { static: app.guid },
      space_id: { static: space.guid },
      space_name: { static: l.names.space },
    };
  }
  if (!legacy) o.log_rate_limit = { bytes_per_second: -1 };
  o.volume_mounted_files = null;

  let line = JSON.stringify(o);
  // Go's encoding/json escapes these three (cfdot keeps the default); they only occur inside strings.
  if (/[&<>]/.test(line)) line = line.replace(/[&<>]/g, (c) => (c === "&" ? "\\u0026" : c === "<" ? "\\u003c" : "\\u003e"));
  return line + "\n";
}

// ---------------------------------------------------------------------------------------------------------
// Public API

/** Fresh counters for lines({ stats }). */
export function emptyStats() {
  return {
    day: 0,
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
 * A foundation on day 0, deterministic for a given seed; `nextDay()` moves it on, `lines()` / `write()` give
 * that day's dump. `start` is day 0's time (epoch seconds; day N is N × 24 h later); `churn` scales how many
 * apps change per day; `cacheLines` keeps rendered lines (a few KB per LRP) so a series renders only changes.
 */
export function createFoundation(opts = {}) {
  return new Foundation(opts);
}

/**
 * Yields day 0's `lrps` NDJSON lines (each ending in "\n"), deterministic for a given seed.
 * If `stats` is given (see emptyStats), it is filled in as lines are yielded; `apps` and `privilegedApps`
 * follow product.md (distinct log_guid; apps with any privileged LRP) and are final after the last line.
 */
export function* generateDumpLines({ stats = null, ...opts } = {}) {
  yield* new Foundation(opts).lines(stats);
}

/** Streams day `day` (default 0) of a foundation to `out` (gzip optional). Resolves to { bytes (on disk), rawBytes, stats }. */
export async function writeDump({ out, gzip = false, day = 0, ...opts }) {
  const f = new Foundation(opts);
  while (f.day < day) f.nextDay();
  return f.write({ out, gzip });
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
      days: { type: "string", default: "1" },
      churn: { type: "string", default: "1" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  return { ...values, lrps: Number(values.lrps), privilegedShare: Number(values["privileged-share"]), days: Number(values.days), churn: Number(values.churn) };
}

/** `out` for one day of a series: `{day}` replaced, else `-dayNNN` before the extension. */
function dayPath(out, day, days) {
  if (days === 1) return out;
  const d = String(day).padStart(3, "0");
  if (out.includes("{day}")) return out.replaceAll("{day}", d);
  const ext = out.endsWith(".ndjson.gz") ? ".ndjson.gz" : path.extname(out);
  return `${out.slice(0, out.length - ext.length)}-day${d}${ext}`;
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
    if (!Number.isInteger(opts.days) || opts.days < 1) throw new Error("--days must be a positive integer");
    if (!(opts.churn >= 0)) throw new Error("--churn must be a non-negative number");
    if (!(opts.privilegedShare >= 0 && opts.privilegedShare <= 1)) throw new Error("--privileged-share must be within 0..1");
  } catch (e) {
    console.error(`gen-dump: ${e.message}`);
    opts = { help: true, error: true };
  }
  if (opts.help) {
    console.error(
      "usage: node scripts/gen-dump.mjs --lrps 50000 --out file.ndjson [--gzip] [--seed 1] [--privileged-share 0.03]\n" +
        "                                 [--days N [--churn 1]]   (N files: {day} in --out, or -dayNNN added)",
    );
    process.exit(opts.error ? 2 : 0);
  }
  const mb = (n) => (n / 1048576).toFixed(1);
  const f = createFoundation({ ...opts, cacheLines: opts.days > 1 });
  for (let day = 0; day < opts.days; day++) {
    const changes = day > 0 ? f.nextDay() : null;
    const out = dayPath(opts.out, day, opts.days);
    await mkdir(path.dirname(path.resolve(out)), { recursive: true });
    const t0 = process.hrtime.bigint();
    const { bytes, rawBytes, stats } = await f.write({ out, gzip: opts.gzip });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const changed = changes
      ? ` · changed ${changes.changedApps} apps (${(changes.changedShare * 100).toFixed(2)} %: ${Object.entries(changes)
          .filter(([k, v]) => v > 0 && k !== "changedApps" && k !== "changedShare")
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")})`
      : "";
    console.log(
      `${out}: ${bytes} bytes (${mb(bytes)} MB${opts.gzip ? `, ${mb(rawBytes)} MB uncompressed` : ""}), ` +
        `${stats.lrps} LRPs, ${stats.apps} apps, ${stats.privilegedApps} privileged apps, ${secs.toFixed(1)} s${changed}`,
    );
  }
}
