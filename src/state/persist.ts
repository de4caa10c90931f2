// Autosave: the document goes to localStorage a moment after each change and comes back on
// reload. A stored document that no longer validates is ignored (and kept aside, not lost).
import { parseGraph } from "../engine/format";
import type { GraphDoc } from "../engine/graph";
import { useGraph } from "./store";
import { t } from "../i18n/core";

export const STORAGE_KEY = "gradflow.document";

export function loadSaved(): GraphDoc | null {
  let text: string | null = null;
  try {
    text = localStorage.getItem(STORAGE_KEY);
    if (!text) return null;
    return parseGraph(text);
  } catch {
    try {
      if (text) localStorage.setItem(`${STORAGE_KEY}.unreadable`, text);
    } catch {
      /* storage full or denied: nothing more to keep */
    }
    return null;
  }
}

export function startAutosave(delayMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: GraphDoc | null = null;
  const save = () => {
    timer = null;
    const doc = useGraph.getState().doc;
    if (doc === last) return;
    last = doc;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(doc));
    } catch (e) {
      useGraph.getState().toast("error", t("toast.autosaveFailed", { reason: (e as Error).message }));
    }
  };
  const unsub = useGraph.subscribe((s, prev) => {
    if (s.doc !== prev.doc && !timer) timer = setTimeout(save, delayMs);
  });
  addEventListener("beforeunload", save);
  return () => {
    unsub();
    removeEventListener("beforeunload", save);
  };
}
