// Dense float64 tensors: a Float64Array in row-major order plus a shape.
// Nothing here allocates behind the caller's back except the explicit constructors,
// so the executor can plan every buffer once per graph.

export type Shape = readonly number[];

export interface Tensor {
  readonly shape: Shape;
  readonly data: Float64Array;
}

/** The limits of FORMAT.md: what a graph file may ask for. */
export const MAX_ELEMENTS = 16_777_216;
export const MAX_AXES = 8;

/**
 * What is wrong with a result of this shape, or null. Ops and the executor ask before making any
 * buffer of that size, so that Repeat ×100000 or a broadcast of (4096,1,1) with (4096,4096)
 * becomes a node error instead of taking the machine's memory.
 */
export function checkSize(shape: Shape): string | null {
  const n = sizeOf(shape);
  return n > MAX_ELEMENTS ? `the result would have ${n} elements, more than the limit ${MAX_ELEMENTS}` : null;
}

/** dst = src. A loop for small arrays: TypedArray.set costs more than copying a few numbers. */
export function copyInto(dst: Float64Array, src: Float64Array): void {
  const n = src.length;
  if (n > 32) dst.set(src);
  else for (let i = 0; i < n; i++) dst[i] = src[i];
}

/** Every element of dst = v, by hand for small arrays (see copyInto). */
export function fillWith(dst: Float64Array, v: number): void {
  const n = dst.length;
  if (n > 32) dst.fill(v);
  else for (let i = 0; i < n; i++) dst[i] = v;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function zeros(shape: Shape): Tensor {
  return { shape: [...shape], data: new Float64Array(sizeOf(shape)) };
}

export function full(shape: Shape, v: number): Tensor {
  const t = zeros(shape);
  t.data.fill(v);
  return t;
}

export function scalar(v: number): Tensor {
  return { shape: [], data: Float64Array.of(v) };
}

export function clone(t: Tensor): Tensor {
  return { shape: [...t.shape], data: Float64Array.from(t.data) };
}

/** numpy's way of writing a shape: (2,3), (4,), (). */
export function formatShape(shape: Shape): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(",")})`;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export type Nested = number | Nested[];

/** Nested arrays (numpy's tolist()) to a tensor. The caller has checked rectangularity. */
export function fromNested(v: Nested): Tensor {
  const shape: number[] = [];
  let probe: Nested = v;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0] as Nested;
  }
  const data = new Float64Array(sizeOf(shape));
  let k = 0;
  const walk = (x: Nested): void => {
    if (Array.isArray(x)) for (const y of x) walk(y);
    else data[k++] = x;
  };
  walk(v);
  return { shape, data };
}

/** A tensor to nested arrays; `map` turns each number into what the caller writes (JSON-safe strings for NaN). */
export function toNested<T = number>(t: Tensor, map: (x: number) => T = (x) => x as unknown as T): T | unknown[] {
  const { shape, data } = t;
  if (shape.length === 0) return map(data[0]);
  let k = 0;
  const build = (axis: number): unknown[] => {
    const n = shape[axis];
    const out = new Array(n);
    if (axis === shape.length - 1) for (let i = 0; i < n; i++) out[i] = map(data[k++]);
    else for (let i = 0; i < n; i++) out[i] = build(axis + 1);
    return out;
  };
  return build(0);
}

/** Element i of a tensor of this shape as a learner writes its index: [1,2]; a scalar has none. */
export function formatIndex(shape: Shape, i: number): string {
  if (shape.length === 0) return "";
  const idx: number[] = new Array(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = i % shape[a];
    i = Math.floor(i / shape[a]);
  }
  return `[${idx.join(",")}]`;
}

/** Row-major strides of a shape. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** numpy broadcasting of two shapes; null when they cannot broadcast. */
export function broadcastShapes(a: Shape, b: Shape): number[] | null {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return null;
  }
  return out;
}

/**
 * For each element of an `out`-shaped tensor, the index of the element of an `inShape`
 * tensor that broadcasting reads. Backward uses the same map to sum gradients back
 * (`unbroadcast`), so a gradient always has its input's shape.
 */
export function broadcastIndex(inShape: Shape, outShape: Shape): Int32Array {
  const n = sizeOf(outShape);
  const idx = new Int32Array(n);
  const rank = outShape.length;
  const inStrides = stridesOf(inShape);
  // stride of each out axis in the input: 0 where the input is stretched or missing
  const step = new Array<number>(rank).fill(0);
  for (let i = 0; i < rank; i++) {
    const j = inShape.length - rank + i;
    if (j >= 0 && inShape[j] !== 1) step[i] = inStrides[j];
  }
  const counter = new Array<number>(rank).fill(0);
  let pos = 0;
  for (let k = 0; k < n; k++) {
    idx[k] = pos;
    for (let ax = rank - 1; ax >= 0; ax--) {
      counter[ax]++;
      pos += step[ax];
      if (counter[ax] < outShape[ax]) break;
      pos -= step[ax] * counter[ax];
      counter[ax] = 0;
    }
  }
  return idx;
}

/** Sums `g` (of some broadcast shape) back onto `shape`: the gradient rule of broadcasting. */
export function unbroadcast(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return clone(g);
  const out = zeros(shape);
  const idx = broadcastIndex(shape, g.shape);
  for (let k = 0; k < idx.length; k++) out.data[idx[k]] += g.data[k];
  return out;
}
