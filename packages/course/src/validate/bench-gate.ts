/**
 * Keeps benchmark runs of a validation apart from everything else it runs.
 * The validator runs several sandbox tasks at once; a benchmark measured
 * while another task compiles on the same cores reads slow, and a reference
 * compared with itself then "fails" its own ratio. Every run goes through
 * this gate: ordinary runs share it, a benchmark run holds it alone. Waiting
 * benchmarks go first, so a stream of short runs cannot starve them.
 */
import type { LabRunner } from '../grader/runner.js';

export class ReadWriteGate {
  private readers = 0;
  private writer = false;
  private readonly queue: { exclusive: boolean; grant: () => void }[] = [];

  async acquire(exclusive: boolean): Promise<void> {
    if (this.queue.length === 0 && this.canGrant(exclusive)) {
      this.take(exclusive);
      return;
    }
    await new Promise<void>((grant) => this.queue.push({ exclusive, grant }));
  }

  release(exclusive: boolean): void {
    if (exclusive) this.writer = false;
    else this.readers--;
    while (this.queue.length > 0 && this.canGrant(this.queue[0]!.exclusive)) {
      const next = this.queue.shift()!;
      this.take(next.exclusive);
      next.grant();
      if (next.exclusive) break;
    }
  }

  private canGrant(exclusive: boolean): boolean {
    return exclusive ? !this.writer && this.readers === 0 : !this.writer;
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.writer = true;
    else this.readers++;
  }
}

/** A runner whose `bench` runs never overlap any other run made through it. */
export function gateBenchmarks(runner: LabRunner, gate = new ReadWriteGate()): LabRunner {
  return {
    async run(request, hooks) {
      const exclusive = request.action === 'bench';
      await gate.acquire(exclusive);
      try {
        return await runner.run(request, hooks);
      } finally {
        gate.release(exclusive);
      }
    },
  };
}
