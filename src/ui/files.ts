// Files in and out: New, Import (button or a file dropped on the canvas), Export, Examples.
// An import is validated completely before anything changes; a bad file only shows why.
import { FormatError, parseGraph, withSeeds } from "../engine/format";
import type { GraphDoc } from "../engine/graph";
import { layoutDoc, needsLayout } from "../editor/layout";
import { EXAMPLES } from "../examples";
import { emptyDoc, moveNodes } from "../state/doc";
import { useGraph } from "../state/store";
import { stopTrain } from "./train";

/**
 * Opens a whole new document (an import, an example, a link, New). A training run holds the
 * document it trains, so it is ended first: what it trained stays, one Undo away.
 */
export async function openDoc(doc: GraphDoc): Promise<void> {
  let d = withSeeds(doc);
  if (needsLayout(d)) {
    const toast = useGraph.getState().toast;
    const many = d.nodes.length > 500;
    if (many) toast("info", `Laying out ${d.nodes.length.toLocaleString("en-US")} nodes…`);
    const layout = await layoutDoc(d);
    d = { ...moveNodes(d, layout.positions), viewport: undefined };
    if (layout.note) toast("info", `Placed in columns by depth: ${layout.note}.`);
    else if (many) toast("info", `Laid out ${d.nodes.length.toLocaleString("en-US")} nodes.`);
  }
  stopTrain();
  useGraph.getState().replaceDoc(d);
}

export async function importText(text: string, fileName = "file"): Promise<boolean> {
  let doc: GraphDoc;
  try {
    doc = parseGraph(text);
  } catch (e) {
    const msg = e instanceof FormatError || e instanceof Error ? e.message : String(e);
    useGraph.getState().toast("error", `Could not import ${fileName}: ${msg}`);
    return false;
  }
  await openDoc(doc);
  useGraph.getState().toast("info", `Imported ${doc.name ?? fileName}`);
  return true;
}

export async function importFile(file: File): Promise<boolean> {
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    useGraph.getState().toast("error", `Could not read ${file.name}: ${(e as Error).message}`);
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

export function newDoc(): void {
  stopTrain();
  useGraph.getState().replaceDoc(emptyDoc());
}

export function loadExample(id: string): void {
  const ex = EXAMPLES.find((e) => e.id === id);
  if (!ex) return;
  void openDoc(structuredClone(ex.doc));
}
