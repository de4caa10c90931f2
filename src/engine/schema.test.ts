// docs/gradflow.schema.json: the cases and the docs' examples pass it, bad files do not, and it
// says what the registry says. No JSON Schema library is installed, so a small validator for
// the keywords the schema uses is below; it refuses any keyword it does not know.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkParam, validateGraph } from "./format";
import { OPS } from "./ops";
import type { ParamSpec } from "./ops/types";
import { OPTIMIZERS } from "./optimizers";
import { paramSchema } from "./schema";
import { MAX_AXES } from "./tensor";
import { INITS, MAX_SKIP } from "./values";
import { DATASETS } from "./datasets";

type Schema = boolean | { [k: string]: any };

const ROOT = join(__dirname, "..", "..");
const schema = JSON.parse(readFileSync(join(ROOT, "docs", "gradflow.schema.json"), "utf8"));
const CASES = join(ROOT, "..", "shared", "cases");

const ANNOTATIONS = new Set(["$schema", "$id", "title", "description", "default", "$defs"]);
const ASSERTIONS = new Set(["type", "required", "properties", "additionalProperties", "enum", "const", "items", "oneOf", "anyOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "minLength", "maxLength", "$ref"]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function typeMatches(t: string, v: unknown): boolean {
  switch (t) {
    case "object": return isObject(v);
    case "array": return Array.isArray(v);
    case "string": return typeof v === "string";
    // JSON numbers are finite; 1e999 parses to Infinity, which no JSON number is
    case "number": return typeof v === "number" && Number.isFinite(v);
    case "integer": return typeof v === "number" && Number.isInteger(v);
    case "boolean": return typeof v === "boolean";
    case "null": return v === null;
    default: throw new Error(`unknown type ${t}`);
  }
}

/** Errors of `v` against `s`, as "path: what"; `root` resolves "#/$defs/..." references. */
function validate(s: Schema, v: unknown, root: Record<string, any> = schema, path = "$"): string[] {
  if (s === true) return [];
  if (s === false) return [`${path}: not allowed`];
  for (const k of Object.keys(s)) if (!ANNOTATIONS.has(k) && !ASSERTIONS.has(k)) throw new Error(`the validator does not know "${k}" (at ${path})`);
  const errs: string[] = [];
  if (s.$ref !== undefined) {
    const m = /^#\/\$defs\/(.+)$/.exec(s.$ref);
    if (!m || !(m[1] in root.$defs)) throw new Error(`unresolvable $ref ${s.$ref}`);
    errs.push(...validate(root.$defs[m[1]], v, root, path));
  }
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(t, v))) return [...errs, `${path}: expected ${types.join(" or ")}, got ${JSON.stringify(v)}`];
  }
  if (s.const !== undefined && !deepEqual(s.const, v)) errs.push(`${path}: expected ${JSON.stringify(s.const)}`);
  if (s.enum !== undefined && !s.enum.some((e: unknown) => deepEqual(e, v))) errs.push(`${path}: not one of ${JSON.stringify(s.enum)}`);
  if (typeof v === "number") {
    if (s.minimum !== undefined && v < s.minimum) errs.push(`${path}: below ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) errs.push(`${path}: above ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && v <= s.exclusiveMinimum) errs.push(`${path}: not above ${s.exclusiveMinimum}`);
    if (s.exclusiveMaximum !== undefined && v >= s.exclusiveMaximum) errs.push(`${path}: not below ${s.exclusiveMaximum}`);
  }
  if (typeof v === "string" && s.minLength !== undefined && v.length < s.minLength) errs.push(`${path}: shorter than ${s.minLength}`);
  if (typeof v === "string" && s.maxLength !== undefined && v.length > s.maxLength) errs.push(`${path}: longer than ${s.maxLength}`);
  if (Array.isArray(v)) {
    if (s.minItems !== undefined && v.length < s.minItems) errs.push(`${path}: fewer than ${s.minItems} items`);
    if (s.maxItems !== undefined && v.length > s.maxItems) errs.push(`${path}: more than ${s.maxItems} items`);
    if (s.items !== undefined) v.forEach((x, i) => errs.push(...validate(s.items, x, root, `${path}[${i}]`)));
  }
  if (isObject(v)) {
    for (const r of s.required ?? []) if (!Object.hasOwn(v, r)) errs.push(`${path}: missing ${r}`);
    const props: Record<string, Schema> = s.properties ?? {};
    for (const [k, x] of Object.entries(v)) {
      if (Object.hasOwn(props, k)) errs.push(...validate(props[k], x, root, `${path}.${k}`));
      else if (s.additionalProperties !== undefined) errs.push(...validate(s.additionalProperties, x, root, `${path}.${k}`));
    }
  }
  if (s.anyOf !== undefined && !s.anyOf.some((a: Schema) => validate(a, v, root, path).length === 0)) errs.push(`${path}: matches none of anyOf`);
  if (s.oneOf !== undefined) {
    const results = s.oneOf.map((a: Schema) => validate(a, v, root, path));
    const ok = results.filter((r: string[]) => r.length === 0).length;
    if (ok !== 1) errs.push(ok === 0 ? `${path}: matches none of oneOf (closest: ${results.reduce((a: string[], b: string[]) => (b.length < a.length ? b : a))[0]})` : `${path}: matches ${ok} of oneOf`);
  }
  return errs;
}

const schemaErrors = (file: unknown) => validate(schema, file);
const readerError = (file: unknown) => {
  try {
    validateGraph(file);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

describe("the little validator", () => {
  it("fails what it should", () => {
    const root = { $defs: { n: { type: "integer", minimum: 0 } } };
    expect(validate({ $ref: "#/$defs/n" }, 1.5, root)).toHaveLength(1);
    expect(validate({ $ref: "#/$defs/n" }, -1, root)).toEqual(["$: below 0"]);
    expect(validate({ $ref: "#/$defs/n" }, 3, root)).toEqual([]);
    expect(validate({ type: "number" }, Infinity, root)).toHaveLength(1);
    expect(validate({ oneOf: [{ type: "number" }, { type: "integer" }] }, 2, root)).toEqual(["$: matches 2 of oneOf"]);
    expect(validate({ anyOf: [{ const: "a" }, { enum: [1, 2] }] }, 3, root)).toEqual(["$: matches none of anyOf"]);
    expect(validate({ type: "object", properties: { a: false }, additionalProperties: false }, { a: 1, b: 2 }, root)).toEqual(["$.a: not allowed", "$.b: not allowed"]);
    expect(validate({ type: "object", required: ["a"] }, {}, root)).toEqual(["$: missing a"]);
    expect(validate({ type: "array", items: { type: "string" }, maxItems: 1 }, ["a", 2], root)).toEqual(["$: more than 1 items", "$[1]: expected string, got 2"]);
    expect(() => validate({ pattern: "x" }, "x", root)).toThrow('the validator does not know "pattern"');
  });
});

/** a file holding every op of the registry, with each optimizer in turn */
function everyOp(optimizer: Record<string, unknown>) {
  return {
    format: "gradflow",
    version: 1,
    nodes: OPS.map((op, i) => ({
      id: `n${i}`,
      type: op.type,
      position: { x: i * 10, y: 0 },
      data: Object.fromEntries(op.params.filter((p) => p.kind === "tensor").map((p) => [p.name, [[1, 2], [3, 4]]])),
    })),
    edges: [],
    optimizer,
    viewport: { x: 0, y: 0, zoom: 1 },
  };
}

const caseFiles = readdirSync(CASES).filter((f) => f.endsWith(".json") && !f.endsWith(".expect.json")).sort();
const docsJson = [...readFileSync(join(ROOT, "docs", "format.md"), "utf8").matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));
const docsExamples = docsJson.filter((j) => j.format === "gradflow");

describe("files the schema accepts", () => {
  it.each(caseFiles)("the case %s", (name) => {
    expect(schemaErrors(JSON.parse(readFileSync(join(CASES, name), "utf8")))).toEqual([]);
  });

  it("the full graph files in docs/format.md, which the reader accepts too", () => {
    expect(docsExamples.length).toBeGreaterThan(0);
    for (const f of docsExamples) {
      expect(schemaErrors(f)).toEqual([]);
      expect(readerError(f)).toBeNull();
    }
  });

  it("the docs' snippets of an optimizer state, groups and a lesson", () => {
    const snippet = (is: (j: any) => boolean) => docsJson.find(is) ?? expect.fail("docs/format.md lost a snippet");
    expect(validate(schema.$defs.optimizer, snippet((j) => j.state))).toEqual([]);
    expect(validate(schema.properties.groups, snippet(Array.isArray))).toEqual([]);
    expect(validate(schema.$defs.lesson, snippet((j) => j.steps))).toEqual([]);
  });

  it("every op and every optimizer", () => {
    for (const o of OPTIMIZERS) {
      const file = everyOp({ type: o.type, ...Object.fromEntries(o.hyper.map((h) => [h.name, h.default])) });
      expect(schemaErrors(file)).toEqual([]);
      expect(readerError(file)).toBeNull();
    }
  });

  it("every generator, and React Flow's extra fields", () => {
    const file = everyOp({ type: "SGD" });
    const gens = [
      { init: "randn", shape: [2, 3], seed: 1, skip: 5, scale: 0.5 },
      { init: "rand", shape: [4] },
      { init: "zeros", shape: [1, 1, 1, 1, 1, 1, 1, 1] },
      { init: "ones", shape: [], scale: 2 },
      { init: "full", shape: [2], fill: -1 },
      { init: "eye", shape: [3, 3] },
      { init: "zeros", shape: [2], seed: 3 },
      { init: "spiral", shape: [300, 2], classes: 3, seed: 1984 },
      { init: "spiral", shape: [300], classes: 3, seed: 1984, part: "labels" },
      { init: "blobs", shape: [10, 4], classes: 4, part: "onehot", noise: 0.5 },
      { init: "moons", shape: [20, 2], scale: 2 },
    ];
    for (const g of gens) {
      const f = structuredClone(file) as any;
      f.nodes[0].data.value = g;
      f.nodes[0].selected = true;
      f.edges.push({ id: "e", source: "n0", target: "n2", targetHandle: "a", animated: true, sourceHandle: null });
      expect(schemaErrors(f), JSON.stringify(g)).toEqual([]);
      expect(readerError(f), JSON.stringify(g)).toBeNull();
    }
  });
});

// FORMAT.md's optional top-level fields. The reader's own checks of them are written beside
// format.ts; here the schema alone, both ways.
describe("target, groups, lesson and optimizer.state", () => {
  const base = () => JSON.parse(readFileSync(join(CASES, "matmul-dout.json"), "utf8"));
  const text = (en: string) => ({ en, ja: `${en}（日本語）` });
  const full = () => ({
    ...base(),
    target: "mm",
    groups: [{ id: "g1", label: "the layer", nodes: ["x", "W", "mm"], collapsed: true }, { id: "g2", nodes: [] }],
    lesson: {
      title: text("MatMul"),
      steps: [
        { text: text("look"), highlight: ["mm", "e1"] },
        ...["value", "grad", "shape"].map((what) => ({ text: text("guess"), predict: { edge: "e1", what } })),
      ],
    },
    optimizer: { type: "Adam", lr: 0.01, state: { t: 3, slots: { W: { m: [[1, 2, 3], [4, 5, 6]], v: { init: "zeros", shape: [2, 3] } } } } },
  });

  it("a file with all of them", () => {
    expect(schemaErrors(full())).toEqual([]);
    for (const state of [{ t: 0, slots: {} }, { t: 1, slots: { a: { v: 1 }, b: { h: [1, 2] } } }]) {
      const f = { ...base(), optimizer: { type: "Momentum", state } };
      expect(schemaErrors(f)).toEqual([]);
    }
  });

  const bad: [string, (f: any) => void][] = [
    ["a target that is not a string", (f) => (f.target = 3)],
    ["an empty target", (f) => (f.target = "")],
    ["groups that are not a list", (f) => (f.groups = { id: "g" })],
    ["a group without nodes", (f) => delete f.groups[0].nodes],
    ["a group without id", (f) => delete f.groups[0].id],
    ["a group's node that is a number", (f) => (f.groups[0].nodes = [1])],
    ["collapsed as a string", (f) => (f.groups[0].collapsed = "yes")],
    ["a lesson without steps", (f) => delete f.lesson.steps],
    ["a title in English only", (f) => (f.lesson.title = { en: "MatMul" })],
    ["a title that is a string", (f) => (f.lesson.title = "MatMul")],
    ["a step without text", (f) => delete f.lesson.steps[0].text],
    ["a highlight that is a string", (f) => (f.lesson.steps[0].highlight = "mm")],
    ["a prediction of something else", (f) => (f.lesson.steps[1].predict.what = "gradient")],
    ["a prediction without an edge", (f) => delete f.lesson.steps[1].predict.edge],
    ["a state without t", (f) => delete f.optimizer.state.t],
    ["a state with t below 0", (f) => (f.optimizer.state.t = -1)],
    ["a state with t 1.5", (f) => (f.optimizer.state.t = 1.5)],
    ["a state without slots", (f) => delete f.optimizer.state.slots],
    ["a slot other than v, m, h", (f) => (f.optimizer.state.slots.W.s = 1)],
    ["a slot that is not a tensor", (f) => (f.optimizer.state.slots.W.m = "zeros")],
    ["a state field of its own", (f) => (f.optimizer.state.lr = 1)],
  ];
  it.each(bad)("refuses %s", (_, change) => {
    const f = full();
    change(f);
    expect(schemaErrors(f).length).toBeGreaterThan(0);
  });
});

describe("files the schema refuses, as the reader does", () => {
  const base = () => JSON.parse(readFileSync(join(CASES, "matmul-dout.json"), "utf8"));
  const bad: [string, (f: any) => void][] = [
    ["not gradflow", (f) => (f.format = "reactflow")],
    ["version 2", (f) => (f.version = 2)],
    ["no nodes", (f) => delete f.nodes],
    ["a node without id", (f) => delete f.nodes[0].id],
    ["an empty id", (f) => (f.nodes[0].id = "")],
    ["an unknown op", (f) => (f.nodes[2].type = "Matmul")],
    ["an Input without value", (f) => (f.nodes[0].data = {})],
    ["a string as value", (f) => (f.nodes[0].data.value = "1")],
    ["an empty list", (f) => (f.nodes[0].data.value = [])],
    ["nine axes", (f) => (f.nodes[0].data.value = [[[[[[[[[1]]]]]]]]])],
    ["a label that is a number", (f) => (f.nodes[2].data.label = 3)],
    ["repeats 0", (f) => (f.nodes[2] = { id: "mm", type: "Repeat", data: { repeats: 0 } })],
    ["keepdims as a string", (f) => (f.nodes[2] = { id: "mm", type: "Sum", data: { keepdims: "yes" } })],
    ["axis 1.5", (f) => (f.nodes[2] = { id: "mm", type: "Sum", data: { axis: 1.5 } })],
    ["an unknown generator", (f) => (f.nodes[0].data.value = { init: "gauss", shape: [2] })],
    ["a generator with an extra field", (f) => (f.nodes[0].data.value = { init: "randn", shape: [2], mean: 0 })],
    ["a seed below 0", (f) => (f.nodes[0].data.value = { init: "randn", shape: [2], seed: -1 })],
    ["a seed of 2^32", (f) => (f.nodes[0].data.value = { init: "randn", shape: [2], seed: 2 ** 32 })],
    ["a size of 0", (f) => (f.nodes[0].data.value = { init: "zeros", shape: [2, 0] })],
    ["nine axes in a shape", (f) => (f.nodes[0].data.value = { init: "zeros", shape: [1, 1, 1, 1, 1, 1, 1, 1, 1] })],
    ["full without fill", (f) => (f.nodes[0].data.value = { init: "full", shape: [2] })],
    ["fill without full", (f) => (f.nodes[0].data.value = { init: "ones", shape: [2], fill: 3 })],
    ["eye of one axis", (f) => (f.nodes[0].data.value = { init: "eye", shape: [3] })],
    ["a dataset's unknown part", (f) => (f.nodes[0].data.value = { init: "spiral", shape: [3, 2], part: "x" })],
    ["a dataset with a skip", (f) => (f.nodes[0].data.value = { init: "spiral", shape: [3, 2], skip: 1 })],
    ["circles of 3 classes", (f) => (f.nodes[0].data.value = { init: "circles", shape: [3, 2], classes: 3 })],
    ["a dataset's negative noise", (f) => (f.nodes[0].data.value = { init: "moons", shape: [3, 2], noise: -1 })],
    ["an edge without targetHandle", (f) => delete f.edges[0].targetHandle],
    ["a sourceHandle other than out", (f) => (f.edges[0].sourceHandle = "y")],
    ["an unknown optimizer", (f) => (f.optimizer = { type: "AdamW" })],
    ["momentum 1", (f) => (f.optimizer = { type: "Momentum", momentum: 1 })],
    ["lr 0", (f) => (f.optimizer = { type: "SGD", lr: 0 })],
    ["an unknown setting", (f) => (f.optimizer = { type: "SGD", momentum: 0.9 })],
    ["a viewport without zoom", (f) => (f.viewport = { x: 0, y: 0 })],
    ["a position without y", (f) => (f.nodes[0].position = { x: 0 })],
  ];
  it.each(bad)("%s", (_, change) => {
    const f = base();
    change(f);
    expect(schemaErrors(f).length).toBeGreaterThan(0);
    expect(readerError(f)).not.toBeNull();
  });

  // what needs the whole file: the schema lets these through; the reader does not
  const readerOnly: [string, (f: any) => void][] = [
    ["duplicate node ids", (f) => (f.nodes[1].id = "x")],
    ["an edge to a ghost", (f) => (f.edges[2].target = "ghost")],
    ["two edges into one port", (f) => (f.edges[1].targetHandle = "x")],
    ["a port the op does not have", (f) => (f.edges[1].targetHandle = "w")],
    ["a ragged list", (f) => (f.nodes[0].data.value = [[1, 2], [3]])],
    ["too many elements", (f) => (f.nodes[0].data.value = { init: "zeros", shape: [100000, 100000] })],
    ["a non-square eye", (f) => (f.nodes[0].data.value = { init: "eye", shape: [2, 3] })],
    ["a dataset's shape that does not fit its part", (f) => (f.nodes[0].data.value = { init: "spiral", shape: [3], part: "points" })],
    [
      "a cycle",
      (f) => {
        f.nodes.push({ id: "a", type: "Tanh" }, { id: "b", type: "Exp" });
        f.edges.push({ id: "ab", source: "a", target: "b", targetHandle: "x" }, { id: "ba", source: "b", target: "a", targetHandle: "x" });
      },
    ],
  ];
  it.each(readerOnly)("%s: only the reader catches it (docs/format.md says so)", (name, change) => {
    const f = base();
    change(f);
    expect(schemaErrors(f)).toEqual([]);
    expect(readerError(f)).not.toBeNull();
    if (name === "a cycle") expect(readerError(f)).toMatch(/^edges: the graph has a cycle/);
  });
});

describe("the schema says what the registry says", () => {
  it("one node form per op, with the op's parameters, kinds and defaults", () => {
    const forms = schema.$defs.node.oneOf;
    expect(forms.map((f: any) => f.properties.type.const)).toEqual(OPS.map((o) => o.type));
    OPS.forEach((op, i) => {
      const data = forms[i].properties.data;
      expect(Object.keys(data.properties), op.type).toEqual(["label", ...op.params.map((p) => p.name)]);
      const required = op.params.filter((p) => p.kind === "tensor" && !p.optional).map((p) => p.name);
      expect(data.required ?? [], op.type).toEqual(required);
      expect(forms[i].required, op.type).toEqual(required.length ? ["id", "type", "data"] : ["id", "type"]);
      for (const p of op.params) {
        const s = data.properties[p.name];
        const nullable = (p.kind === "axis" || p.kind === "int") && p.nullable;
        const kind = { tensor: undefined, int: nullable ? ["integer", "null"] : "integer", number: "number", bool: "boolean", axis: nullable ? ["integer", "null"] : "integer", formula: "string" }[p.kind];
        expect(s.type, `${op.type}.${p.name}`).toEqual(kind);
        if (p.kind === "tensor") expect(s.$ref).toBe("#/$defs/tensor");
        else expect(s.default, `${op.type}.${p.name}`).toEqual(p.default);
        if (p.kind === "int" || p.kind === "number") expect(s.minimum).toBe(p.min);
        if (p.kind === "number") expect(s.maximum).toBe(p.max);
      }
    });
  });

  // every kind, also those no op uses yet: a new op's parameters are described right the day it comes
  it("for every kind of parameter, the schema accepts exactly what the reader's checkParam accepts", () => {
    const specs: ParamSpec[] = [
      { name: "p", kind: "tensor", doc: "" },
      { name: "p", kind: "int", doc: "", default: 2, min: 1 },
      { name: "p", kind: "int", doc: "", default: 0 },
      { name: "p", kind: "number", doc: "", default: 0.5, min: 0, max: 1 },
      { name: "p", kind: "number", doc: "", default: 0.5, min: -1 },
      { name: "p", kind: "number", doc: "", default: 0.5 },
      { name: "p", kind: "axis", doc: "", default: 0, nullable: true },
      { name: "p", kind: "axis", doc: "", default: 0 },
      { name: "p", kind: "bool", doc: "", default: true },
      { name: "p", kind: "int", doc: "", default: null, nullable: true },
      { name: "p", kind: "int", doc: "", default: 0, min: 0, nullable: true },
      { name: "p", kind: "formula", doc: "", default: "x" },
    ];
    const samples = [0, 1, -1, -2, 0.5, 1.5, 1e300, Infinity, NaN, null, true, false, "1", "", "x^2 * sin(x)", "x".repeat(500), "x".repeat(501), [1, 2], [[1], [2]], { init: "zeros", shape: [2] }];
    for (const spec of specs)
      for (const v of samples) {
        const inSchema = validate(paramSchema(spec), v).length === 0;
        const inReader = checkParam(spec, v, "p", "Op") === null;
        expect(inSchema, `${JSON.stringify(spec)} with ${String(v)}`).toBe(inReader);
      }
    expect(checkParam(specs[3], 1.5, "data.p", "Op")).toBe("data.p: must be at most 1, got 1.5");
    expect(checkParam(specs[3], Infinity, "data.p", "Op")).toBe("data.p: expected a finite number, got Infinity");
    expect(checkParam(specs[3], "0.5", "data.p", "Op")).toBe('data.p: expected a finite number, got "0.5"');
    expect(checkParam(specs[4], -2, "data.p", "Op")).toBe("data.p: must be at least -1, got -2");
  });

  it("one optimizer form per optimizer, with its settings, ranges and defaults", () => {
    const forms = schema.$defs.optimizer.oneOf;
    expect(forms.map((f: any) => f.properties.type.const)).toEqual(OPTIMIZERS.map((o) => o.type));
    OPTIMIZERS.forEach((o, i) => {
      const props = forms[i].properties;
      expect(Object.keys(props)).toEqual(["type", ...o.hyper.map((h) => h.name), "state"]);
      expect(props.state.$ref).toBe("#/$defs/optimizerState");
      for (const h of o.hyper) {
        expect(props[h.name].default).toBe(h.default);
        expect(props[h.name][h.exclusiveMin ? "exclusiveMinimum" : "minimum"]).toBe(h.min);
        expect(props[h.name][h.exclusiveMax ? "exclusiveMaximum" : "maximum"]).toBe(h.max);
      }
    });
  });

  it("the generators and limits of values.ts and tensor.ts", () => {
    const d = schema.$defs;
    expect(d.generator.properties.init.enum).toEqual([...INITS]);
    expect(d.dataset.oneOf.map((f: any) => f.properties.init.const)).toEqual(DATASETS.map((x) => x.name));
    DATASETS.forEach((x, i) => {
      const props = d.dataset.oneOf[i].properties;
      expect([props.classes.minimum, props.classes.maximum, props.classes.default, props.noise.default]).toEqual([x.classes.min, x.classes.max, x.classes.default, x.noise]);
    });
    expect(d.seed.maximum).toBe(2 ** 32 - 1);
    expect(d.skip.maximum).toBe(MAX_SKIP);
    expect(d.shape.maxItems).toBe(MAX_AXES);
    expect(d.tensor.anyOf[0].$ref).toBe(`#/$defs/nested${MAX_AXES}`);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  it("docs/format.md names every op and every optimizer", () => {
    const doc = readFileSync(join(ROOT, "docs", "format.md"), "utf8");
    for (const name of [...OPS.map((o) => o.type), ...OPTIMIZERS.map((o) => o.type)]) expect(doc, name).toContain(`\`${name}\``);
  });
});
