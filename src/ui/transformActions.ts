// The inspector's transforms put into the document: the transformed graph laid out, its group
// named in the learner's language, and committed as ONE edit, so that Undo takes the whole
// transform back; the camera then shows the new graph readably. An unrolled RNN keeps the places
// unrollRNN gives (the steps in one row, h₀ → h₁ → … → h_T left to right, each x_t above its step:
// the textbook's figure, which elkjs's layers scatter), and Roll up gives back the cell's places;
// a scalar graph, a few dozen nodes wired densely, goes through elkjs, which keeps its wires apart.
import type { GraphDoc } from "../engine/graph";
import { layoutDoc } from "../editor/layout";
import { moveNodes } from "../state/doc";
import { isLocked, useGraph } from "../state/store";
import { t } from "../i18n/core";

/** A group's label changed (the engine names it in English; the learner reads their language). */
export function relabelGroup(doc: GraphDoc, groupId: string, label: string): GraphDoc {
  if (!doc.groups?.some((g) => g.id === groupId)) return doc;
  return { ...doc, groups: doc.groups.map((g) => (g.id === groupId ? { ...g, label } : g)) };
}

/**
 * Commits `next` as one undo step, selecting `select`; laid out by elkjs first when asked (`elk`),
 * else in the places the transform gave. Returns false (and changes nothing) when the document
 * changed while the layout ran, or a training run holds it.
 */
export async function commitTransformed(next: GraphDoc, opts: { elk?: boolean; groupId?: string; groupLabel?: string; select?: string[] } = {}): Promise<boolean> {
  const base = useGraph.getState().doc;
  const layout = opts.elk ? await layoutDoc(next) : null;
  const s = useGraph.getState();
  if (s.doc !== base || isLocked(s)) return false;
  let doc = layout ? moveNodes(next, layout.positions) : next;
  if (opts.groupId && opts.groupLabel) doc = relabelGroup(doc, opts.groupId, opts.groupLabel);
  s.commit(doc);
  s.select(opts.select ?? [], []);
  if (layout?.note) s.toast("info", t("layoutMsg.columns", { why: layout.note }));
  s.requestFit();
  return true;
}
