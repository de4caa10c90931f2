// Reading graph files: JSON → a checked GraphDoc, or one message naming the path and what is
// wrong. Files carry a version; `MIGRATIONS` turns an older version into the next one.
import { OUT, topoSort, type OptimizerStateJson, type GraphDoc, type GraphEdge, type GraphNode, type Lesson, type LessonStep, type Texts } from "./graph";
import { getOp, OPS } from "./ops";
import { MAX_FORMULA_LENGTH, type ParamSpec } from "./ops/types";
import { hyperRange, inHyperRange, OPTIMIZERS } from "./optimizers";
import { checkValue, needsSeed, shapeOfValue, type TensorValue } from "./values";
import { pickSeed } from "./random";
import { depthProblem, jsonSyntaxProblem, quote, scanJson } from "./jsonText";
import { didYouMean } from "./names";
import { checkOptimizerState } from "./optimizerState";
import { article, wireProblem } from "./wiring";

export const FORMAT_VERSION = 1;

/**
 * MIGRATIONS[v] turns a version-v document into version v + 1. Version 1 is the first, so
 * there are none yet; when version 2 comes, its step goes here and old files keep loading.
 */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

export class FormatError extends Error {
  override name = "FormatError";
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const fail = (msg: string): never => {
  throw new FormatError(msg);
};

/** Parses and checks a file's text; throws FormatError with one line saying what and where. */
export function parseGraph(text: string): GraphDoc {
  // a byte-order mark, as some editors on Windows write it, is not part of the JSON
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // where it breaks, in our words; JSON.parse's own (clipped) only if our reader found nothing wrong
    fail(`not JSON: ${jsonSyntaxProblem(text) ?? clipMessage((e as Error).message)}`);
  }
  const bad = scanJson(text);
  if (bad) fail(bad);
  return validateGraph(raw, { scanned: true });
}

/** JSON.parse's own message quotes the text around the error; keep it short. */
const clipMessage = (m: string) => quote(m, 160).slice(1, -1).replace(/\\"/g, '"');

/** Checks a parsed file (any JSON value) and returns it as a GraphDoc; throws FormatError. */
export function validateGraph(raw: unknown, { scanned = false } = {}): GraphDoc {
  if (!isObj(raw)) fail(`expected a JSON object with "format": "gradflow"`);
  if (!scanned) {
    const deep = depthProblem(raw);
    if (deep) fail(deep);
  }
  let doc = raw as Obj;
  // a key the file does not have is "missing", not "got undefined"
  if (doc.format === undefined) fail(`format: missing (a Gradflow graph file has "format": "gradflow")`);
  if (doc.format !== "gradflow") fail(`format: expected "gradflow", got ${quote(doc.format)}`);
  let v = doc.version;
  if (v === undefined) fail(`version: missing (expected a whole number like 1)`);
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) fail(`version: expected a whole number like 1, got ${quote(v)}`);
  if ((v as number) > FORMAT_VERSION) fail(`version: ${v} is newer than this Gradflow reads (${FORMAT_VERSION})`);
  while ((v as number) < FORMAT_VERSION) {
    const step = MIGRATIONS[v as number];
    if (!step) fail(`version: no migration from version ${v}`);
    doc = step(doc);
    v = doc.version;
  }
  if (doc.name !== undefined && typeof doc.name !== "string") fail(`name: expected a string`);
  if (!Array.isArray(doc.nodes)) fail(`nodes: expected a list of nodes`);
  if (!Array.isArray(doc.edges)) fail(`edges: expected a list of edges`);

  const nodes = (doc.nodes as unknown[]).map((n, i) => checkNode(n, `nodes[${i}]`));
  const nodeAt = new Map<string, number>();
  nodes.forEach((n, i) => {
    const prev = nodeAt.get(n.id);
    if (prev !== undefined) fail(`nodes[${i}].id: ${quote(n.id)} is already the id of nodes[${prev}]`);
    nodeAt.set(n.id, i);
  });

  const edgeAt = new Map<string, number>();
  const portTaken = new Map<string, number>();
  const edges = (doc.edges as unknown[]).map((e, i) => {
    const edge = checkEdge(e, `edges[${i}]`, nodes, nodeAt);
    const prev = edgeAt.get(edge.id);
    if (prev !== undefined) fail(`edges[${i}].id: ${quote(edge.id)} is already the id of edges[${prev}]`);
    edgeAt.set(edge.id, i);
    const port = `${edge.target}\u0000${edge.targetHandle}`;
    const taken = portTaken.get(port);
    if (taken !== undefined) fail(`edges[${i}].targetHandle: input ${edge.targetHandle} of node ${quote(edge.target)} already has an edge (edges[${taken}]); an input takes one edge`);
    portTaken.set(port, i);
    return edge;
  });

  const sorted = topoSort(nodes, edges);
  if ("cycle" in sorted) fail(`edges: the graph has a cycle: ${cyclePath(sorted.cycle)}`);

  const out: GraphDoc = { format: "gradflow", version: 1, nodes, edges };
  if (doc.name !== undefined) out.name = doc.name as string;
  if (doc.optimizer !== undefined) out.optimizer = checkOptimizer(doc.optimizer, "optimizer", nodes);
  if (doc.target !== undefined) out.target = checkTarget(doc.target, nodes, nodeAt);
  if (doc.groups !== undefined) out.groups = checkGroups(doc.groups, nodeAt);
  if (doc.lesson !== undefined) out.lesson = checkLesson(doc.lesson, nodeAt, edgeAt);
  if (doc.viewport !== undefined) {
    const vp = doc.viewport;
    if (!isObj(vp) || !isNum(vp.x) || !isNum(vp.y) || !isNum(vp.zoom) || (vp.zoom as number) <= 0)
      fail(`viewport: expected { "x": number, "y": number, "zoom": number > 0 }`);
    out.viewport = { x: (vp as Obj).x as number, y: (vp as Obj).y as number, zoom: (vp as Obj).zoom as number };
  }
  return out;
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function checkNode(n: unknown, path: string): GraphNode {
  if (!isObj(n)) fail(`${path}: expected an object with id, type and data`);
  const node = n as Obj;
  if (typeof node.id !== "string" || node.id === "") fail(`${path}.id: expected a non-empty string`);
  if (typeof node.type !== "string") fail(`${path}.type: expected an op name such as "MatMul"`);
  const op = getOp(node.type as string);
  if (!op) fail(`${path}.type: unknown op ${quote(node.type)}${suggest(node.type as string)}`);
  let position: GraphNode["position"];
  if (node.position !== undefined) {
    const p = node.position;
    if (!isObj(p) || !isNum(p.x) || !isNum(p.y)) fail(`${path}.position: expected { "x": number, "y": number }`);
    position = { x: (p as Obj).x as number, y: (p as Obj).y as number };
  }
  const data = node.data === undefined ? {} : node.data;
  if (!isObj(data)) fail(`${path}.data: expected an object of parameters`);
  const d = data as Obj;
  if (d.label !== undefined && typeof d.label !== "string") fail(`${path}.data.label: expected a string`);
  for (const spec of op!.params) {
    const msg = checkParam(spec, d[spec.name], `${path}.data.${spec.name}`, op!.type);
    if (msg) fail(msg);
  }
  const result: GraphNode = { id: node.id as string, type: node.type as string, data: { ...d } };
  if (position) result.position = position;
  return result;
}

/** What is wrong with one parameter value, or null. Used by the file reader and the inspector. */
export function checkParam(spec: ParamSpec, v: unknown, path: string, type: string): string | null {
  if (v === undefined) {
    if (spec.kind === "tensor" && !spec.optional) return `${path}: missing (${article(type)} ${type} needs a ${spec.name})`;
    return null;
  }
  switch (spec.kind) {
    case "tensor":
      return checkValue(v, path);
    case "int":
      if (v === null && spec.nullable) return null;
      if (typeof v !== "number" || !Number.isInteger(v)) return `${path}: expected a whole number${spec.nullable ? " or null" : ""}, got ${quote(v)}`;
      if (spec.min !== undefined && v < spec.min) return `${path}: must be at least ${spec.min}, got ${v}`;
      return null;
    case "number":
      if (typeof v !== "number" || !Number.isFinite(v)) return `${path}: expected a finite number, got ${typeof v === "number" ? v : JSON.stringify(v)}`;
      if (spec.min !== undefined && v < spec.min) return `${path}: must be at least ${spec.min}, got ${v}`;
      if (spec.max !== undefined && v > spec.max) return `${path}: must be at most ${spec.max}, got ${v}`;
      return null;
    case "axis":
      if (v === null && spec.nullable) return null;
      if (typeof v !== "number" || !Number.isInteger(v)) return `${path}: expected a whole number${spec.nullable ? " or null (all axes)" : ""}, got ${quote(v)}`;
      return null;
    case "bool":
      return typeof v === "boolean" ? null : `${path}: expected true or false, got ${quote(v)}`;
    case "formula":
      // whether it parses and names only the op's inputs is the node's error (Expr's plan), as a shape is
      if (typeof v !== "string") return `${path}: expected a formula as a string, like "x^2 * sin(x)", got ${quote(v)}`;
      if (v === "") return `${path}: the formula is empty`;
      if (v.length > MAX_FORMULA_LENGTH) return `${path}: the formula has ${v.length} characters, more than the limit ${MAX_FORMULA_LENGTH}`;
      return null;
  }
}

function checkEdge(e: unknown, path: string, nodes: GraphNode[], nodeAt: Map<string, number>): GraphEdge {
  if (!isObj(e)) fail(`${path}: expected an object with id, source, target and targetHandle`);
  const edge = e as Obj;
  if (typeof edge.id !== "string" || edge.id === "") fail(`${path}.id: expected a non-empty string`);
  for (const end of ["source", "target"] as const) {
    if (typeof edge[end] !== "string") fail(`${path}.${end}: expected a node id`);
    if (!nodeAt.has(edge[end] as string)) fail(`${path}.${end}: no node ${quote(edge[end])}`);
  }
  const src = nodes[nodeAt.get(edge.source as string)!];
  const tgt = nodes[nodeAt.get(edge.target as string)!];
  const bad = wireProblem(getOp(src.type)!, src.id, getOp(tgt.type)!, tgt.id, edge.targetHandle, edge.sourceHandle);
  if (bad) fail(`${path}.${bad.end}: ${bad.message}`);
  return { id: edge.id as string, source: src.id, sourceHandle: OUT, target: tgt.id, targetHandle: edge.targetHandle as string };
}


function checkOptimizer(o: unknown, path: string, nodes: GraphNode[]) {
  if (!isObj(o)) fail(`${path}: expected { "type": "SGD", "lr": 0.01 }`);
  const opt = o as Obj;
  const spec = OPTIMIZERS.find((s) => s.type === opt.type);
  if (opt.type === undefined) fail(`${path}.type: missing (use one of ${OPTIMIZERS.map((s) => s.type).join(", ")})`);
  if (!spec) fail(`${path}.type: unknown optimizer ${quote(opt.type)} (use one of ${OPTIMIZERS.map((s) => s.type).join(", ")})`);
  const result: GraphDoc["optimizer"] = { type: spec!.type };
  for (const [k, v] of Object.entries(opt)) {
    if (k === "type") continue;
    const h = spec!.hyper.find((x) => x.name === k);
    if (k === "state") {
      const params = new Map(nodes.filter((n) => getOp(n.type)!.trainable).map((n) => [n.id, shapeOfValue(n.data.value as TensorValue)]));
      const bad = checkOptimizerState(spec!.type, v, params, `${path}.state`);
      if (bad) fail(bad);
      result.state = v as OptimizerStateJson;
      continue;
    }
    if (!h) fail(`${path}.${k}: ${spec!.type} has no setting ${quote(k)} (its settings: ${spec!.hyper.map((x) => x.name).join(", ")})`);
    if (!inHyperRange(h!, v)) fail(`${path}.${k}: expected a number in ${hyperRange(h!)}, got ${quote(v)}`);
    result[k] = v as number;
  }
  return result;
}

function checkTarget(t: unknown, nodes: GraphNode[], nodeAt: Map<string, number>): string {
  if (typeof t !== "string") fail(`target: expected a node id, got ${quote(t)}`);
  const i = nodeAt.get(t as string);
  if (i === undefined) fail(`target: no node ${quote(t)}`);
  if (getOp(nodes[i!].type)!.role === "sink") fail(`target: ${quote(t)} is an Output node, which has no output to differentiate`);
  return t as string;
}

const isIdList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

function checkGroups(raw: unknown, nodeAt: Map<string, number>): GraphDoc["groups"] {
  if (!Array.isArray(raw)) fail(`groups: expected a list of { "id", "label", "nodes", "collapsed" }`);
  const ids = new Set<string>();
  const inGroup = new Map<string, string>();
  return (raw as unknown[]).map((g, i) => {
    const path = `groups[${i}]`;
    if (!isObj(g)) fail(`${path}: expected { "id", "label", "nodes", "collapsed" }`);
    const { id, label, nodes, collapsed } = g as Obj;
    if (typeof id !== "string" || id === "") fail(`${path}.id: expected a non-empty string`);
    if (ids.has(id as string)) fail(`${path}.id: ${quote(id)} is already the id of another group`);
    ids.add(id as string);
    if (label !== undefined && typeof label !== "string") fail(`${path}.label: expected a string`);
    if (!isIdList(nodes)) fail(`${path}.nodes: expected a list of node ids`);
    (nodes as string[]).forEach((n, j) => {
      if (!nodeAt.has(n)) fail(`${path}.nodes[${j}]: no node ${quote(n)}`);
      const other = inGroup.get(n);
      if (other !== undefined) fail(`${path}.nodes[${j}]: node ${quote(n)} is already in group ${quote(other)}; a node is in at most one group`);
      inGroup.set(n, id as string);
    });
    if (collapsed !== undefined && typeof collapsed !== "boolean") fail(`${path}.collapsed: expected true or false`);
    return { id: id as string, label: (label as string | undefined) ?? "", nodes: [...(nodes as string[])], collapsed: collapsed === true };
  });
}

function checkTexts(v: unknown, path: string): Texts {
  if (!isObj(v)) fail(`${path}: expected { "en": "…", "ja": "…" }`);
  const t = v as Obj;
  for (const k of Object.keys(t)) if (k !== "en" && k !== "ja") fail(`${path}.${k}: a text has "en" and "ja"`);
  // every text of the interface exists in both languages, a lesson's too
  for (const k of ["en", "ja"] as const) if (typeof t[k] !== "string") fail(`${path}.${k}: expected the ${k === "en" ? "English" : "Japanese"} text as a string`);
  return { en: t.en as string, ja: t.ja as string };
}

const PREDICT = ["value", "grad", "shape"] as const;

function checkLesson(raw: unknown, nodeAt: Map<string, number>, edgeAt: Map<string, number>): Lesson {
  if (!isObj(raw)) fail(`lesson: expected { "title": {...}, "steps": [...] }`);
  const l = raw as Obj;
  const title = checkTexts(l.title, "lesson.title");
  if (!Array.isArray(l.steps) || l.steps.length === 0) fail(`lesson.steps: expected a list of at least one step`);
  const steps = (l.steps as unknown[]).map((st, i): LessonStep => {
    const path = `lesson.steps[${i}]`;
    if (!isObj(st)) fail(`${path}: expected { "text": {...}, "highlight": [...], "predict": {...} }`);
    const s = st as Obj;
    const step: LessonStep = { text: checkTexts(s.text, `${path}.text`) };
    if (s.highlight !== undefined) {
      if (!isIdList(s.highlight)) fail(`${path}.highlight: expected a list of node and edge ids`);
      (s.highlight as string[]).forEach((id, j) => nodeAt.has(id) || edgeAt.has(id) || fail(`${path}.highlight[${j}]: no node or edge ${quote(id)}`));
      step.highlight = [...(s.highlight as string[])];
    }
    if (s.predict !== undefined) {
      const p = s.predict;
      if (!isObj(p)) fail(`${path}.predict: expected { "edge": "e3", "what": "grad" }`);
      const { edge, what } = p as Obj;
      if (edge === undefined) fail(`${path}.predict.edge: missing (expected an edge id)`);
      if (typeof edge !== "string" || !edgeAt.has(edge)) fail(`${path}.predict.edge: no edge ${quote(edge)}`);
      if (what === undefined) fail(`${path}.predict.what: missing (expected "value", "grad" or "shape")`);
      if (!PREDICT.includes(what as (typeof PREDICT)[number])) fail(`${path}.predict.what: expected "value", "grad" or "shape", got ${quote(what)}`);
      step.predict = { edge: edge as string, what: what as (typeof PREDICT)[number] };
    }
    if (s.find !== undefined) {
      if (typeof s.find !== "string" || !nodeAt.has(s.find)) fail(`${path}.find: no node ${quote(s.find)}`);
      step.find = s.find as string;
    }
    return step;
  });
  return { title, steps };
}

/** A cycle as a message shows it: all of a short one, the ends of a long one. */
function cyclePath(ids: string[]): string {
  const name = (id: string) => (/^[\w.-]{1,24}$/.test(id) ? id : quote(id, 24));
  const all = ids.map(name).join(" → ");
  if (all.length <= 120) return all;
  return `${ids.slice(0, 3).map(name).join(" → ")} → … → ${name(ids[ids.length - 1])} (${ids.length - 1} nodes)`;
}

/** " — did you mean "MatMul"?" for a near miss, else "". */
export function suggest(name: string): string {
  // a near miss is a short name; measuring a long one against every op would take its time
  const best = name.length > 40 ? undefined : didYouMean(name, OPS.map((o) => o.type));
  return best ? ` — did you mean "${best}"?` : "";
}

/** Writes a seed into every random generator that has none, so that the document reproduces. */
export function withSeeds(doc: GraphDoc, seed: () => number = pickSeed): GraphDoc {
  let changed = false;
  const nodes = doc.nodes.map((n) => {
    let data = n.data;
    for (const [k, v] of Object.entries(n.data)) if (needsSeed(v)) {
      data = { ...data, [k]: { ...(v as object), seed: seed() } };
      changed = true;
    }
    return data === n.data ? n : { ...n, data };
  });
  return changed ? { ...doc, nodes } : doc;
}
