// optimizer.state in a file (FORMAT.md section 1): written as nested arrays shaped like the
// Params, read back to the bit, and refused with one line that says what and where.
import { describe, expect, it } from "vitest";
import { makeOptimizer } from "./optimizers";
import { checkOptimizerState, stateFromJson, stateToJson } from "./optimizerState";

const shapes = new Map<string, number[]>([["W", [3, 2]], ["b", [2]], ["s", []], ["__proto__", [1]]]);
const check = (type: string, raw: unknown) => checkOptimizerState(type, raw, shapes, "optimizer.state");
const zeros = (shape: number[]): unknown => (shape.length ? Array.from({ length: shape[0] }, () => zeros(shape.slice(1))) : 0);

describe("stateToJson / stateFromJson", () => {
  it("writes each slot shaped like its Param, and reads it back", () => {
    const opt = makeOptimizer("Adam");
    opt.beginStep();
    opt.update("W", Float64Array.of(1, 2, 3, 4, 5, 6), Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6));
    opt.update("s", Float64Array.of(1), Float64Array.of(-1));
    opt.update("__proto__", Float64Array.of(1), Float64Array.of(2));
    const json = JSON.parse(JSON.stringify(stateToJson(opt.exportState(), shapes)));
    expect(json.t).toBe(1);
    expect(Object.keys(json.slots)).toEqual(["W", "s", "__proto__"]);
    const c = 1 - 0.9; // m = (1 − beta1)·g after the first step
    expect(json.slots.W.m).toEqual([[c * 0.1, c * 0.2], [c * 0.3, c * 0.4], [c * 0.5, c * 0.6]]);
    expect(json.slots.s.v).toBe((1 - 0.999) * 1); // a 0-d Param's slot is a number
    expect(Object.getOwnPropertyNames(json.slots)).toContain("__proto__"); // an id, not a prototype
    expect(check("Adam", json)).toBeNull();
    const back = stateFromJson(json);
    expect(back).toEqual(opt.exportState());
    expect([...back.slots.keys()]).toEqual(["W", "s", "__proto__"]);
  });

  it("writes SGD's state as t alone", () => {
    const opt = makeOptimizer("SGD");
    opt.beginStep();
    opt.update("W", new Float64Array(6), new Float64Array(6));
    expect(JSON.parse(JSON.stringify(stateToJson(opt.exportState(), shapes)))).toEqual({ t: 1, slots: {} });
  });

  it("refuses to write a slot that does not fit the shape given", () => {
    const state = { t: 1, slots: new Map([["b", { v: new Float64Array(3) }]]) };
    expect(() => stateToJson(state, shapes)).toThrow("b.v has 3 numbers, not (2,)");
    expect(() => stateToJson(state, new Map())).toThrow('no shape for "b"');
  });
});

describe("checkOptimizerState", () => {
  const good = { t: 30, slots: { W: { v: zeros([3, 2]) }, b: { v: [0.5, -1] } } };

  it("passes a state that fits, including a Param left out and an empty one", () => {
    expect(check("Momentum", good)).toBeNull();
    expect(check("Momentum", { t: 0, slots: {} })).toBeNull();
    expect(check("SGD", { t: 7, slots: {} })).toBeNull();
    expect(check("SGD", { t: 7, slots: { W: {} } })).toBeNull();
    expect(check("Adam", { t: 2, slots: { s: { m: 1, v: 2 } } })).toBeNull();
  });

  it.each([
    [{ t: 30, slots: { W: { v: zeros([2, 3]) } } }, "optimizer.state.slots.W.v: shape (2,3) but the Param W is (3,2)"],
    [{ t: 30, slots: { b: { v: 1 } } }, "optimizer.state.slots.b.v: shape () but the Param b is (2,)"],
    [{ t: 30, slots: { Wx: { v: 0 } } }, 'optimizer.state.slots.Wx: the graph has no Param with this id — did you mean "W"?'],
    [{ t: 30, slots: { "my id": { v: 0 } } }, 'optimizer.state.slots["my id"]: the graph has no Param with this id'],
    [{ t: 30, slots: { b: {} } }, "optimizer.state.slots.b: missing v (Momentum keeps v for a Param)"],
    [{ t: 30, slots: { b: { v: [0, 0], m: [0, 0] } } }, "optimizer.state.slots.b.m: no such slot (Momentum keeps v for a Param)"],
    [{ t: 30, slots: { b: [0, 0] } }, "optimizer.state.slots.b: expected an object of slots (Momentum keeps v for a Param), got a list"],
    [{ t: 2.5, slots: {} }, "optimizer.state.t: expected the steps taken, a whole number ≥ 0, got 2.5"],
    [{ t: -1, slots: {} }, "optimizer.state.t: expected the steps taken, a whole number ≥ 0, got -1"],
    [{ t: "30", slots: {} }, 'optimizer.state.t: expected the steps taken, a whole number ≥ 0, got "30"'],
    [{ slots: {} }, "optimizer.state.t: expected the steps taken, a whole number ≥ 0, got nothing"],
    [{ t: 1 }, "optimizer.state.slots: expected an object keyed by Param id, got nothing"],
    [{ t: 1, slots: {}, extra: 1 }, "optimizer.state.extra: the state has t and slots, nothing else"],
    [[1, 2], 'optimizer.state: expected { "t": steps taken, "slots": { "<param id>": { "v": tensor } } }'],
    [{ t: 1, slots: { b: { v: [0, "NaN"] } } }, 'optimizer.state.slots.b.v[1]: expected a number, got "NaN"'],
    [{ t: 1, slots: { b: { v: [0, Infinity] } } }, "optimizer.state.slots.b.v[1]: Infinity is not a finite number"],
    [{ t: 1, slots: { W: { v: [[0, 0], [0], [0, 0]] } } }, "optimizer.state.slots.W.v[1]: has 1 entries but the others have 2 (a tensor must be rectangular)"],
    [{ t: 1, slots: { W: { v: [[0, 0], 5, [0, 0]] } } }, "optimizer.state.slots.W.v[1]: expected a list of 2, got 5"],
    [{ t: 1, slots: { W: { v: [[0, 0], [0, [1]], [0, 0]] } } }, "optimizer.state.slots.W.v[1][1]: expected a number, got a list"],
    [{ t: 1, slots: { b: { v: [] } } }, "optimizer.state.slots.b.v: an empty list is not a tensor"],
  ])("%j", (raw, message) => {
    expect(check("Momentum", raw)).toBe(message);
  });

  it("names the slots of each optimizer", () => {
    expect(check("Adam", { t: 1, slots: { b: { m: [0, 0] } } })).toBe("optimizer.state.slots.b: missing v (Adam keeps m and v for a Param)");
    expect(check("SGD", { t: 1, slots: { b: { v: [0, 0] } } })).toBe("optimizer.state.slots.b.v: no such slot (SGD keeps no state)");
    expect(check("RMSprop", { t: 1, slots: { b: { v: [0, 0] } } })).toBe("optimizer.state.slots.b.v: no such slot (RMSprop keeps h for a Param)");
  });

  it("stops at nesting deeper than a tensor can be, and quotes at most 80 characters of the file", () => {
    let deep: unknown = 0;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(check("Momentum", { t: 1, slots: { b: { v: deep } } })).toBe("optimizer.state.slots.b.v: lists nested deeper than a tensor can be (8 axes)");
    const long = "x".repeat(10_000);
    const messages = [
      check("Momentum", { t: long, slots: {} }),
      check("Momentum", { t: 1, slots: { [long]: { v: 0 } } }),
      check("Momentum", { t: 1, slots: { b: { v: [long, 0] } } }),
      check("Momentum", { t: 1, slots: { b: { [long]: 0 } } }),
      checkOptimizerState("Momentum", { t: 1, slots: { [long]: {} } }, new Map([[long, [1]]]), "optimizer.state"),
    ];
    for (const m of messages) {
      expect(m).not.toBeNull();
      expect(m!.length).toBeLessThan(180);
      expect(m!.match(/x+/)![0].length).toBeLessThanOrEqual(80);
    }
  });

  it('treats "__proto__" as an ordinary Param id', () => {
    const raw = JSON.parse('{ "t": 1, "slots": { "__proto__": { "v": [2] } } }');
    expect(check("Momentum", raw)).toBeNull();
    expect(checkOptimizerState("Momentum", raw, new Map([["W", [1]]]), "optimizer.state")).toBe("optimizer.state.slots.__proto__: the graph has no Param with this id");
    expect(stateFromJson(raw).slots.get("__proto__")!.v).toEqual(Float64Array.of(2));
  });
});
