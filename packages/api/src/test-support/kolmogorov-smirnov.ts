/**
 * The two-sample Kolmogorov–Smirnov statistic: the largest gap between the two samples' empirical distribution
 * functions (0 = indistinguishable, 1 = no overlap). Used to show that a response's time does not tell two cases apart.
 */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) throw new Error('both samples need values');
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const xi = x[i] ?? 0;
    const yj = y[j] ?? 0;
    const value = Math.min(xi, yj);
    // Step past every value equal to `value` in both samples before comparing, so ties count once.
    while (i < x.length && (x[i] ?? 0) <= value) i++;
    while (j < y.length && (y[j] ?? 0) <= value) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** c(α) for α = 0.001: sqrt(-ln(α/2) / 2). */
export const KS_C_ALPHA_0_001 = 1.949;

/** The largest D two samples of sizes n and m may show before we reject "same distribution" at level α. */
export function ksCriticalValue(n: number, m: number, cAlpha = KS_C_ALPHA_0_001): number {
  return cAlpha * Math.sqrt((n + m) / (n * m));
}
