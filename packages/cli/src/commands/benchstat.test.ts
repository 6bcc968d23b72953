import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { command } from './benchstat.js';
import { capture } from './testing.js';

const testdata = resolve(dirname(fileURLToPath(import.meta.url)), '../../../profiling/testdata/benchstat');


afterEach(() => {
  vi.restoreAllMocks();
});

describe('gopherlab benchstat', () => {
  it('prints the same table as the real benchstat for the captured files', async () => {
    const io = capture();
    const code = await command.run([join(testdata, 'old.txt'), join(testdata, 'new.txt')]);
    expect(code).toBe(0);
    // The real benchstat labels columns with the paths it was given; ours too.
    const want = readFileSync(join(testdata, 'old-new.benchstat.txt'), 'utf8').replaceAll('old.txt', join(testdata, 'old.txt')).replaceAll('new.txt', join(testdata, 'new.txt'));
    expect(io.out().split('\n').slice(4).join('\n').replace(/ +/g, ' ')).toBe(want.split('\n').slice(4).join('\n').replace(/ +/g, ' '));
  });

  it('labels columns with label=path and prints JSON with --json', async () => {
    const io = capture();
    const code = await command.run(['--json', `old=${join(testdata, 'old.txt')}`, `new=${join(testdata, 'new.txt')}`]);
    expect(code).toBe(0);
    const res = JSON.parse(io.out()) as { tables: { unit: string; columns: string[] }[] };
    expect(res.tables[0]).toMatchObject({ unit: 'sec/op', columns: ['old', 'new'] });
  });

  it('fails with stable codes on missing files, no results and bad options', async () => {
    capture();
    await expect(command.run(['/nonexistent/old.txt'])).rejects.toMatchObject({ code: 'file_not_found' });
    await expect(command.run([join(testdata, 'README.md')])).rejects.toMatchObject({ code: 'invalid_benchmark_output' });
    await expect(command.run(['--alpha', '2', join(testdata, 'old.txt')])).rejects.toMatchObject({ code: 'invalid_option' });
    expect(await command.run([])).toBe(2);
  });
});
