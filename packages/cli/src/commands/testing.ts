// Shared by the command tests: captures what a command prints, whichever channel it uses.
import { vi } from 'vitest';

/** Captures stdout (write and console.log) and console.error; the caller restores mocks in afterEach. */
export function capture(): { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out += `${args.join(' ')}\n`;
  });
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    err += `${args.join(' ')}\n`;
  });
  return { out: () => out, err: () => err };
}
