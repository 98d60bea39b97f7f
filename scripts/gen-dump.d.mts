export interface DumpStats {
  lrps: number;
  apps: number;
  privilegedApps: number;
  bytes: number;
  [counter: string]: number;
}
export function emptyStats(): DumpStats;
export function generateDumpLines(opts?: { lrps?: number; seed?: number | string; privilegedShare?: number; orgs?: number; stats?: DumpStats | null }): Generator<string>;
export function writeDump(opts: { out: string; gzip?: boolean; lrps?: number; seed?: number | string; privilegedShare?: number }): Promise<{ bytes: number; rawBytes: number; stats: DumpStats }>;
