// Graph files (FORMAT.md §1): every kind of bad file is refused with one message naming the
// path and what is wrong; good files come back as a clean GraphDoc.
import { describe, expect, it } from "vitest";
import { FORMAT_VERSION, FormatError, checkParam, parseGraph, suggest, validateGraph, withSeeds } from "./format";
import { getOp } from "./ops";

/** The notebook's MatMul file; each test breaks one thing in a fresh copy. */
function base(): Record<string, any> {
  return {
    format: "gradflow",
    version: 1,
    name: "MatMul layer",
    nodes: [
      { id: "x", type: "Input", position: { x: 0, y: 0 }, data: { value: [[1, 2], [3, 4]] } },
      { id: "W", type: "Param", position: { x: 0, y: 140 }, data: { value: [[1, 2, 3], [4, 5, 6]] } },
      { id: "mm", type: "MatMul", position: { x: 220, y: 60 }, data: {} },
      { id: "o", type: "Output", position: { x: 440, y: 60 }, data: { grad: [[1, 2, 3], [4, 5, 6]] } },
    ],
    edges: [
      { id: "e1", source: "x", sourceHandle: "out", target: "mm", targetHandle: "x" },
      { id: "e2", source: "W", sourceHandle: "out", target: "mm", targetHandle: "W" },
      { id: "e3", source: "mm", sourceHandle: "out", target: "o", targetHandle: "x" },
    ],
    optimizer: { type: "SGD", lr: 0.01 },
  };
}

/** the message a file gets refused with, or "accepted" */
function verdict(file: unknown): string {
  try {
    validateGraph(file);
    return "accepted";
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return (e as Error).message;
  }
}
const broken = (change: (f: Record<string, any>) => void) => {
  const f = base();
  change(f);
  return verdict(f);
};
const withValue = (value: unknown) => broken((f) => (f.nodes[0].data.value = value));

describe("a good file", () => {
  it("comes back as the document it describes", () => {
    const doc = validateGraph(base());
    expect(doc).toEqual(base());
    expect(FORMAT_VERSION).toBe(1);
  });

  it("fills what may be left out: data, positions, sourceHandle (also null)", () => {
    const doc = validateGraph({
      format: "gradflow",
      version: 1,
      nodes: [{ id: "x", type: "Input", data: { value: 1 } }, { id: "t", type: "Tanh" }],
      edges: [{ id: "e", source: "x", target: "t", targetHandle: "x" }],
    });
    expect(doc.nodes[1]).toEqual({ id: "t", type: "Tanh", data: {} });
    expect(doc.nodes[0].position).toBeUndefined();
    expect(doc.edges[0].sourceHandle).toBe("out");
    expect(doc.optimizer).toBeUndefined();
    expect(broken((f) => (f.edges[0].sourceHandle = null))).toBe("accepted");
  });

  it("keeps a label and a viewport, and drops fields it does not know (React Flow's width, selected)", () => {
    const f = base();
    f.nodes[2].data.label = "Linear";
    f.nodes[2].selected = true;
    f.nodes[2].width = 120;
    f.viewport = { x: 10, y: -5, zoom: 1.5 };
    f.somethingNew = 1;
    const doc = validateGraph(f);
    expect(doc.nodes[2]).toEqual({ id: "mm", type: "MatMul", position: { x: 220, y: 60 }, data: { label: "Linear" } });
    expect(doc.viewport).toEqual({ x: 10, y: -5, zoom: 1.5 });
    expect("somethingNew" in doc).toBe(false);
  });

  it("takes every generator of the table", () => {
    for (const value of [
      { init: "randn", shape: [10, 3], seed: 1, skip: 50, scale: 0.4472135954999579 },
      { init: "rand", shape: [2, 5], seed: 42 },
      { init: "zeros", shape: [3] },
      { init: "ones", shape: [2, 2] },
      { init: "full", shape: [2], fill: 7 },
      { init: "eye", shape: [3, 3] },
      { init: "randn", shape: [2] },
    ])
      expect(withValue(value)).toBe("accepted");
  });

  it("reads a file's text, names in any script included", () => {
    expect(parseGraph(JSON.stringify({ ...base(), name: "重みの勾配" })).name).toBe("重みの勾配");
  });
});

describe("files that are not Gradflow graphs", () => {
  it("not JSON", () => {
    expect(() => parseGraph("{ nodes: [")).toThrow(FormatError);
    expect(() => parseGraph("{ nodes: [")).toThrow(/^not JSON: /);
    expect(() => parseGraph("")).toThrow(/^not JSON: /);
  });

  /** the message a text gets refused with */
  const notJson = (text: string) => {
    try {
      parseGraph(text);
    } catch (e) {
      return (e as Error).message;
    }
    return "accepted";
  };

  it("not JSON: where it breaks, by line and column, and why, in words of our own (not the browser's)", () => {
    expect(notJson("")).toBe("not JSON: the file is empty");
    expect(notJson(" \n ")).toBe("not JSON: the file is empty");
    expect(notJson("{ nodes: [")).toBe('not JSON: line 1, column 3: the key nodes needs double quotes: "nodes"');
    // a comma after a node's last field, on line 4 (JSON.parse: "… at position 54", in the browser's words)
    expect(notJson('{\n  "format": "gradflow",\n  "nodes": [\n    {"id": "x",}\n  ]\n}')).toBe('not JSON: line 4, column 16: a comma with no item after it, before "}" (JSON allows no comma after the last item)');
    expect(notJson("[1, 2,]")).toBe('not JSON: line 1, column 7: a comma with no item after it, before "]" (JSON allows no comma after the last item)');
    expect(notJson('{"a" 1}')).toBe('not JSON: line 1, column 6: expected ":" after the key');
    expect(notJson('{"a": 1 "b": 2}')).toBe('not JSON: line 1, column 9: expected "," or "}" after the value');
    expect(notJson('{"a": [1 2]}')).toBe('not JSON: line 1, column 10: expected "," or "]" after the value');
    expect(notJson('{"a": }')).toBe("not JSON: line 1, column 7: expected a value (a number, text in double quotes, true, false, null, [...] or {...})");
    expect(notJson("{,}")).toBe("not JSON: line 1, column 2: expected a key in double quotes");
    expect(notJson("{\"a\": 'x'}")).toBe("not JSON: line 1, column 7: text is written in double quotes in JSON, not single quotes");
    expect(notJson('{"a": True}')).toBe('not JSON: line 1, column 7: "True" is not a JSON value (use true, false, null, a number or text in double quotes)');
    expect(notJson('{"a": NaN}')).toBe('not JSON: line 1, column 7: "NaN" is not a JSON value (use true, false, null, a number or text in double quotes)');
    expect(notJson('{"a": 01}')).toBe('not JSON: line 1, column 7: "01" is not a number as JSON writes one (like 0.5, -2 or 1e-3)');
    expect(notJson('{"a": -Infinity}')).toBe('not JSON: line 1, column 7: "-Infinity" is not a number as JSON writes one (like 0.5, -2 or 1e-3)');
    expect(notJson('{"a": "x\ny"}')).toBe("not JSON: line 1, column 9: a line break or control character inside a text in double quotes (write \\n for a line break)");
    expect(notJson('{"a": "\\q"}')).toBe('not JSON: line 1, column 8: \\q is not an escape JSON knows (use \\n, \\t, \\", \\\\ or \\u and four hexadecimal digits)');
    expect(notJson('{"a": "\\u12"}')).toBe("not JSON: line 1, column 8: \\u needs four hexadecimal digits, like \\u00e9");
    expect(notJson('{"a": "abc')).toBe("not JSON: line 1, column 7: a text in double quotes is not closed");
    expect(notJson('{"a": [1, 2')).toBe('not JSON: line 1, column 12: the file ends too early (a "]" is missing, or the file was cut short)');
    expect(notJson('{"a":1}\n\n  x')).toBe("not JSON: line 3, column 3: more after the end of the JSON (a file holds one value)");
    expect(notJson("{} // a note")).toBe("not JSON: line 1, column 4: JSON has no comments");
    // columns count characters, as an editor does: "😀" is one (two UTF-16 units would make it column 8)
    expect(notJson('{"😀": tru}')).toBe('not JSON: line 1, column 7: "tru" is not a JSON value (use true, false, null, a number or text in double quotes)');
  });

  it.each([[[]], [3], [null], ["gradflow"], [true]])("not an object: %j", (v) => {
    expect(verdict(v)).toBe('expected a JSON object with "format": "gradflow"');
  });

  it("wrong or missing format", () => {
    expect(broken((f) => (f.format = "reactflow"))).toBe('format: expected "gradflow", got "reactflow"');
    // a JSON file of another kind: missing, not "got undefined"
    expect(broken((f) => delete f.format)).toBe('format: missing (a Gradflow graph file has "format": "gradflow")');
  });

  it("wrong version", () => {
    expect(broken((f) => (f.version = 2))).toBe("version: 2 is newer than this Gradflow reads (1)");
    expect(broken((f) => (f.version = "1"))).toBe('version: expected a whole number like 1, got "1"');
    expect(broken((f) => (f.version = 1.5))).toBe("version: expected a whole number like 1, got 1.5");
    expect(broken((f) => (f.version = 0))).toBe("version: expected a whole number like 1, got 0");
    expect(broken((f) => delete f.version)).toBe("version: missing (expected a whole number like 1)");
  });

  it("name, nodes and edges of the wrong kind", () => {
    expect(broken((f) => (f.name = 3))).toBe("name: expected a string");
    expect(broken((f) => (f.nodes = {}))).toBe("nodes: expected a list of nodes");
    expect(broken((f) => delete f.edges)).toBe("edges: expected a list of edges");
  });
});

describe("bad nodes", () => {
  it("not an object, no id, empty id", () => {
    expect(broken((f) => (f.nodes[1] = "W"))).toBe("nodes[1]: expected an object with id, type and data");
    expect(broken((f) => delete f.nodes[2].id)).toBe("nodes[2].id: expected a non-empty string");
    expect(broken((f) => (f.nodes[2].id = ""))).toBe("nodes[2].id: expected a non-empty string");
    expect(broken((f) => (f.nodes[2].id = 7))).toBe("nodes[2].id: expected a non-empty string");
  });

  it("an unknown op, with a did-you-mean for a near miss", () => {
    expect(broken((f) => (f.nodes[2].type = "Matmul"))).toBe('nodes[2].type: unknown op "Matmul" — did you mean "MatMul"?');
    expect(broken((f) => (f.nodes[2].type = "Sigmod"))).toBe('nodes[2].type: unknown op "Sigmod" — did you mean "Sigmoid"?');
    expect(broken((f) => (f.nodes[2].type = "relu"))).toBe('nodes[2].type: unknown op "relu" — did you mean "ReLU"?');
    expect(broken((f) => (f.nodes[2].type = "Convolution"))).toBe('nodes[2].type: unknown op "Convolution"');
    expect(broken((f) => (f.nodes[2].type = "__proto__"))).toBe('nodes[2].type: unknown op "__proto__"');
    expect(broken((f) => delete f.nodes[2].type)).toBe('nodes[2].type: expected an op name such as "MatMul"');
  });

  it("suggests only near misses", () => {
    expect(suggest("Softmaxwithloss")).toBe(' — did you mean "SoftmaxWithLoss"?');
    expect(suggest("Tan")).toBe(' — did you mean "Tanh"?');
    expect(suggest("Xyz")).toBe("");
  });

  it("duplicate ids", () => {
    expect(broken((f) => (f.nodes[3].id = "x"))).toBe('nodes[3].id: "x" is already the id of nodes[0]');
  });

  it("bad position, data and label", () => {
    expect(broken((f) => (f.nodes[0].position = { x: 1 }))).toBe('nodes[0].position: expected { "x": number, "y": number }');
    expect(broken((f) => (f.nodes[0].position = [0, 0]))).toBe('nodes[0].position: expected { "x": number, "y": number }');
    expect(broken((f) => (f.nodes[2].data = []))).toBe("nodes[2].data: expected an object of parameters");
    expect(broken((f) => (f.nodes[2].data = { label: 5 }))).toBe("nodes[2].data.label: expected a string");
  });

  it("a source without its value", () => {
    expect(broken((f) => (f.nodes[0].data = {}))).toBe("nodes[0].data.value: missing (an Input needs a value)");
    expect(broken((f) => (f.nodes[1].data = {}))).toBe("nodes[1].data.value: missing (a Param needs a value)");
  });

  it("bad parameters of an op", () => {
    const rep = (data: Record<string, unknown>) => broken((f) => (f.nodes[2] = { id: "mm", type: "Repeat", data }));
    expect(rep({ repeats: 0 })).toBe("nodes[2].data.repeats: must be at least 1, got 0");
    expect(rep({ repeats: 2.5 })).toBe("nodes[2].data.repeats: expected a whole number, got 2.5");
    expect(rep({ axis: null })).toBe("nodes[2].data.axis: expected a whole number, got null");
    const sum = (data: Record<string, unknown>) => broken((f) => (f.nodes[2] = { id: "mm", type: "Sum", data }));
    expect(sum({ axis: "rows" })).toBe('nodes[2].data.axis: expected a whole number or null (all axes), got "rows"');
    expect(sum({ keepdims: "yes" })).toBe('nodes[2].data.keepdims: expected true or false, got "yes"');
    // valid parameters, but Sum has one input, so MatMul's second edge finds no port
    expect(sum({ axis: null, keepdims: false })).toBe('edges[1].targetHandle: Sum has no input "W" (its inputs: x)');
  });

  it("checkParam is what the inspector asks about one field", () => {
    const repeats = getOp("Repeat")!.params.find((p) => p.name === "repeats")!;
    expect(checkParam(repeats, 3, "repeats", "Repeat")).toBeNull();
    expect(checkParam(repeats, -1, "repeats", "Repeat")).toBe("repeats: must be at least 1, got -1");
    expect(checkParam(repeats, undefined, "repeats", "Repeat")).toBeNull();
  });
});

describe("bad tensor values", () => {
  it("numbers that are not finite (1e999 reads as Infinity)", () => {
    expect(verdict(JSON.parse(JSON.stringify(base()).replace('"value":[[1,2],[3,4]]', '"value":[[1,2],[3,1e999]]')))).toBe("nodes[0].data.value[1][1]: Infinity is not a finite number");
    expect(withValue(NaN)).toBe("nodes[0].data.value: NaN is not a finite number");
    expect(withValue(-Infinity)).toBe("nodes[0].data.value: -Infinity is not a finite number");
    expect(broken((f) => (f.nodes[0].position = { x: Infinity, y: 0 }))).toBe('nodes[0].position: expected { "x": number, "y": number }');
  });

  it("not a rectangle, empty, or not numbers", () => {
    expect(withValue([[1, 2], [3]])).toBe("nodes[0].data.value[1]: has 1 entries but the others have 2 (a tensor must be rectangular)");
    expect(withValue([[1, 2], 3])).toBe("nodes[0].data.value[1]: expected a list of 2, got 3");
    expect(withValue([1, [2]])).toBe("nodes[0].data.value[1]: expected a number, got [2]");
    expect(withValue([])).toBe("nodes[0].data.value: an empty list is not a tensor");
    expect(withValue([[]])).toBe("nodes[0].data.value: an empty list is not a tensor");
    expect(withValue([1, "2"])).toBe('nodes[0].data.value[1]: expected a number, got "2"');
    expect(withValue("1")).toBe('nodes[0].data.value: expected a number, nested arrays of numbers, or a generator like { "init": "randn", "shape": [2, 3] }');
    expect(withValue(null)).toBe('nodes[0].data.value: expected a number, nested arrays of numbers, or a generator like { "init": "randn", "shape": [2, 3] }');
  });

  it("bad generators", () => {
    const gen = (g: Record<string, unknown>) => withValue({ init: "randn", shape: [2, 3], ...g });
    expect(gen({ init: "gauss" })).toBe('nodes[0].data.value.init: "gauss" is not a generator (use one of randn, rand, zeros, ones, full, eye, or a dataset: spiral, circles, moons, xor, blobs)');
    expect(gen({ mean: 0 })).toBe('nodes[0].data.value.mean: a generator has no field "mean" (it has: init, shape, seed, skip, scale, fill)');
    expect(gen({ shape: 3 })).toBe("nodes[0].data.value.shape: expected a list of sizes like [2, 3]");
    expect(gen({ shape: [2, 0] })).toBe("nodes[0].data.value.shape[1]: expected a whole number ≥ 1, got 0");
    expect(gen({ shape: [2.5] })).toBe("nodes[0].data.value.shape[0]: expected a whole number ≥ 1, got 2.5");
    expect(gen({ shape: ["2"] })).toBe('nodes[0].data.value.shape[0]: expected a whole number ≥ 1, got "2"');
    expect(gen({ seed: -1 })).toBe("nodes[0].data.value.seed: expected a whole number from 0 to 4294967295");
    expect(gen({ seed: 2 ** 32 })).toBe("nodes[0].data.value.seed: expected a whole number from 0 to 4294967295");
    expect(gen({ seed: 1.5 })).toBe("nodes[0].data.value.seed: expected a whole number from 0 to 4294967295");
    expect(gen({ skip: -3 })).toBe("nodes[0].data.value.skip: expected a whole number from 0 to 100000000");
    expect(gen({ skip: 1e9 })).toBe("nodes[0].data.value.skip: expected a whole number from 0 to 100000000");
    expect(gen({ scale: "big" })).toBe("nodes[0].data.value.scale: expected a finite number");
    expect(gen({ init: "full" })).toBe("nodes[0].data.value.fill: full needs a finite number to fill with");
    expect(gen({ fill: 3 })).toBe('nodes[0].data.value.fill: only init "full" takes a fill');
    expect(gen({ init: "eye", shape: [2, 3] })).toBe("nodes[0].data.value.shape: eye needs a square shape [n, n]");
    expect(gen({ init: "eye", shape: [2] })).toBe("nodes[0].data.value.shape: eye needs a square shape [n, n]");
  });

  it("limits: too many elements or axes, refused before any memory is taken", () => {
    const before = process.memoryUsage().arrayBuffers;
    expect(withValue({ init: "randn", shape: [100000, 100000] })).toBe("nodes[0].data.value: 10000000000 elements is too large (limit 16777216)");
    expect(withValue({ init: "zeros", shape: [4097, 4096] })).toBe("nodes[0].data.value: 16781312 elements is too large (limit 16777216)");
    expect(withValue({ init: "zeros", shape: [1, 1, 1, 1, 1, 1, 1, 1, 2] })).toBe("nodes[0].data.value.shape: 9 axes is too many (limit 8)");
    expect(withValue([[[[[[[[[1]]]]]]]]])).toBe("nodes[0].data.value: more than 8 axes");
    expect(withValue({ init: "zeros", shape: [4096, 4096] })).toBe("accepted");
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50e6);
  });
});

describe("bad edges", () => {
  it("not an object, no id, duplicate ids", () => {
    expect(broken((f) => (f.edges[0] = ["x", "mm"]))).toBe("edges[0]: expected an object with id, source, target and targetHandle");
    expect(broken((f) => delete f.edges[1].id)).toBe("edges[1].id: expected a non-empty string");
    expect(broken((f) => (f.edges[2].id = "e1"))).toBe('edges[2].id: "e1" is already the id of edges[0]');
  });

  it("an edge to or from a node that is not there", () => {
    expect(broken((f) => (f.edges[2].target = "ghost"))).toBe('edges[2].target: no node "ghost"');
    expect(broken((f) => (f.edges[0].source = "X"))).toBe('edges[0].source: no node "X"');
    expect(broken((f) => delete f.edges[0].source)).toBe("edges[0].source: expected a node id");
    expect(broken((f) => (f.edges[0].source = "__proto__"))).toBe('edges[0].source: no node "__proto__"');
  });

  it("bad handles", () => {
    expect(broken((f) => (f.edges[0].sourceHandle = "y"))).toBe('edges[0].sourceHandle: Input has one output, "out", not "y"');
    expect(broken((f) => delete f.edges[0].targetHandle)).toBe("edges[0].targetHandle: expected the input port's name (x, W)");
    expect(broken((f) => (f.edges[1].targetHandle = "w"))).toBe('edges[1].targetHandle: MatMul has no input "w" (its inputs: x, W)');
    expect(broken((f) => (f.edges[1].target = "x"))).toBe('edges[1].target: "x" is an Input, which takes no inputs');
    expect(broken((f) => f.edges.push({ id: "e4", source: "o", target: "mm", targetHandle: "x" }))).toBe('edges[3].source: "o" is an Output node, which has no output to wire from');
  });

  it("two edges into one input port", () => {
    expect(broken((f) => (f.edges[1].targetHandle = "x"))).toBe('edges[1].targetHandle: input x of node "mm" already has an edge (edges[0]); an input takes one edge');
  });

  it("a cycle", () => {
    const f = base();
    f.nodes.push({ id: "a", type: "Add", data: {} }, { id: "t", type: "Tanh", data: {} });
    f.edges.push({ id: "c1", source: "a", target: "t", targetHandle: "x" }, { id: "c2", source: "t", target: "a", targetHandle: "a" });
    expect(verdict(f)).toMatch(/^edges: the graph has a cycle: (a → t → a|t → a → t)$/);
  });
});

describe("bad optimizers and viewports", () => {
  it("optimizer", () => {
    expect(broken((f) => (f.optimizer = "SGD"))).toBe('optimizer: expected { "type": "SGD", "lr": 0.01 }');
    expect(broken((f) => (f.optimizer = { type: "AdamW" }))).toBe('optimizer.type: unknown optimizer "AdamW" (use one of SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)');
    expect(broken((f) => (f.optimizer = { lr: 0.1 }))).toBe("optimizer.type: missing (use one of SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)");
    expect(broken((f) => (f.optimizer = { type: "SGD", momentum: 0.9 }))).toBe('optimizer.momentum: SGD has no setting "momentum" (its settings: lr)');
    expect(broken((f) => (f.optimizer = { type: "SGD", lr: 0 }))).toBe("optimizer.lr: expected a number in (0, 1000000], got 0");
    expect(broken((f) => (f.optimizer = { type: "SGD", lr: "0.1" }))).toBe('optimizer.lr: expected a number in (0, 1000000], got "0.1"');
    expect(broken((f) => (f.optimizer = { type: "Momentum", momentum: 1 }))).toBe("optimizer.momentum: expected a number in [0, 1), got 1");
    expect(broken((f) => (f.optimizer = { type: "Adam", beta2: -0.1 }))).toBe("optimizer.beta2: expected a number in [0, 1), got -0.1");
    expect(broken((f) => (f.optimizer = { type: "RMSprop", decay_rate: 0.9 }))).toBe("accepted");
  });

  it("viewport", () => {
    expect(broken((f) => (f.viewport = { x: 0, y: 0 }))).toBe('viewport: expected { "x": number, "y": number, "zoom": number > 0 }');
    expect(broken((f) => (f.viewport = { x: 0, y: 0, zoom: 0 }))).toBe('viewport: expected { "x": number, "y": number, "zoom": number > 0 }');
  });
});

describe("seeds for generators without one", () => {
  it("writes a seed into each random generator that has none, and leaves the rest", () => {
    const f = base();
    f.nodes[0].data.value = { init: "randn", shape: [2, 2] };
    f.nodes[1].data.value = { init: "rand", shape: [2, 3], seed: 9 };
    const doc = validateGraph(f);
    let n = 100;
    const seeded = withSeeds(doc, () => n++);
    expect(seeded.nodes[0].data.value).toEqual({ init: "randn", shape: [2, 2], seed: 100 });
    expect(seeded.nodes[1]).toBe(doc.nodes[1]);
    expect(doc.nodes[0].data.value).toEqual({ init: "randn", shape: [2, 2] });
    expect(withSeeds(seeded)).toBe(seeded);
  });
});
