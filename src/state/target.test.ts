// Differentiate: choosing a node's output in the editor sets the document's target as one undo
// step, and the gradients the canvas shows (the store's derived views) are then the derivatives of
// that node's output sum alone, checked against central finite differences on random graphs.
import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { compile } from "../engine/executor";
import { parseGraph } from "../engine/format";
import type { GraphDoc } from "../engine/graph";
import { getOp } from "../engine/ops";
import { randomGraph } from "../testing/randomGraphs";
import { emptyDoc } from "./doc";
import { useGraph } from "./store";

const s = () => useGraph.getState();

beforeEach(() => {
  s().replaceDoc(emptyDoc(), { history: false });
});

/** Σ of node `target`'s output as a function of source `id`'s numbers, by central differences. */
function finiteDifferences(doc: GraphDoc, target: string, id: string, h = 1e-6): number[] {
  const p = compile({ ...doc, target }).run();
  const value = p.paramValue(id).data;
  const sum = () => p.value(target)!.data.reduce((a, b) => a + b, 0);
  return Array.from(value, (orig, i) => {
    value[i] = orig + h;
    p.forward();
    const up = sum();
    value[i] = orig - h;
    p.forward();
    const down = sum();
    value[i] = orig;
    return (up - down) / (2 * h);
  });
}

/**
 * The sources upstream of a loss's target t: OPS.md gives t no gradient by definition, whatever the
 * loss's dependence on it, so finite differences through t are not what backward computes (as gradcheck.ts says too).
 */
function upstreamOfTargets(doc: GraphDoc): Set<string> {
  const typeOf = new Map(doc.nodes.map((n) => [n.id, n.type]));
  const into = new Map<string, string[]>();
  for (const e of doc.edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const todo = doc.edges.filter((e) => getOp(typeOf.get(e.target)!)!.inputs.find((q) => q.name === e.targetHandle)?.noGrad).map((e) => e.source);
  const seen = new Set<string>();
  while (todo.length) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...(into.get(id) ?? []));
  }
  return seen;
}

/** a ReLU at its kink (an input within a step of 0, as zeros() gives): not differentiable there, so finite differences do not apply */
function atKink(doc: GraphDoc): boolean {
  const p = compile(doc).run();
  return doc.nodes.some((n) => n.type === "ReLU" && p.inEdges(n.id).some((e) => e !== null && p.edgeValue(e)!.data.some((v) => Math.abs(v) < 1e-4)));
}
const graphNumber = fc.integer({ min: 0, max: 400 }).filter((k) => !atKink(randomGraph(k)));

describe("Differentiate", () => {
  it("on random graphs, the gradients the canvas shows are finite differences of the chosen node's output alone", () => {
    let total = 0;
    fc.assert(
      fc.property(graphNumber, fc.nat(), (k, pick) => {
        const doc = randomGraph(k);
        s().replaceDoc(doc, { history: false });
        const candidates = doc.nodes.filter((n) => n.type !== "Output");
        const target = candidates[pick % candidates.length].id;
        s().setTarget(target);
        expect(s().doc.target).toBe(target);
        // the random graphs sometimes carry a target of their own: choosing it again is no edit
        const changed = doc.target !== target;
        expect(s().past.length).toBe(changed ? 1 : 0);
        const p = s().derived.program!;
        expect(p.target).toBe(target);
        let checked = 0;
        const throughT = upstreamOfTargets(doc);
        for (const id of p.sourceIds) {
          if (throughT.has(id)) continue;
          const shown = s().derived.nodes.get(id)!.grad;
          const fd = finiteDifferences(s().doc, target, id);
          const scale = Math.max(1, ...fd.map(Math.abs));
          fd.forEach((d, i) => {
            // no gradient shown: the target does not depend on this source
            const a = shown ? shown.data[i] : 0;
            expect(Math.abs(a - d), `${id}[${i}] → ${target} in random graph ${k}`).toBeLessThan(1e-5 * scale);
          });
          checked++;
        }
        total += checked;
        // the target is saved with the document, and undo brings the loss back
        expect(parseGraph(JSON.stringify(s().doc)).target).toBe(target);
        if (!changed) return;
        s().undo();
        expect(s().doc.target).toBe(doc.target);
        expect(s().derived.program!.target).toBe(doc.target ?? null);
      }),
      { numRuns: 60 },
    );
    // most sources are checked (only those upstream of a loss's t are not)
    expect(total).toBeGreaterThan(60);
  });

  it("the loss again is one more undo step; a node that is not there is refused with a message and changes nothing", () => {
    s().replaceDoc(randomGraph(3), { history: false });
    const id = s().doc.nodes[0].id;
    s().setTarget(id);
    s().setTarget(null);
    expect(s().doc.target).toBeUndefined();
    expect(s().past.length).toBe(2);
    const before = s().doc;
    s().setTarget("no-such-node");
    expect(s().doc).toBe(before);
    expect(s().toasts.at(-1)?.text).toContain("no-such-node");
  });

  it("removing the differentiated node goes back to the loss", () => {
    s().replaceDoc(randomGraph(5), { history: false });
    const id = s().doc.nodes[s().doc.nodes.length - 1].id;
    s().setTarget(id);
    s().remove([id], []);
    expect(s().doc.target).toBeUndefined();
    expect(s().derived.graphError).toBeNull();
  });
});
