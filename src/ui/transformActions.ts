// The inspector's transforms put into the document: the transformed graph is laid out by the
// editor's auto layout (elkjs), its group named in the learner's language, and committed as ONE
// edit, so that Undo takes the whole transform back. The camera then shows the new graph readably.
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
 * Lays `next` out and commits it as one undo step, selecting `select`. Returns false (and changes
 * nothing) when the document changed while the layout ran, or a training run holds it.
 */
export async function commitTransformed(next: GraphDoc, opts: { groupId?: string; groupLabel?: string; select?: string[] } = {}): Promise<boolean> {
  const base = useGraph.getState().doc;
  const layout = await layoutDoc(next);
  const s = useGraph.getState();
  if (s.doc !== base || isLocked(s)) return false;
  let doc = moveNodes(next, layout.positions);
  if (opts.groupId && opts.groupLabel) doc = relabelGroup(doc, opts.groupId, opts.groupLabel);
  s.commit(doc);
  s.select(opts.select ?? [], []);
  if (layout.note) s.toast("info", t("layoutMsg.columns", { why: layout.note }));
  s.requestFit();
  return true;
}
