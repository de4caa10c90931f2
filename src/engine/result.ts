// A run as FORMAT.md section 2 writes it. Maps keyed by user ids are null-prototype objects,
// so an id such as "__proto__" becomes an ordinary key of the JSON.
import type { Program } from "./executor";
import { toNested, type Tensor } from "./tensor";

export type JsonTensor = number | string | JsonTensor[];

export interface NodeResult {
  outputs: { out?: JsonTensor | null };
  grads: { out?: JsonTensor | null };
  error: string | null;
}

export interface RunResult {
  order: string[];
  loss: number | string | null;
  nodes: Record<string, NodeResult>;
  edges: Record<string, { value: JsonTensor | null; grad: JsonTensor | null }>;
}

/** A number as JSON can carry it: NaN and the infinities become strings. */
export function jsonNumber(x: number): number | string {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity";
}

export function tensorToJson(t: Tensor | null): JsonTensor | null {
  return t ? (toNested(t, jsonNumber) as JsonTensor) : null;
}

function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function toRunResult(p: Program): RunResult {
  const nodes = dict<NodeResult>();
  for (const id of p.allIds) {
    nodes[id] = p.isSink(id)
      ? { outputs: {}, grads: {}, error: p.error(id) }
      : { outputs: { out: tensorToJson(p.value(id)) }, grads: { out: tensorToJson(p.grad(id)) }, error: p.error(id) };
  }
  const edges = dict<RunResult["edges"][string]>();
  for (const id of p.edgeIds) edges[id] = { value: tensorToJson(p.edgeValue(id)), grad: tensorToJson(p.edgeGrad(id)) };
  return { order: p.order, loss: p.loss === null ? null : jsonNumber(p.loss), nodes, edges };
}

// ---- streaming -------------------------------------------------------------------------
// A 4096×4096 result is about 1.3 GB of JSON, more than one JavaScript string can hold: the
// command line writes results piece by piece instead of building them with JSON.stringify.

/** Collects small strings and hands them on in pieces of about 64 KB. */
export class ChunkWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink: (chunk: string) => void) {}
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= 65536) this.flush();
  }
  flush(): void {
    if (!this.parts.length) return;
    this.sink(this.parts.join(""));
    this.parts = [];
    this.size = 0;
  }
}

/** A tensor written as JSON.stringify(tensorToJson(t)) would write it. */
export function writeTensor(w: ChunkWriter, t: Tensor | null): void {
  if (!t) return w.write("null");
  const { shape, data } = t;
  const num = (x: number) => JSON.stringify(jsonNumber(x));
  if (shape.length === 0) return w.write(num(data[0]));
  let k = 0;
  const walk = (axis: number): void => {
    w.write("[");
    const n = shape[axis];
    if (axis === shape.length - 1) {
      let row = "";
      for (let i = 0; i < n; i++) row += (i ? "," : "") + num(data[k++]);
      w.write(row);
    } else for (let i = 0; i < n; i++) {
      if (i) w.write(",");
      walk(axis + 1);
    }
    w.write("]");
  };
  walk(0);
}

/** Writes `{ key: value, ... }` with each value written by `each`; keys are user ids, quoted by JSON. */
export function writeObject<T>(w: ChunkWriter, entries: Iterable<[string, T]>, each: (v: T) => void): void {
  w.write("{");
  let first = true;
  for (const [k, v] of entries) {
    w.write((first ? "" : ",") + JSON.stringify(k) + ":");
    first = false;
    each(v);
  }
  w.write("}");
}

/** A run's result, as JSON.stringify(toRunResult(p)) writes it, in pieces. */
export function writeRunResult(p: Program, sink: (chunk: string) => void): void {
  const w = new ChunkWriter(sink);
  w.write(`{"order":${JSON.stringify(p.order)},"loss":${JSON.stringify(p.loss === null ? null : jsonNumber(p.loss))},"nodes":`);
  writeObject(w, p.allIds.map((id) => [id, id] as [string, string]), (id) => {
    if (p.isSink(id)) return w.write(`{"outputs":{},"grads":{},"error":${JSON.stringify(p.error(id))}}`);
    w.write(`{"outputs":{"out":`);
    writeTensor(w, p.value(id));
    w.write(`},"grads":{"out":`);
    writeTensor(w, p.grad(id));
    w.write(`},"error":${JSON.stringify(p.error(id))}}`);
  });
  w.write(`,"edges":`);
  writeObject(w, p.edgeIds.map((id) => [id, id] as [string, string]), (id) => {
    w.write(`{"value":`);
    writeTensor(w, p.edgeValue(id));
    w.write(`,"grad":`);
    writeTensor(w, p.edgeGrad(id));
    w.write("}");
  });
  w.write("}\n");
  w.flush();
}

/**
 * Any JSON value (a graph document), as JSON.stringify writes it, in pieces: long lists of numbers
 * go out a row at a time. Recursion is as deep as the value, which the file reader bounds.
 */
export function writeJson(w: ChunkWriter, v: unknown): void {
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x === "number")) {
      // a row of numbers: in one piece of at most a few hundred KB
      for (let i = 0; i < v.length; i += 8192) w.write((i ? "," : "[") + v.slice(i, i + 8192).map((x) => JSON.stringify(x)).join(","));
      return w.write(v.length ? "]" : "[]");
    }
    w.write("[");
    v.forEach((x, i) => {
      if (i) w.write(",");
      writeJson(w, x === undefined || typeof x === "function" ? null : x);
    });
    return w.write("]");
  }
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== "function");
    return writeObject(w, entries, (x) => writeJson(w, x));
  }
  w.write(JSON.stringify(v) ?? "null");
}
