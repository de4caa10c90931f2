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
