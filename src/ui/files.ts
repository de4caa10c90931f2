// Files in and out: New, Import (button or a file dropped on the canvas), Export, Examples.
// An import is validated completely before anything changes; a bad file only shows why.
import { FormatError, parseGraph, withSeeds } from "../engine/format";
import type { GraphDoc } from "../engine/graph";
import { layoutDoc, needsLayout } from "../editor/layout";
import { EXAMPLES } from "../examples";
import { emptyDoc, moveNodes } from "../state/doc";
import { useGraph } from "../state/store";
import { stopTrain } from "./train";
import { parseTable } from "../notation/table";
import { holdAutosaveUntilEdit } from "../state/persist";
import { t } from "../i18n/core";
import { engineText } from "../i18n/engineMessages";
import { localizedExample } from "../i18n/examples";

/**
 * Opens a whole new document (an import, an example, a link, New). A training run holds the
 * document it trains, so it is ended first: what it trained stays, one Undo away.
 */
export async function openDoc(doc: GraphDoc): Promise<void> {
  let d = withSeeds(doc);
  if (needsLayout(d)) {
    const toast = useGraph.getState().toast;
    const many = d.nodes.length > 500;
    if (many) toast("info", t("layoutMsg.laying", { n: d.nodes.length.toLocaleString() }));
    const layout = await layoutDoc(d);
    d = { ...moveNodes(d, layout.positions), viewport: undefined };
    if (layout.note) toast("info", t("layoutMsg.columns", { why: engineText(layout.note) }));
    else if (many) toast("info", t("layoutMsg.done", { n: d.nodes.length.toLocaleString() }));
  }
  stopTrain();
  useGraph.getState().replaceDoc(d);
}

/** A CSV, a spreadsheet's block or a numpy print-out into an Input (its labels into a loss's t); a bad table changes nothing and says where. */
export function dataIntoInput(inputId: string, text: string, from: string): boolean {
  const r = parseTable(text);
  if (!r.ok) {
    useGraph.getState().toast("error", t("table.bad", { from, error: r.error }));
    return false;
  }
  useGraph.getState().setTable(inputId, r.table);
  const rows = r.table.value.length, cols = r.table.value[0].length;
  useGraph.getState().toast("info", t("table.set", { rows, cols, input: inputId }));
  return true;
}

export async function importText(text: string, fileName = "file"): Promise<boolean> {
  let doc: GraphDoc;
  try {
    doc = parseGraph(text);
  } catch (e) {
    const msg = e instanceof FormatError || e instanceof Error ? e.message : String(e);
    useGraph.getState().toast("error", t("toast.importFailed", { file: fileName, reason: engineText(msg) }));
    return false;
  }
  await openDoc(doc);
  useGraph.getState().toast("info", t("toast.imported", { name: doc.name ?? fileName }));
  return true;
}

export async function importFile(file: File): Promise<boolean> {
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    useGraph.getState().toast("error", t("toast.readFailed", { file: file.name, reason: (e as Error).message }));
    return false;
  }
  return importText(text, file.name);
}

export const fileNameFor = (doc: GraphDoc) => `${(doc.name || "graph").trim().replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || "graph"}.gradflow.json`;

export function exportDoc(): void {
  const s = useGraph.getState();
  const doc: GraphDoc = { ...s.doc, optimizer: s.training.optimizer };
  const blob = new Blob([JSON.stringify(doc, null, 2) + "\n"], { type: "application/json" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = fileNameFor(doc);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/**
 * Opens the graph in a link's fragment (#graph=…), validated as an import is: a good one opens
 * (what was there one Undo away, and still in autosave until the learner edits); a broken one says
 * what is wrong and changes nothing. The fragment is cleared either way, so a reload does not
 * open it over the learner's edits.
 */
export async function openLink(hash: string): Promise<boolean> {
  const { graphFromLink, LINK_KEY } = await import("../notation/link");
  if (!hash.startsWith(`#${LINK_KEY}`)) return false;
  history.replaceState(null, "", location.pathname + location.search);
  const r = graphFromLink(hash);
  if (!r.ok) {
    useGraph.getState().toast("error", t("share.bad", { reason: r.message }));
    return false;
  }
  await openDoc(r.doc);
  holdAutosaveUntilEdit();
  useGraph.getState().toast("info", t("share.opened"));
  return true;
}

export function newDoc(): void {
  stopTrain();
  // a new graph is named in the learner's language (無題 in Japanese)
  useGraph.getState().replaceDoc(emptyDoc(t("graph.untitled")));
}

export function loadExample(id: string): void {
  const ex = EXAMPLES.find((e) => e.id === id);
  if (!ex) return;
  void openDoc(localizedExample(ex));
}
