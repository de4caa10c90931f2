// defineOp: parameter types inferred from the specs, scratch from plan. The expectTypeOf lines are
// checked by `npm run typecheck` (tsc reads the tests too); the rest runs the executor's own
// resolveParams through such an op.
import { describe, expect, expectTypeOf, it } from "vitest";
import { resolveParams } from "../executor";
import type { Tensor } from "../tensor";
import { getOp } from ".";
import { defineOp, type ParamsOf } from "./types";

const every = defineOp({
  type: "Every",
  group: "Shape",
  summary: "one parameter of each kind",
  inputs: [{ name: "x", doc: "any shape" }],
  params: [
    { name: "value", kind: "tensor", doc: "", default: [1, 2] },
    { name: "grad", kind: "tensor", doc: "", optional: true },
    { name: "axis", kind: "axis", doc: "", default: null, nullable: true },
    { name: "dim", kind: "axis", doc: "", default: -1 },
    { name: "repeats", kind: "int", doc: "", default: 2, min: 1 },
    { name: "rate", kind: "number", doc: "", default: 0.5, min: 0, max: 1 },
    { name: "keepdims", kind: "bool", doc: "", default: true },
  ],
  rule: { forward: "out = x", backward: { x: "g" } },
  plan([s], p) {
    expectTypeOf(p.value).toEqualTypeOf<Tensor>();
    expectTypeOf(p.grad).toEqualTypeOf<Tensor | undefined>();
    expectTypeOf(p.axis).toEqualTypeOf<number | null>();
    expectTypeOf(p.dim).toEqualTypeOf<number>();
    expectTypeOf(p.repeats).toEqualTypeOf<number>();
    expectTypeOf(p.rate).toEqualTypeOf<number>();
    expectTypeOf(p.keepdims).toEqualTypeOf<boolean>();
    return { shape: s, scratch: { rate: p.rate, seen: [p.value.shape, p.grad, p.axis, p.dim, p.repeats, p.rate, p.keepdims] } };
  },
  forward(k) {
    expectTypeOf(k.scratch.rate).toEqualTypeOf<number>();
    expectTypeOf(k.params.rate).toEqualTypeOf<number>();
  },
  backward() {},
});

describe("defineOp", () => {
  it("gives plan and the kernels the parameters as the executor resolves them", () => {
    const planned = every.plan([[3]], resolveParams(every, {}));
    expect(planned).toEqual({ shape: [3], scratch: { rate: 0.5, seen: [[2], undefined, null, -1, 2, 0.5, true] } });
    const given = resolveParams(every, { grad: 1, axis: 0, rate: 0.25, keepdims: false });
    expect(every.plan([[3]], given)).toEqual({ shape: [3], scratch: { rate: 0.25, seen: [[2], { shape: [], data: Float64Array.of(1) }, 0, -1, 2, 0.25, false] } });
  });

  it("returns the op itself, ready for the registry", () => {
    expect(every.params.map((p) => p.kind)).toEqual(["tensor", "tensor", "axis", "axis", "int", "number", "bool"]);
    expect(getOp("Sum")?.params.map((p) => p.name)).toEqual(["axis", "keepdims"]);
  });

  it("types a registry op's parameters by kind", () => {
    type SumParams = ParamsOf<readonly [{ name: "axis"; kind: "axis"; doc: ""; default: 0; nullable: true }, { name: "keepdims"; kind: "bool"; doc: ""; default: true }]>;
    expectTypeOf<SumParams>().toEqualTypeOf<{ readonly axis: number | null; readonly keepdims: boolean }>();
    expectTypeOf<ParamsOf<readonly []>>().toEqualTypeOf<{}>();
  });
});
