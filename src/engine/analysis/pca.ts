// Principal component analysis of n points in d dimensions: covariance in one blocked pass, then a dense eigensolve.
// Meant for d up to a few hundred (word vectors); a d×d matrix must fit in memory. No whitening, no incremental fit.
import { symmetricEigen } from './symmetricEigen';

export interface PcaResult {
  /** [n * k] coordinates of each point on the k components. */
  coords: Float32Array;
  k: number;
  /** [k * d] row c is component c, a unit vector; its sign puts the largest-magnitude entry positive. */
  components: Float64Array;
  /** [d] the mean that was subtracted. */
  mean: Float64Array;
  /** [k] variance along each component (descending). */
  explainedVariance: Float64Array;
  /** [k] explainedVariance / total variance, each in [0, 1]. */
  explainedVarianceRatio: Float64Array;
}

const ROWS_PER_BLOCK = 64;

/**
 * Projects the n rows of `x` ([n * d], row-major) onto their top k principal components (k ≤ d).
 * Sample covariance uses 1/(n−1); a constant input gives zero coordinates and ratios of 0.
 */
export function pca(x: Float32Array, n: number, d: number, k: number): PcaResult {
  if (!(k >= 1 && k <= d)) throw new RangeError(`k must be in [1, ${d}], got ${k}`);
  if (x.length < n * d) throw new RangeError(`expected ${n * d} values, got ${x.length}`);
  const mean = columnMeans(x, n, d);
  const cov = covariance(x, n, d, mean);
  const { values, vectors } = symmetricEigen(cov, d);
  let total = 0;
  for (let i = 0; i < d; i++) total += Math.max(0, values[i]);
  const components = new Float64Array(k * d);
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const row = vectors.subarray(c * d, (c + 1) * d);
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(row[j]) > Math.abs(row[big])) big = j;
    const sign = row[big] < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * row[j];
    explainedVariance[c] = Math.max(0, values[c]);
    explainedVarianceRatio[c] = total > 0 ? explainedVariance[c] / total : 0;
  }
  return { coords: projectRows(x, n, d, mean, components, k), k, components, mean, explainedVariance, explainedVarianceRatio };
}

function columnMeans(x: Float32Array, n: number, d: number): Float64Array {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) mean[j] += x[o + j];
  }
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, n);
  return mean;
}

/**
 * Upper triangle accumulated block by block: each block of rows is centred and transposed so that
 * every covariance entry is a contiguous dot product of two columns of the block.
 */
function covariance(x: Float32Array, n: number, d: number, mean: Float64Array): Float64Array {
  const cov = new Float64Array(d * d);
  const block = new Float64Array(d * ROWS_PER_BLOCK); // [d, ROWS_PER_BLOCK] column-major slice of x
  for (let r0 = 0; r0 < n; r0 += ROWS_PER_BLOCK) {
    const rows = Math.min(ROWS_PER_BLOCK, n - r0);
    if (rows < ROWS_PER_BLOCK) block.fill(0);
    for (let r = 0; r < rows; r++) {
      const o = (r0 + r) * d;
      for (let j = 0; j < d; j++) block[j * ROWS_PER_BLOCK + r] = x[o + j] - mean[j];
    }
    for (let a = 0; a < d; a++) {
      const oa = a * ROWS_PER_BLOCK;
      let b = a;
      for (; b + 1 < d; b += 2) {
        const ob = b * ROWS_PER_BLOCK, oc = ob + ROWS_PER_BLOCK;
        let s = 0, t = 0;
        for (let r = 0; r < ROWS_PER_BLOCK; r++) {
          const va = block[oa + r];
          s += va * block[ob + r];
          t += va * block[oc + r];
        }
        cov[a * d + b] += s;
        cov[a * d + b + 1] += t;
      }
      for (; b < d; b++) {
        const ob = b * ROWS_PER_BLOCK;
        let s = 0;
        for (let r = 0; r < ROWS_PER_BLOCK; r++) s += block[oa + r] * block[ob + r];
        cov[a * d + b] += s;
      }
    }
  }
  const scale = 1 / Math.max(1, n - 1);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b] *= scale;
      cov[b * d + a] = cov[a * d + b];
    }
  }
  return cov;
}

function projectRows(x: Float32Array, n: number, d: number, mean: Float64Array, components: Float64Array, k: number): Float32Array {
  const coords = new Float32Array(n * k);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) centred[j] = x[o + j] - mean[j];
    for (let c = 0; c < k; c++) {
      const oc = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += centred[j] * components[oc + j];
      coords[i * k + c] = s;
    }
  }
  return coords;
}
