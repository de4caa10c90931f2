// For the ops' tests: a graph written as nodes [id, type, data] and edges "source -> target.port"
// (the string is also the edge's id), read by the file reader and run.
import { compile, type Program } from "../executor";
import { validateGraph } from "../format";
import { toNested } from "../tensor";

export function run(nodes: [string, string, Record<string, unknown>?][], edges: string[]): Program {
  const doc = validateGraph({
    format: "gradflow",
    version: 1,
    nodes: nodes.map(([id, type, data]) => ({ id, type, data: data ?? {} })),
    edges: edges.map((e) => {
      const [, source, target, port] = /^(.+) -> (.+)\.(.+)$/.exec(e)!;
      return { id: e, source, target, targetHandle: port };
    }),
  });
  return compile(doc).run();
}

/** A tensor as nested lists (null stays null), to compare with numpy's tolist(). */
export const nested = (t: { shape: readonly number[]; data: Float64Array } | null) => (t ? toNested(t) : null);
