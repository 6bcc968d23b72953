/**
 * `gopherlab benchstat [--json] old.txt [new.txt ...]`: compares Go benchmark
 * outputs with our TypeScript benchstat and prints benchstat's table layout
 * (or the model as JSON). Like benchstat, an argument `label=path` names a
 * column, and `-` reads standard input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError } from '@gopherlab/errors';
import { benchstat, formatBenchstatText } from '@gopherlab/profiling';
import type { Command } from '../main.js';

function readInput(arg: string): { label: string; text: string } {
  const eq = arg.indexOf('=');
  const label = eq >= 0 ? arg.slice(0, eq) : arg;
  const path = eq >= 0 ? arg.slice(eq + 1) : arg;
  try {
    return { label, text: readFileSync(path === '-' ? 0 : path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') throw new AppError('file_not_found', `Cannot read ${path}: the file does not exist.`);
    throw e;
  }
}

function parseLevel(name: string, raw: string | undefined, def: number): number {
  if (raw === undefined) return def;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0 || v > 1) throw new AppError('invalid_option', `--${name} must be a number in [0, 1].`);
  return v;
}

export const command: Command = {
  usage: 'gopherlab benchstat [--json] [--alpha 0.05] [--confidence 0.95] old.txt [new.txt ...]',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        alpha: { type: 'string' },
        confidence: { type: 'string' },
      },
    });
    if (positionals.length === 0) {
      console.error(`usage: ${this.usage}`);
      return 2;
    }
    const alpha = parseLevel('alpha', values.alpha, 0.05);
    const confidence = parseLevel('confidence', values.confidence, 0.95);
    const result = benchstat(positionals.map(readInput), { alpha, confidence });
    for (const e of result.syntaxErrors) console.error(e);
    if (result.tables.length === 0) throw new AppError('invalid_benchmark_output');
    if (values.json) {
      // Infinite interval bounds (too few samples) have no JSON number: null.
      process.stdout.write(`${JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
    } else {
      process.stdout.write(formatBenchstatText(result));
    }
    return 0;
  },
};
