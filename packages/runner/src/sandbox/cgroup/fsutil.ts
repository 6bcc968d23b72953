import { readFileSync, writeFileSync } from 'node:fs';

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

export function readNumber(path: string): number {
  const n = Number(readText(path).trim());
  return Number.isFinite(n) ? n : 0;
}

/** `key value` lines (memory.events, pids.events, cpu.stat, memory.oom_control). */
export function readKeyed(path: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readText(path).split('\n')) {
    const [k, v] = line.trim().split(/\s+/);
    if (k && v !== undefined) out[k] = Number(v);
  }
  return out;
}

export function readPids(path: string): number[] {
  return readText(path)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map(Number);
}

export function write(path: string, value: string): void {
  writeFileSync(path, value);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
