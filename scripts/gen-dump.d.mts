export interface DumpStats {
  day: number;
  lrps: number;
  apps: number;
  privilegedLrps: number;
  privilegedInstances: number;
  privilegedApps: number;
  bytes: number;
  [counter: string]: number;
}

export interface FoundationOptions {
  lrps?: number;
  seed?: number | string;
  privilegedShare?: number;
  orgs?: number;
  /** day 0's time, epoch seconds */
  start?: number;
  /** scales how many apps change per day (1 ≈ 1 %) */
  churn?: number;
  cacheLines?: boolean;
}

/** Apps changed by one nextDay(), per kind of change. */
export interface DayChanges {
  restarted: number;
  flipped: number;
  regressed: number;
  scaled: number;
  renamed: number;
  rollingStarted: number;
  rollingFinished: number;
  stopped: number;
  started: number;
  created: number;
  deleted: number;
  changedApps: number;
  changedShare: number;
}

export interface AppSummary {
  guid: string;
  name: string;
  org: string;
  space: string;
  present: boolean;
  privileged: boolean;
  firstDay: number;
  everAbsent: boolean;
  privilegeChanges: { day: number; privileged: boolean }[];
}

export interface Foundation {
  readonly day: number;
  nextDay(): DayChanges;
  lines(stats?: DumpStats | null): Generator<string>;
  write(opts: { out: string; gzip?: boolean }): Promise<{ bytes: number; rawBytes: number; stats: DumpStats }>;
  appSummaries(): AppSummary[];
}

export function emptyStats(): DumpStats;
export function createFoundation(opts?: FoundationOptions): Foundation;
export function generateDumpLines(opts?: FoundationOptions & { stats?: DumpStats | null }): Generator<string>;
export function writeDump(opts: FoundationOptions & { out: string; gzip?: boolean; day?: number }): Promise<{ bytes: number; rawBytes: number; stats: DumpStats }>;
