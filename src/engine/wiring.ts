// Which wires may exist: one rule for the file reader and for the editor's wiring. Each side says
// where (a path into the file, a toast at the port); what is wrong is worded here once.
import { OUT } from "./graph";
import type { OpSpec } from "./ops/types";
import { quote } from "./jsonText";

export type WireEnd = "source" | "sourceHandle" | "target" | "targetHandle";

export interface WireProblem {
  /** which end of the wire is wrong */
  end: WireEnd;
  message: string;
}

/** "an Input", "a Param": messages read as English */
export const article = (word: string) => (/^[AEIOU]/.test(word) ? "an" : "a");

const portList = (ports: readonly { name: string }[]) => ports.map((p) => p.name).join(", ");

/**
 * What is wrong with a wire from node `sourceId` (op `source`) to port `targetHandle` of node
 * `targetId` (op `target`), or null. An input taking one wire and wires closing no cycle are
 * rules of the whole graph, checked by the callers (graph.ts has both).
 */
export function wireProblem(source: OpSpec, sourceId: string, target: OpSpec, targetId: string, targetHandle: unknown, sourceHandle?: unknown): WireProblem | null {
  if (source.role === "sink") return { end: "source", message: `${quote(sourceId)} is ${article(source.type)} ${source.type} node, which has no output to wire from` };
  if (sourceHandle !== undefined && sourceHandle !== null && sourceHandle !== OUT)
    return { end: "sourceHandle", message: `${source.type} has one output, "out", not ${quote(sourceHandle)}` };
  if (!target.inputs.length) return { end: "target", message: `${quote(targetId)} is ${article(target.type)} ${target.type}, which takes no inputs` };
  if (typeof targetHandle !== "string") return { end: "targetHandle", message: `expected the input port's name (${portList(target.inputs)})` };
  if (!target.inputs.some((p) => p.name === targetHandle))
    return { end: "targetHandle", message: `${target.type} has no input ${quote(targetHandle)} (its inputs: ${portList(target.inputs)})` };
  return null;
}
