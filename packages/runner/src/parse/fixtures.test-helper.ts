import { readFileSync } from 'node:fs';

/** Reads a fixture captured by testdata/capture.sh. */
export function fixture(path: string): string {
  return readFileSync(new URL(`../../testdata/${path}`, import.meta.url), 'utf8');
}
