// Code export (FORMAT.md section 5): a graph as a self-contained Python script that rebuilds it and
// prints Gradflow's numbers. Pure TypeScript, for the command line's `export` and the editor's
// `Export code` alike.
import type { GraphDoc } from "../graph";
import { exportNumpy } from "./numpy";
import type { ExportOptions } from "./python";
import { exportPytorch } from "./pytorch";

export const EXPORT_TARGETS = ["numpy", "pytorch"] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

/** The script for `to`; throws ExportError for a graph too large to write out, BudgetError for one too large to run. */
export function exportCode(doc: GraphDoc, to: ExportTarget, opts: ExportOptions = {}): string {
  return to === "numpy" ? exportNumpy(doc, opts) : exportPytorch(doc, opts);
}

export { exportNumpy, exportPytorch };
export { ExportError, MAX_SCRIPT_NUMBERS, type ExportOptions } from "./python";
