// The race settings an example brings (chapter 6's learning rates on chapter 6's f), found from the
// document whatever its Params hold now and whatever language named it: the same nodes (ids and
// types) and the same wires as the example. Compare optimizers starts from them.
import type { GraphDoc } from "../engine/graph";
import { EXAMPLES, type Example } from "./index";

export const graphShape = (doc: GraphDoc): string =>
  JSON.stringify([
    doc.nodes.map((n) => `${n.id}:${n.type}`).sort(),
    doc.edges.map((e) => `${e.source}.${e.sourceHandle ?? "out"}>${e.target}.${e.targetHandle}`).sort(),
  ]);

const PRESETS = new Map(EXAMPLES.filter((e) => e.race).map((e) => [graphShape(e.doc), e.race!]));

/** The race an example with its own race settings asks for, when this is its graph (its values may differ); or null. */
export function racePresetOf(doc: GraphDoc): NonNullable<Example["race"]> | null {
  return PRESETS.get(graphShape(doc)) ?? null;
}
