// The formula reader, loaded when a graph first needs it. The engine reads an Expr's formula
// through whatever parser was installed (engine/formula); the page, the worker and the command
// line call `loadFormulas` before running a document for which `usesFormulas` is true (or
// `installFormulas` from ./formula at startup, where loading it eagerly costs nothing).
import { formulaParserInstalled } from "../engine/formula";
import type { GraphDoc } from "../engine/graph";
import { getOp } from "../engine/ops";

/** Does any node of the document have a formula parameter (an Expr)? */
export function usesFormulas(doc: Pick<GraphDoc, "nodes">): boolean {
  return doc.nodes.some((n) => getOp(n.type)?.params.some((p) => p.kind === "formula") ?? false);
}

/** Installs the formula reader, importing it the first time it is needed. */
export async function loadFormulas(): Promise<void> {
  if (formulaParserInstalled()) return;
  (await import("./formula")).installFormulas();
}
