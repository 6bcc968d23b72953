/**
 * mulberry32: a tiny deterministic PRNG, uniform in [0, 1). Synthetic data
 * (benchmarks, oracle tests, the analytics seeder) is generated from a seed
 * so that a failure reproduces and two runs compare the same inputs.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
