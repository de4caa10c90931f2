// A transform goes into the document as one undo step, its group named as asked, and is dropped
// when the document changed while the layout ran or a training run holds it.
import { beforeEach, describe, expect, it } from "vitest";
import { EXAMPLES } from "../examples";
import { expandToScalars, unrollRNN } from "../engine/transforms";
import { useGraph } from "../state/store";
import { commitTransformed, relabelGroup } from "./transformActions";

const s = () => useGraph.getState();
const example = (id: string) => structuredClone(EXAMPLES.find((e) => e.id === id)!.doc);

beforeEach(() => {
  s().trainUpdate({ state: "idle" });
  s().replaceDoc(example("rnn"), { history: false });
});

describe("commitTransformed", () => {
  it("puts an unrolled RNN in as one undo step, in unrollRNN's places, its group named as asked, the cell selected", async () => {
    const before = s().doc;
    const u = unrollRNN(before, "rnn", 4);
    if (!u.ok) throw new Error(u.reason);
    expect(await commitTransformed(u.doc, { groupId: u.groupId, groupLabel: "rnn（T = 4 に展開）", select: ["rnn"] })).toBe(true);
    expect(s().doc.nodes).toEqual(u.doc.nodes);
    expect(s().doc.groups!.find((g) => g.id === u.groupId)!.label).toBe("rnn（T = 4 に展開）");
    expect(s().selectedNodes).toEqual(["rnn"]);
    s().undo();
    expect(s().doc).toBe(before);
  });

  it("lays a scalar graph out with elkjs: every node placed anew, none on top of another", async () => {
    s().replaceDoc(example("matmul"), { history: false });
    const r = expandToScalars(s().doc, "mm");
    if (!r.ok) throw new Error(r.reason);
    expect(await commitTransformed(r.doc, { elk: true, groupId: r.groupId, groupLabel: "mm as scalars" })).toBe(true);
    const places = s().doc.nodes.map((n) => `${n.position!.x},${n.position!.y}`);
    expect(new Set(places).size).toBe(places.length);
    expect(s().doc.nodes.map((n) => n.id).sort()).toEqual(r.doc.nodes.map((n) => n.id).sort());
    expect(s().past).toHaveLength(1);
  });

  it("drops the transform when the document changed meanwhile, or a run holds it", async () => {
    const u = unrollRNN(s().doc, "rnn", 3);
    if (!u.ok) throw new Error(u.reason);
    const pending = commitTransformed(u.doc, { elk: true });
    s().setData("b", "label", "bias");
    expect(await pending).toBe(false);
    expect(s().doc.nodes).toHaveLength(7);
    s().trainUpdate({ state: "running" });
    expect(await commitTransformed(u.doc)).toBe(false);
    expect(s().doc.nodes).toHaveLength(7);
  });
});

describe("relabelGroup", () => {
  it("renames one group and leaves a document without it alone", () => {
    const doc = example("affine-from-matmul-add");
    expect(relabelGroup(doc, "affine-layer", "Affine レイヤ").groups![0].label).toBe("Affine レイヤ");
    expect(relabelGroup(doc, "ghost", "x")).toBe(doc);
  });
});
