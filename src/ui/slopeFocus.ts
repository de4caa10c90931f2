// A check badge asks for its node's slope plot: the node is selected, and the plot, once the
// inspector shows it, scrolls into view and takes focus. Its own small store, so the badge and
// the plot need nothing of each other.
import { create } from "zustand";
import { useGraph } from "../state/store";

export const useSlopeFocus = create<{ node: string | null; seq: number }>()(() => ({ node: null, seq: 0 }));

/** Selects the node and asks its slope plot to come into view. */
export function openSlope(node: string): void {
  useGraph.getState().select([node], []);
  useSlopeFocus.setState((s) => ({ node, seq: s.seq + 1 }));
}
