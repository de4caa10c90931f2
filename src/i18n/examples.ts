// An example opened in the learner's language: its name, node labels and group labels from the translations,
// everything else (the graph, the numbers, the ids) exactly as src/examples has it.
import type { GraphDoc } from "../engine/graph";
import type { Example } from "../examples";
import { t } from "./core";

export function localizedExample(ex: Example): GraphDoc {
  const doc = structuredClone(ex.doc);
  doc.name = t(`examples.${ex.id}.name`, { defaultValue: doc.name });
  for (const n of doc.nodes)
    if (typeof n.data.label === "string") n.data.label = t(`examples.${ex.id}.labels.${n.id}`, { defaultValue: n.data.label });
  for (const g of doc.groups ?? []) if (g.label) g.label = t(`examples.${ex.id}.groups.${g.id}`, { defaultValue: g.label });
  return doc;
}
