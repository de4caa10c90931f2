// The JSON Schema of a graph file (docs/gradflow.schema.json), built from what the reader itself
// reads: the op registry, the optimizer list, the generators and the limits. `npm run docs`
// writes it; a test fails when the committed file and this differ.
import { OPS } from "./ops";
import { MAX_FORMULA_LENGTH, type OpSpec, type ParamSpec } from "./ops/types";
import { OPTIMIZERS } from "./optimizers";
import { MAX_SEED } from "./random";
import { MAX_AXES, MAX_ELEMENTS } from "./tensor";
import { DATASET_PARTS, DATASETS, MAX_NOISE } from "./datasets";
import { INITS, MAX_DATASET_POINTS, MAX_SKIP } from "./values";

type Json = Record<string, unknown>;

const ref = (name: string, description?: string): Json => (description ? { description, $ref: `#/$defs/${name}` } : { $ref: `#/$defs/${name}` });

/** One data field of a node: what the file reader's checkParam accepts for this parameter. */
export function paramSchema(p: ParamSpec): Json {
  switch (p.kind) {
    case "tensor":
      return ref("tensor", p.doc);
    case "int":
      return { description: p.doc, type: p.nullable ? ["integer", "null"] : "integer", ...(p.min === undefined ? {} : { minimum: p.min }), default: p.default };
    case "number":
      return { description: p.doc, type: "number", ...(p.min === undefined ? {} : { minimum: p.min }), ...(p.max === undefined ? {} : { maximum: p.max }), default: p.default };
    case "axis":
      return { description: p.doc, type: p.nullable ? ["integer", "null"] : "integer", default: p.default };
    case "bool":
      return { description: p.doc, type: "boolean", default: p.default };
    case "formula":
      return { description: p.doc, type: "string", minLength: 1, maxLength: MAX_FORMULA_LENGTH, default: p.default };
  }
}

function nodeSchema(op: OpSpec): Json {
  const required = op.params.filter((p) => p.kind === "tensor" && !p.optional).map((p) => p.name);
  const inputs = op.inputs.map((p) => `${p.name} ${p.doc}`).join("; ");
  const data: Json = {
    type: "object",
    properties: { label: ref("label"), ...Object.fromEntries(op.params.map((p) => [p.name, paramSchema(p)])) },
  };
  if (required.length) data.required = required;
  return {
    description: `${op.type}: ${op.summary}${inputs ? `. Inputs: ${inputs}` : ""}`,
    type: "object",
    required: required.length ? ["id", "type", "data"] : ["id", "type"],
    properties: { id: ref("id"), type: { const: op.type }, position: ref("position"), data },
  };
}

/** A dataset generator (datasets.ts): one form per dataset, with its classes and default noise. */
function datasetSchema(): Json {
  return {
    description:
      "2-D points with class labels, made when the file is read from numpy's legacy RandomState under seed (default 0): part \"points\" (default) is (N, 2), \"labels\" the class of each (N,), \"onehot\" (N, C); the same fields with another part give the same dataset's other part. The reader also checks that shape fits the part",
    oneOf: DATASETS.map((d) => ({
      description: `${d.name}: ${d.summary}`,
      type: "object",
      required: ["init", "shape"],
      additionalProperties: false,
      properties: {
        init: { const: d.name },
        shape: { description: `[N, 2] for the points, [N] for the labels, [N, C] one-hot; N at most ${MAX_DATASET_POINTS}`, type: "array", minItems: 1, maxItems: 2, items: { type: "integer", minimum: 1 } },
        seed: ref("seed"),
        classes: { type: "integer", minimum: d.classes.min, maximum: d.classes.max, default: d.classes.default },
        noise: { type: "number", minimum: 0, maximum: MAX_NOISE, default: d.noise },
        part: { enum: [...DATASET_PARTS], default: "points" },
        scale: { type: "number", default: 1 },
      },
    })),
  };
}

function optimizerSchema(o: (typeof OPTIMIZERS)[number]): Json {
  const hyper = o.hyper.map((h) => [
    h.name,
    {
      type: "number",
      [h.exclusiveMin ? "exclusiveMinimum" : "minimum"]: h.min,
      [h.exclusiveMax ? "exclusiveMaximum" : "maximum"]: h.max,
      default: h.default,
    },
  ]);
  return {
    description: `${o.type}; its update rule is in OPS.md`,
    type: "object",
    required: ["type"],
    additionalProperties: false,
    properties: { type: { const: o.type }, ...Object.fromEntries(hyper), state: ref("optimizerState") },
  };
}

/** nested0 is a number; nestedK a number or a non-empty list of nested(K−1): at most MAX_AXES deep. */
function nestedDefs(): Json {
  const defs: Json = { nested0: { type: "number" } };
  for (let k = 1; k <= MAX_AXES; k++)
    defs[`nested${k}`] = { anyOf: [{ type: "number" }, { type: "array", minItems: 1, items: ref(`nested${k - 1}`) }] };
  return defs;
}

const bilingual = { type: "object", required: ["en", "ja"], properties: { en: { type: "string" }, ja: { type: "string" } } };
const ids = { type: "array", items: ref("id") };

export function graphSchema(): Json {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Gradflow graph file, version 1",
    description: `A computation graph as Gradflow saves it (docs/format.md). The schema checks structure; the reader also checks what a schema cannot say: ids unique, edges between existing nodes and ports, one edge per input, no cycle, rectangular tensors of at most ${MAX_ELEMENTS.toLocaleString("en-US")} elements, finite numbers, a target that names a node, an optimizer state that fits the Params and the optimizer.`,
    type: "object",
    required: ["format", "version", "nodes", "edges"],
    properties: {
      format: { const: "gradflow" },
      version: { const: 1 },
      name: { type: "string" },
      nodes: { type: "array", items: ref("node") },
      edges: { type: "array", items: ref("edge") },
      optimizer: ref("optimizer"),
      viewport: {
        type: "object",
        required: ["x", "y", "zoom"],
        properties: { x: { type: "number" }, y: { type: "number" }, zoom: { type: "number", exclusiveMinimum: 0 } },
      },
      target: ref("id", "the node whose output backward differentiates alone, seeded with ones"),
      groups: { type: "array", items: ref("group") },
      lesson: ref("lesson"),
    },
    $defs: {
      id: { type: "string", minLength: 1 },
      label: { type: "string", description: "a display name for the node" },
      position: { type: "object", required: ["x", "y"], properties: { x: { type: "number" }, y: { type: "number" } } },
      node: { description: "one node; type names the op (OPS.md), data holds its parameters", oneOf: OPS.map(nodeSchema) },
      edge: {
        type: "object",
        required: ["id", "source", "target", "targetHandle"],
        properties: {
          id: ref("id"),
          source: ref("id"),
          sourceHandle: { description: "every op has one output, out", anyOf: [{ const: "out" }, { type: "null" }] },
          target: ref("id"),
          targetHandle: { type: "string", description: "the target's input port" },
        },
      },
      tensor: {
        description: `a number, rectangular nested lists of numbers (at most ${MAX_AXES} deep), a generator, or a dataset`,
        anyOf: [ref(`nested${MAX_AXES}`), ref("generator"), ref("dataset")],
      },
      ...nestedDefs(),
      shape: { type: "array", maxItems: MAX_AXES, items: { type: "integer", minimum: 1 } },
      generator: {
        description:
          "numbers made when the file is read: randn and rand with a seed equal numpy's legacy np.random.seed(seed); np.random.randn(*shape) (or rand); eye needs a square shape",
        type: "object",
        required: ["init", "shape"],
        additionalProperties: false,
        properties: {
          init: { enum: [...INITS] },
          shape: ref("shape"),
          seed: ref("seed"),
          skip: ref("skip"),
          scale: { type: "number", default: 1 },
          fill: { type: "number" },
        },
        oneOf: [
          { properties: { init: { const: "full" } }, required: ["fill"] },
          { properties: { init: { enum: INITS.filter((i) => i !== "full" && i !== "eye") }, fill: false } },
          { properties: { init: { const: "eye" }, shape: { minItems: 2, maxItems: 2 }, fill: false } },
        ],
      },
      dataset: datasetSchema(),
      seed: { type: "integer", minimum: 0, maximum: MAX_SEED },
      skip: { type: "integer", minimum: 0, maximum: MAX_SKIP, default: 0 },
      optimizer: { oneOf: OPTIMIZERS.map(optimizerSchema) },
      optimizerState: {
        description: "the optimizer after its last step, so that training continues exactly: the step count and each Param's slots",
        type: "object",
        required: ["t", "slots"],
        additionalProperties: false,
        properties: {
          t: { type: "integer", minimum: 0 },
          slots: { type: "object", additionalProperties: ref("optimizerSlots") },
        },
      },
      optimizerSlots: {
        description: "one Param's state, keyed by the Param's id: velocity v, first moment m, squared-gradient sum h (only those its optimizer has)",
        type: "object",
        additionalProperties: false,
        properties: { v: ref("tensor"), m: ref("tensor"), h: ref("tensor") },
      },
      group: {
        description: "a frame drawn around nodes; the engine ignores it",
        type: "object",
        required: ["id", "nodes"],
        properties: { id: ref("id"), label: { type: "string" }, nodes: ids, collapsed: { type: "boolean", default: false } },
      },
      text: { description: "the same text in English and in Japanese", ...bilingual },
      lesson: {
        description: "a guided walk through the graph, one step at a time",
        type: "object",
        required: ["title", "steps"],
        properties: { title: ref("text"), steps: { type: "array", items: ref("lessonStep") } },
      },
      lessonStep: {
        type: "object",
        required: ["text"],
        properties: {
          text: ref("text"),
          highlight: { description: "ids of the nodes and edges to draw attention to", ...ids },
          predict: {
            description: "asks the learner for an edge's value, gradient or shape before showing it",
            type: "object",
            required: ["edge", "what"],
            properties: { edge: ref("id"), what: { enum: ["value", "grad", "shape"] } },
          },
          find: ref("id", "a bug hunt: the node the learner is asked to find (click) in a graph broken on purpose"),
        },
      },
    },
  };
}

const INDENT = "  ";
const WIDTH = 110;

/** One line: `{ "a": 1, "b": [1, 2] }`. */
function oneLine(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(oneLine).join(", ")}]`;
  if (typeof v === "object" && v !== null && Object.keys(v).length) return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${oneLine(x)}`).join(", ")} }`;
  return JSON.stringify(v);
}

/** JSON with what fits on one line written on one line, as a person would lay out the schema. */
export function formatJson(v: unknown, depth = 0): string {
  const line = oneLine(v);
  if (typeof v !== "object" || v === null || line.length + depth * INDENT.length <= WIDTH) return line;
  const pad = INDENT.repeat(depth + 1);
  const items = Array.isArray(v)
    ? v.map((x) => pad + formatJson(x, depth + 1))
    : Object.entries(v).map(([k, x]) => `${pad}${JSON.stringify(k)}: ${formatJson(x, depth + 1)}`);
  const [open, close] = Array.isArray(v) ? ["[", "]"] : ["{", "}"];
  return `${open}\n${items.join(",\n")}\n${INDENT.repeat(depth)}${close}`;
}

/** docs/gradflow.schema.json as `npm run docs` writes it. */
export const schemaText = () => formatJson(graphSchema()) + "\n";
