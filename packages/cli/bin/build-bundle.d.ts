// Types for build-bundle.js (plain JavaScript so setup can run it without a loader).
import type { Stamp } from './freshness.js';
export declare const REPO_ROOT: string;
export declare function snapshot(root: string, rels: string[]): Pick<Stamp, 'files' | 'contentHash'>;
export declare function writeStamp(outDir: string, stamp: Omit<Stamp, 'version'>): void;
export interface BuildOptions {
  /** Repository root (default: the one this file is in). */
  root?: string;
  /** Output directory (default: packages/cli/dist); must be inside the repository so externals resolve. */
  outDir?: string;
  /** Entry module relative to root (default: packages/cli/src/main.ts). */
  entry?: string;
  force?: boolean;
}
export declare function buildBundle(options?: BuildOptions): Promise<'up-to-date' | 'restamped' | 'built'>;
