// Types for freshness.js (plain JavaScript: it runs before any TypeScript loader).
export declare const STAMP_VERSION: number;
export declare const BUNDLE_DIR: string;
export declare const BUNDLE_ENTRY: string;
export declare const STAMP_FILE: string;
/** [path relative to the repository root, mtimeMs, size] */
export type StampedFile = [string, number, number];
export interface Stamp {
  version: number;
  entry?: string;
  esbuild?: string;
  outputs?: string[];
  files: StampedFile[];
  contentHash: string;
}
export declare function readStamp(outDir: string): Stamp | undefined;
export declare function inputsUnchanged(root: string, stamp: Pick<Stamp, 'files'>): boolean;
export declare function freshBundle(root: string, outDir?: string): string | undefined;
export declare function chooseEntry(root: string, env?: Record<string, string | undefined>, outDir?: string): string | undefined;
export declare const LOADER_MODES: readonly string[];
export declare class InvalidLoaderError extends Error {
  code: 'invalid_config';
  constructor(value: string);
}
