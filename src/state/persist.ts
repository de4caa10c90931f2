// Autosave: the document goes to localStorage a moment after each change and comes back on
// reload. Nothing is lost without a word:
// - a saved document that cannot be read back (damaged, or from a newer Gradflow) is kept, the
//   learner is told at once and offered it as a download; it is not overwritten until they
//   download or discard it (unless it could be set aside under its own key);
// - when a save fails (storage full), the learner is told, and keeps being told until a save
//   succeeds, with Export offered;
// - a training run saves when it ends, not on every update.
import { create } from "zustand";
import { parseGraph } from "../engine/format";
import type { GraphDoc } from "../engine/graph";
import { isLocked, useGraph } from "./store";

export const STORAGE_KEY = "gradflow.document";
export const UNREADABLE_KEY = `${STORAGE_KEY}.unreadable`;

export interface Rescue {
  /** the text that was saved and cannot be opened */
  text: string;
  /** why, in the file reader's words */
  reason: string;
  /** it is also kept under UNREADABLE_KEY, so autosave may use STORAGE_KEY again */
  setAside: boolean;
}

interface SaveStatus {
  rescue: Rescue | null;
  /** why the last save failed, or null when it succeeded */
  failed: string | null;
}

export const useSaveStatus = create<SaveStatus>(() => ({ rescue: null, failed: null }));

/** The saved document, or null (nothing saved, or unreadable: then useSaveStatus has the rescue). */
export function loadSaved(): GraphDoc | null {
  let text: string | null = null;
  try {
    text = localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
  if (!text) return null;
  try {
    return parseGraph(text);
  } catch (e) {
    let setAside = false;
    try {
      localStorage.setItem(UNREADABLE_KEY, text);
      setAside = true;
    } catch {
      // storage full: the text stays where it is, and autosave leaves it alone (see save)
    }
    useSaveStatus.setState({ rescue: { text, reason: (e as Error).message, setAside } });
    return null;
  }
}

/** The unreadable copy as a file the learner keeps. */
export function downloadRescue(): void {
  const r = useSaveStatus.getState().rescue;
  if (!r) return;
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([r.text], { type: "application/json" }));
  a.download = "gradflow-autosave-unreadable.json";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The learner has the copy (or does not want it): autosave may write over it. */
export function discardRescue(): void {
  try {
    localStorage.removeItem(UNREADABLE_KEY);
  } catch {
    // nothing to remove
  }
  useSaveStatus.setState({ rescue: null });
  saveNow?.();
}

let saveNow: (() => void) | null = null;

/** While set: autosave keeps what it has until the learner edits (a graph opened from a link is not theirs yet). */
let heldAt: number | null = null;
export function holdAutosaveUntilEdit(): void {
  heldAt = useGraph.getState().past.length;
}

export function startAutosave(delayMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: GraphDoc | null = null;
  /** `leaving`: the page is closing, so a running training's state is saved too */
  const save = (leaving = false) => {
    timer = null;
    const s = useGraph.getState();
    const rescue = useSaveStatus.getState().rescue;
    // never overwrite a copy the learner has not taken yet
    if (rescue && !rescue.setAside) return;
    if (heldAt !== null) {
      if (s.past.length === heldAt) return;
      heldAt = null;
    }
    // a run updates the Params a few times a second: it is saved when it ends
    if (isLocked(s) && !leaving) return;
    if (s.doc === last) return;
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(s.doc));
      last = s.doc;
      if (useSaveStatus.getState().failed) useSaveStatus.setState({ failed: null });
    } catch (e) {
      const full = e instanceof DOMException && (e.name === "QuotaExceededError" || e.code === 22);
      useSaveStatus.setState({ failed: full ? "full" : (e as Error).message });
    }
  };
  saveNow = save;
  const onLeave = () => save(true);
  const unsub = useGraph.subscribe((s, prev) => {
    const runEnded = isLocked(prev) && !isLocked(s);
    if ((s.doc !== prev.doc || runEnded) && !timer) timer = setTimeout(() => save(), delayMs);
  });
  addEventListener("beforeunload", onLeave);
  return () => {
    unsub();
    saveNow = null;
    removeEventListener("beforeunload", onLeave);
  };
}
