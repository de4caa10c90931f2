// `npm run docs`: writes docs/gradflow.schema.json and the ops table in docs/format.md from the
// registry. src/engine/docs.test.ts fails when the committed files differ from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withDatasetTable } from "../src/engine/datasetTable";
import { withOpTable } from "../src/engine/opTable";
import { schemaText } from "../src/engine/schema";

const docs = join(import.meta.dirname, "..", "docs");
const files: [string, (old: string) => string][] = [
  ["gradflow.schema.json", () => schemaText()],
  ["format.md", (md) => withDatasetTable(withOpTable(md))],
];
for (const [name, make] of files) {
  const path = join(docs, name);
  const old = readFileSync(path, "utf8");
  const text = make(old);
  if (text !== old) writeFileSync(path, text);
  console.log(`docs/${name}: ${text === old ? "up to date" : "written"}`);
}
