import { describe, expect, it } from 'vitest';
import { KS_C_ALPHA_0_001, ksCriticalValue, ksStatistic } from './kolmogorov-smirnov.ts';

describe('two-sample Kolmogorov–Smirnov', () => {
  it('is 0 for the same sample and 1 for samples that do not overlap', () => {
    expect(ksStatistic([3, 1, 2], [2, 3, 1])).toBe(0);
    expect(ksStatistic([1, 2, 3], [4, 5, 6, 7])).toBe(1);
    expect(ksStatistic([4, 5, 6, 7], [1, 2, 3])).toBe(1);
  });

  it('gives the largest gap between the two step functions, counting ties once', () => {
    // After 2: F_a = 2/4, F_b = 0/2; after 3: 3/4 vs 1/2; after 4: 1 vs 1.
    expect(ksStatistic([1, 2, 3, 4], [3, 4])).toBeCloseTo(0.5);
    // Ties across the samples: after 1, 2/3 vs 1/3; after 2, 1 vs 1.
    expect(ksStatistic([1, 1, 2], [1, 2, 2])).toBeCloseTo(1 / 3);
  });

  it('tells apart two clearly shifted samples and not two draws of the same one', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const draw = (shift: number) => Array.from({ length: 400 }, () => 10 + shift + random() * 10);
    const critical = ksCriticalValue(400, 400);
    expect(ksStatistic(draw(0), draw(0))).toBeLessThan(critical);
    expect(ksStatistic(draw(0), draw(5))).toBeGreaterThan(critical);
  });

  it('uses c(0.001) = sqrt(-ln(0.0005) / 2) and shrinks with the sample sizes', () => {
    expect(KS_C_ALPHA_0_001).toBeCloseTo(Math.sqrt(-Math.log(0.0005) / 2), 3);
    expect(ksCriticalValue(200, 200)).toBeCloseTo(0.1949, 4);
    expect(ksCriticalValue(800, 800)).toBeLessThan(ksCriticalValue(200, 200));
  });
});
