// Registry-wide: every op with inputs, on every shape combination its own `plan` accepts
// (found by trying a table of symbolic shapes), with every variant of its parameters, gets its
// backward checked against central finite differences in float64. An op declares nothing for
// this: registering it in ops/index.ts is enough to have it checked here.
import { describe, expect, it, vi } from "vitest";
import { compile, type Program } from "../executor";
import type { GraphDoc } from "../graph";
import { RandomState } from "../random";
import { sizeOf, toNested, type Shape, type Tensor } from "../tensor";
import { OPS } from ".";
import type { OpSpec, ParamSpec, Params } from "./types";
import { installFormulas } from "../../notation/formula";
import { randomFormula } from "../formula/randomFormulas";

// Expr reads its formula through the parser the page, the worker and the command line install
installFormulas();

// hundreds of small graphs, each run a few hundred times: seconds on a busy machine
vi.setConfig({ testTimeout: 60_000 });

const H_STEP = 1e-6;
const TOLERANCE = 1e-6;
const SEED = 20240611;

/** Shapes over named sizes; N, D, H get distinct random sizes ≥ 2, so equal names mean equal sizes. */
const PATTERNS: readonly (readonly (string | 1)[])[] = [
  [], [1], ["N"], ["D"], ["H"],
  ["N", "D"], ["D", "H"], ["N", "H"], ["H", "H"], ["D", "N"], [1, "D"], ["N", 1], [1, "H"], ["D", 1],
  ["N", "D", "H"], [1, "D", "H"], ["N", 1, "H"],
];
/** with many inputs, 3-D shapes only multiply the search */
const patternsFor = (inputs: number) => (inputs <= 2 ? PATTERNS : PATTERNS.filter((p) => p.length <= 2));

const SYMBOLIC = { N: 3, D: 2, H: 4 } as const;

function variants(spec: ParamSpec): unknown[] {
  switch (spec.kind) {
    case "int": {
      const d = spec.default ?? 0;
      return [...new Set([spec.default, d + 1, spec.min === undefined ? -1 : spec.min, ...(spec.nullable ? [null] : [])])];
    }
    case "number":
      return [...new Set([spec.default, spec.min ?? -1.5, spec.max ?? 2.5])];
    case "axis":
      return [...new Set([spec.default, 1, -1, ...(spec.nullable ? [null] : [])])];
    case "bool":
      return [true, false];
    case "tensor":
      // an optional tensor (Output's grad): absent, or a random one of the output's shape
      return spec.optional ? [undefined, "random"] : [];
    case "formula":
      // the default on every shape; random formulas are checked below
      return [spec.default];
  }
}

function cartesian<T>(lists: readonly (readonly T[])[]): T[][] {
  return lists.reduce<T[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

interface Combo {
  patterns: (readonly (string | 1)[])[];
  params: Record<string, unknown>;
}

const shapeFrom = (pattern: readonly (string | 1)[], dims: Record<string, number>) => pattern.map((d) => (d === 1 ? 1 : dims[d]));

function tensorOf(shape: Shape, rs: RandomState, f: (u: number) => number): Tensor {
  return { shape: [...shape], data: Float64Array.from({ length: sizeOf(shape) }, () => f(rs.double())) };
}

/** The op's parameters as plan() sees them; "random" tensors made with the output's shape. */
function planParams(op: OpSpec, given: Record<string, unknown>, shapes: Shape[], rs: RandomState | null): Params | null {
  const params: Params = { ...given };
  const randomTensors = op.params.filter((s) => s.kind === "tensor" && given[s.name] === "random");
  for (const s of randomTensors) params[s.name] = undefined;
  const planned = op.plan(shapes, params);
  if (typeof planned === "string") return null;
  for (const s of randomTensors) params[s.name] = tensorOf(planned.shape, rs ?? new RandomState(0), (u) => 2 * u - 1);
  return typeof op.plan(shapes, params) === "string" ? null : params;
}

/** Every (input shapes, parameters) the op accepts, over the pattern table. */
function acceptedCombos(op: OpSpec): Combo[] {
  const paramSets = cartesian(op.params.map((s) => variants(s).map((v) => [s.name, v] as const))).map((ps) => Object.fromEntries(ps));
  const pats = patternsFor(op.inputs.length);
  const symbolic = pats.map((p) => shapeFrom(p, SYMBOLIC));
  const k = op.inputs.length;
  const combos: Combo[] = [];
  // an odometer over pats^k, without building the whole product
  const at = new Array<number>(k).fill(0);
  for (;;) {
    const shapes = at.map((i) => symbolic[i]);
    for (const params of paramSets) if (planParams(op, params, shapes, null)) combos.push({ patterns: at.map((i) => pats[i]), params });
    let d = k - 1;
    while (d >= 0 && ++at[d] === pats.length) at[d--] = 0;
    if (d < 0) break;
  }
  return combos;
}

/** x's last axis seen as rows × classes: the class each row's largest score is in */
function argmaxRows(x: Tensor): number[] {
  const C = x.shape.length ? x.shape[x.shape.length - 1] : 1;
  const out: number[] = [];
  for (let r = 0; r < x.data.length; r += C) {
    let best = 0;
    for (let j = 1; j < C; j++) if (x.data[r + j] > x.data[r + best]) best = j;
    out.push(best);
  }
  return out;
}

/**
 * Candidate values for a port that takes no gradient (a loss's target t), most natural first:
 * the one-hot of x's largest scores, their class indices, numbers in [0, 1), zeros. Targets that
 * agree with x keep the loss's 1e-7 inside ln (which backward leaves out) far below the tolerance.
 */
function targetCandidates(shape: Shape, x: Tensor, rs: RandomState): Tensor[] {
  const n = sizeOf(shape);
  const rows = argmaxRows(x);
  const C = x.shape.length ? x.shape[x.shape.length - 1] : 1;
  const out: Tensor[] = [];
  if (n === x.data.length) out.push({ shape: [...shape], data: Float64Array.from({ length: n }, (_, i) => (rows[Math.floor(i / C)] === i % C ? 1 : 0)) });
  if (n === rows.length) out.push({ shape: [...shape], data: Float64Array.from(rows) });
  out.push(tensorOf(shape, rs, (u) => u), tensorOf(shape, rs, () => 0));
  return out;
}

interface Built {
  doc: GraphDoc;
  gradPorts: string[];
  noGradPorts: string[];
}

const inputId = (port: string) => `in_${port}`;

function build(op: OpSpec, shapes: Shape[], params: Params, values: Tensor[]): Built {
  const nodes: GraphDoc["nodes"] = op.inputs.map((p, i) => ({ id: inputId(p.name), type: "Input", data: { value: toNested(values[i]) } }));
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) data[k] = (v as Tensor)?.data instanceof Float64Array ? toNested(v as Tensor) : v;
  nodes.push({ id: "op", type: op.type, data });
  const edges: GraphDoc["edges"] = op.inputs.map((p) => ({ id: `e_${p.name}`, source: inputId(p.name), target: "op", targetHandle: p.name }));
  if (op.role !== "loss" && op.role !== "sink") {
    const planned = op.plan(shapes, params);
    if (typeof planned === "string") throw new Error(planned);
    // a random dout, so that the loss Σ dout ⊙ out weighs every output element differently
    const rs = new RandomState(shapes.length + sizeOf(planned.shape));
    nodes.push({ id: "o", type: "Output", data: { grad: toNested(tensorOf(planned.shape, rs, (u) => 2 * u - 1)) } });
    edges.push({ id: "e_out", source: "op", target: "o", targetHandle: "x" });
  }
  return { doc: { format: "gradflow", version: 1, nodes, edges }, gradPorts: op.inputs.filter((p) => !p.noGrad).map((p) => p.name), noGradPorts: op.inputs.filter((p) => p.noGrad).map((p) => p.name) };
}

/** max |analytic − numeric| over the larger of the two gradients' magnitudes (and of `floor`) */
function fdError(p: Program, id: string, floor = 0): { rel: number; analytic: number[]; numeric: number[] } {
  const analytic = Array.from(p.grad(id)!.data);
  const value = p.paramValue(id).data;
  const numeric: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const orig = value[i];
    value[i] = orig + H_STEP;
    p.forward();
    const up = p.loss!;
    value[i] = orig - H_STEP;
    p.forward();
    const down = p.loss!;
    value[i] = orig;
    numeric.push((up - down) / (2 * H_STEP));
  }
  p.run(); // forward alone clears the gradients; the next port reads them again

  let diff = 0, scale = 0;
  analytic.forEach((a, i) => {
    diff = Math.max(diff, Math.abs(a - numeric[i]));
    scale = Math.max(scale, Math.abs(a), Math.abs(numeric[i]));
  });
  return { rel: scale === 0 ? 0 : diff / Math.max(scale, floor), analytic, numeric };
}

const withInputs = OPS.filter((op) => op.inputs.length > 0);

describe("every registered op's backward matches central finite differences", () => {
  it("has ops to check", () => {
    expect(withInputs.length).toBeGreaterThan(15);
  });

  for (const op of withInputs) {
    it(`${op.type}`, () => {
      const combos = acceptedCombos(op);
      expect(combos.length, `${op.type}: no shape in the table fits its plan; add a pattern`).toBeGreaterThan(0);
      const rs = new RandomState(SEED + op.type.length);
      let checked = 0;
      for (const combo of combos) {
        // random distinct sizes for N, D, H; drawn again (a few times) where the op's plan depends
        // on a size as well as on the shapes' pattern (Slice's range 1:-1 takes nothing from 2)
        let shapes: number[][] = [], params: Params | null = null;
        for (let attempt = 0; attempt < 8 && !params; attempt++) {
          const sizes = [2, 3, 4, 5];
          for (let i = sizes.length - 1; i > 0; i--) {
            const j = Math.floor(rs.double() * (i + 1));
            [sizes[i], sizes[j]] = [sizes[j], sizes[i]];
          }
          const dims = { N: sizes[0], D: sizes[1], H: sizes[2] };
          shapes = combo.patterns.map((pt) => shapeFrom(pt, dims));
          params = planParams(op, combo.params, shapes, rs);
        }
        const where = `${op.type} on ${JSON.stringify(shapes)} with ${JSON.stringify(combo.params)} (seed ${SEED})`;
        expect(params, `${where}: plan refuses every choice of sizes it was tried on, though it accepted the pattern symbolically`).not.toBeNull();

        // values: mixed signs away from 0 (ReLU's kink, Div's pole); positive if the op needs that (Log)
        const signs = [(u: number) => (u < 0.5 ? -1 : 1) * (0.2 + 1.6 * Math.abs(u - 0.5)), (u: number) => 0.5 + u];
        let program: Program | null = null;
        let built: Built | null = null;
        search: for (const f of signs) {
          const values = op.inputs.map((port, i) => (port.noGrad ? null : tensorOf(shapes[i], rs, f)));
          const x = values.find((v) => v) ?? tensorOf([1], rs, f);
          const targetLists = op.inputs.map((port, i) => (port.noGrad ? targetCandidates(shapes[i], x, rs) : [values[i]!]));
          for (const choice of cartesian(targetLists)) {
            const b = build(op, shapes, params!, choice);
            const p = compile(b.doc).run();
            if (p.error("op") === null && p.loss !== null && Number.isFinite(p.loss)) {
              program = p;
              built = b;
              break search;
            }
          }
        }
        expect(program, `${where}: no input values run without an error`).not.toBeNull();
        const p = program!;
        for (const port of built!.gradPorts) {
          const id = inputId(port);
          expect(p.grad(id), `${where}: no gradient reaches ${port}`).not.toBeNull();
          expect(p.grad(id)!.shape, `${where}: d${port} has the wrong shape`).toEqual(p.value(id)!.shape);
          expect(Array.from(p.edgeGrad(`e_${port}`)!.data)).toEqual(Array.from(p.grad(id)!.data));
          const { rel, analytic, numeric } = fdError(p, id);
          expect(rel, `${where}: d${port} ${JSON.stringify(analytic)} vs finite differences ${JSON.stringify(numeric)}`).toBeLessThan(TOLERANCE);
        }
        for (const port of built!.noGradPorts) {
          expect(p.edgeGrad(`e_${port}`), `${where}: ${port} takes no gradient`).toBeNull();
          expect(p.grad(inputId(port))).toBeNull();
        }
        checked++;
      }
      expect(checked).toBe(combos.length);
      // an op that takes equal shapes and a (D,) against (N, D) is elementwise: broadcasting must be among what was checked
      if (op.inputs.length === 2 && combos.some((c) => JSON.stringify(c.patterns) === '[["N","D"],["D"]]'))
        expect(combos.filter((c) => JSON.stringify(c.patterns[0]) !== JSON.stringify(c.patterns[1])).length).toBeGreaterThan(10);
    });
  }
});

// Expr's backward is a derivative found symbolically: above, on its default formula; here on
// random formulas over the whole whitelist (engine/formula/randomFormulas.ts), each on shapes
// that broadcast, with inputs in [0.5, 1.5], where every formula stays inside its functions' domains.
describe("Expr and Expr2 on random formulas match central finite differences", () => {
  const rs = new RandomState(SEED);
  const shapesFor: Record<string, Shape[][]> = {
    Expr: [[[3, 4]], [[]], [[2, 1, 3]]],
    Expr2: [[[3, 4], [3, 4]], [[3, 4], [4]], [[3, 1], [1, 4]], [[], [2, 3]], [[2, 3], []]],
  };
  const cases = Array.from({ length: 120 }, (_, i) => {
    const op = OPS.find((o) => o.type === (i % 3 === 0 ? "Expr" : "Expr2"))!;
    const ports = op.inputs.map((p) => p.name);
    const shapes = shapesFor[op.type][i % shapesFor[op.type].length];
    return { op, shapes, formula: randomFormula(rs, ports, 1 + (i % 4)) };
  });

  it.each(cases.map((c, i) => [i, c.op.type, c.formula, c] as const))("%i: %s %s", (_, __, formula, { op, shapes }) => {
    const values = shapes.map((s) => tensorOf(s, rs, (u) => 0.5 + u));
    const b = build(op, shapes, { formula }, values);
    const p = compile(b.doc).run();
    const where = `${op.type} "${formula}" on ${JSON.stringify(shapes)}`;
    expect(p.error("op"), where).toBeNull();
    expect(Number.isFinite(p.loss), `${where}: loss ${p.loss}`).toBe(true);
    for (const port of b.gradPorts) {
      const id = inputId(port);
      expect(p.grad(id)!.shape, `${where}: d${port}'s shape`).toEqual(p.value(id)!.shape);
      // a formula may be constant in an input (x / x): its gradient is then rounding noise, ~1e-16
      const { rel, analytic, numeric } = fdError(p, id, 1e-6);
      expect(rel, `${where}: d${port} ${JSON.stringify(analytic)} vs finite differences ${JSON.stringify(numeric)}`).toBeLessThan(TOLERANCE);
    }
  });
});
