// Quadtree (2-D) / octree (3-D) over an embedding, rebuilt every t-SNE iteration, that sums
// Barnes–Hut repulsive forces (van der Maaten 2014, JMLR 15). Flat typed arrays; no deletion or re-balancing.

const MAX_DEPTH = 48;

/** A 2^dims-ary space-partitioning tree whose cells keep their point count and centre of mass. */
export class SpaceTree {
  private nodes = 0;
  private capacity: number;
  private readonly fanout: number;
  /** per node: sum of positions, later the centre of mass [capacity * dims] */
  private com: Float64Array;
  private centre: Float64Array;
  private halfWidth: Float64Array;
  private count: Int32Array;
  /** -1 for a leaf */
  private firstChild: Int32Array;
  /** the point a leaf holds (-1 when empty); duplicates share one leaf */
  private point: Int32Array;
  private stack: Int32Array = new Int32Array(1024);
  /** traversal copy, per node [centre of mass (dims), count, squared width]: one cache line per visit */
  private packed: Float32Array = new Float32Array(0);
  private order: Int32Array = new Int32Array(0);

  constructor(readonly dims: 2 | 3, expectedPoints: number) {
    this.fanout = 1 << dims;
    this.capacity = Math.max(16, expectedPoints * 2);
    this.com = new Float64Array(this.capacity * dims);
    this.centre = new Float64Array(this.capacity * dims);
    this.halfWidth = new Float64Array(this.capacity);
    this.count = new Int32Array(this.capacity);
    this.firstChild = new Int32Array(this.capacity);
    this.point = new Int32Array(this.capacity);
  }

  /** Rebuilds the tree over the n points of y ([n * dims]). */
  build(y: Float64Array, n: number): void {
    const D = this.dims;
    const lo = new Float64Array(D).fill(Infinity);
    const hi = new Float64Array(D).fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < D; a++) {
        const v = y[i * D + a];
        if (v < lo[a]) lo[a] = v;
        if (v > hi[a]) hi[a] = v;
      }
    }
    let half = 0;
    for (let a = 0; a < D; a++) half = Math.max(half, (hi[a] - lo[a]) / 2);
    half = half * (1 + 1e-5) + 1e-5;
    this.nodes = 0;
    const root = this.newNode();
    for (let a = 0; a < D; a++) this.centre[root * D + a] = (lo[a] + hi[a]) / 2;
    this.halfWidth[root] = half;
    for (let i = 0; i < n; i++) this.insert(y, i);
    const stride = D + 2;
    if (this.packed.length < this.nodes * stride) this.packed = new Float32Array(this.capacity * stride);
    const packed = this.packed;
    for (let node = 0; node < this.nodes; node++) {
      const c = this.count[node];
      const o = node * stride;
      for (let a = 0; a < D; a++) packed[o + a] = c > 0 ? this.com[node * D + a] / c : 0;
      packed[o + D] = c;
      packed[o + D + 1] = 4 * this.halfWidth[node] * this.halfWidth[node];
    }
    this.fillOrder(n);
  }

  /**
   * Point indices in depth-first leaf order: neighbouring points walk nearly the same cells,
   * so visiting points in this order keeps the walked cells in cache.
   */
  spatialOrder(): Int32Array {
    return this.order;
  }

  private fillOrder(n: number): void {
    if (this.order.length !== n) this.order = new Int32Array(n);
    const seen = new Uint8Array(n);
    const { firstChild, point, fanout } = this;
    let stack = this.stack;
    let top = 0;
    let at = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top];
      const child = firstChild[node];
      if (child < 0) {
        const p = point[node];
        if (p >= 0 && !seen[p]) {
          seen[p] = 1;
          this.order[at++] = p;
        }
        continue;
      }
      if (top + fanout > stack.length) stack = this.growStack();
      for (let k = fanout - 1; k >= 0; k--) stack[top++] = child + k;
    }
    for (let p = 0; p < n; p++) if (!seen[p]) this.order[at++] = p; // duplicates share a leaf that names one of them
  }

  /**
   * Adds to `force[off..off+dims)` the unnormalised repulsion Σ_j q_ij² (y_i − y_j) on point yi,
   * with q_ij = 1 / (1 + ‖y_i − y_j‖²), and returns Σ_j q_ij (its share of the normaliser Z).
   * A cell is summarised when width / distance < theta.
   */
  repulsion(yi: Float64Array, off: number, theta: number, force: Float64Array): number {
    return this.dims === 2 ? this.repulsion2(yi, off, theta * theta, force) : this.repulsion3(yi, off, theta * theta, force);
  }

  private repulsion2(y: Float64Array, off: number, theta2: number, force: Float64Array): number {
    const { packed, firstChild, point } = this;
    const x0 = y[off], x1 = y[off + 1];
    let stack = this.stack;
    let top = 0;
    stack[top++] = 0;
    let sumQ = 0, f0 = 0, f1 = 0;
    while (top > 0) {
      const node = stack[--top];
      const o = node * 4;
      const d0 = x0 - packed[o], d1 = x1 - packed[o + 1];
      const d2 = d0 * d0 + d1 * d1;
      const child = firstChild[node];
      if (child < 0 || packed[o + 3] < theta2 * d2) {
        let c = packed[o + 2];
        const p = point[node];
        if (child < 0 && y[2 * p] === x0 && y[2 * p + 1] === x1) c -= 1; // this point's own leaf (with any exact duplicates)
        if (c === 0) continue;
        const q = 1 / (1 + d2);
        const m = c * q;
        sumQ += m;
        f0 += m * q * d0;
        f1 += m * q * d1;
      } else {
        if (top + 4 > stack.length) stack = this.growStack();
        for (let k = child; k < child + 4; k++) if (packed[k * 4 + 2] > 0) stack[top++] = k;
      }
    }
    force[off] += f0;
    force[off + 1] += f1;
    return sumQ;
  }

  private repulsion3(y: Float64Array, off: number, theta2: number, force: Float64Array): number {
    const { packed, firstChild, point } = this;
    const x0 = y[off], x1 = y[off + 1], x2 = y[off + 2];
    let stack = this.stack;
    let top = 0;
    stack[top++] = 0;
    let sumQ = 0, f0 = 0, f1 = 0, f2 = 0;
    while (top > 0) {
      const node = stack[--top];
      const o = node * 5;
      const d0 = x0 - packed[o], d1 = x1 - packed[o + 1], dz = x2 - packed[o + 2];
      const d2 = d0 * d0 + d1 * d1 + dz * dz;
      const child = firstChild[node];
      if (child < 0 || packed[o + 4] < theta2 * d2) {
        let c = packed[o + 3];
        const p = point[node];
        if (child < 0 && y[3 * p] === x0 && y[3 * p + 1] === x1 && y[3 * p + 2] === x2) c -= 1;
        if (c === 0) continue;
        const q = 1 / (1 + d2);
        const m = c * q;
        sumQ += m;
        f0 += m * q * d0;
        f1 += m * q * d1;
        f2 += m * q * dz;
      } else {
        if (top + 8 > stack.length) stack = this.growStack();
        for (let k = child; k < child + 8; k++) if (packed[k * 5 + 3] > 0) stack[top++] = k;
      }
    }
    force[off] += f0;
    force[off + 1] += f1;
    force[off + 2] += f2;
    return sumQ;
  }

  private insert(y: Float64Array, p: number): void {
    const D = this.dims;
    let node = 0;
    for (let depth = 0; ; depth++) {
      if (this.firstChild[node] < 0) {
        if (this.count[node] === 0) {
          this.addPoint(node, y, p);
          this.point[node] = p;
          return;
        }
        const q = this.point[node];
        let same = true;
        for (let a = 0; a < D; a++) if (y[q * D + a] !== y[p * D + a]) same = false;
        if (same || depth >= MAX_DEPTH) {
          this.addPoint(node, y, p);
          return;
        }
        this.split(node, y, q);
      }
      this.addPoint(node, y, p);
      node = this.childFor(node, y, p);
    }
  }

  /** Turns a leaf into an inner node, moving its points (one position, maybe repeated) into a child. */
  private split(node: number, y: Float64Array, q: number): void {
    const D = this.dims;
    if (this.nodes + this.fanout > this.capacity) this.grow();
    const first = this.nodes;
    const half = this.halfWidth[node] / 2;
    for (let k = 0; k < this.fanout; k++) {
      const child = this.newNode();
      this.halfWidth[child] = half;
      for (let a = 0; a < D; a++) this.centre[child * D + a] = this.centre[node * D + a] + ((k >> a) & 1 ? half : -half);
    }
    this.firstChild[node] = first;
    const child = this.childFor(node, y, q);
    this.count[child] = this.count[node];
    for (let a = 0; a < D; a++) this.com[child * D + a] = this.com[node * D + a];
    this.point[child] = q;
    this.point[node] = -1;
  }

  private childFor(node: number, y: Float64Array, p: number): number {
    const D = this.dims;
    let k = 0;
    for (let a = 0; a < D; a++) if (y[p * D + a] > this.centre[node * D + a]) k |= 1 << a;
    return this.firstChild[node] + k;
  }

  private addPoint(node: number, y: Float64Array, p: number): void {
    const D = this.dims;
    this.count[node] += 1;
    for (let a = 0; a < D; a++) this.com[node * D + a] += y[p * D + a];
  }

  private newNode(): number {
    if (this.nodes >= this.capacity) this.grow();
    const node = this.nodes++;
    this.count[node] = 0;
    this.firstChild[node] = -1;
    this.point[node] = -1;
    for (let a = 0; a < this.dims; a++) this.com[node * this.dims + a] = 0;
    return node;
  }

  private grow(): void {
    const cap = this.capacity * 2;
    const D = this.dims;
    const more = <T extends Float64Array | Int32Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.com = more(this.com, cap * D);
    this.centre = more(this.centre, cap * D);
    this.halfWidth = more(this.halfWidth, cap);
    this.count = more(this.count, cap);
    this.firstChild = more(this.firstChild, cap);
    this.point = more(this.point, cap);
    this.capacity = cap;
  }

  private growStack(): Int32Array {
    const s = new Int32Array(this.stack.length * 2);
    s.set(this.stack);
    this.stack = s;
    return s;
  }
}
