/** How `npm run bench` summarises and prints what it measures, for every section alike. */

/** the value at quantile `q` of samples sorted in ascending order (the nearest-rank method) */
export const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN

/** milliseconds, with as many decimals as a value of that size deserves */
export const ms = (value: number) =>
  value < 10 ? value.toFixed(3) : value < 1000 ? value.toFixed(1) : value.toFixed(0)

export const verdict = (value: number, target: number) =>
  value < target ? `✓ < ${target} ms` : `✗ target < ${target} ms`
