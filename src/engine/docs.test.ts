// The committed docs are what `npm run docs` writes from the registry: editing an op, an
// optimizer or a limit without regenerating them fails here.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OPS } from "./ops";
import { opTable, paramText, TABLE_END, TABLE_START, withOpTable } from "./opTable";
import { datasetTable, DATASETS_END, DATASETS_START, withDatasetTable } from "./datasetTable";
import { DATASETS } from "./datasets";
import { formatJson, graphSchema, schemaText } from "./schema";

const DOCS = join(__dirname, "..", "..", "docs");
const read = (name: string) => readFileSync(join(DOCS, name), "utf8");
const STALE = "is not what `npm run docs` writes from the registry: run `npm run docs` and commit the result";

describe("the generated docs", () => {
  it("docs/gradflow.schema.json is up to date", () => {
    expect(read("gradflow.schema.json") === schemaText(), `docs/gradflow.schema.json ${STALE}`).toBe(true);
  });

  it("the ops table in docs/format.md is up to date", () => {
    const md = read("format.md");
    expect(md === withOpTable(md), `the ops table in docs/format.md ${STALE}`).toBe(true);
  });

  it("the datasets table in docs/format.md is up to date, one row per dataset", () => {
    const md = read("format.md");
    expect(md === withDatasetTable(md), `the datasets table in docs/format.md ${STALE}`).toBe(true);
    expect(datasetTable().split("\n").slice(2).map((r) => /^\| `(\w+)` \|/.exec(r)?.[1])).toEqual(DATASETS.map((d) => d.name));
    const page = `a\n${DATASETS_START}\nold\n${DATASETS_END}\nb\n`;
    expect(withDatasetTable(page)).toBe(`a\n${DATASETS_START}\n${datasetTable()}\n${DATASETS_END}\nb\n`);
    expect(() => withDatasetTable("no markers")).toThrow(/markers/);
  });

  it("the table has one row per op, and replacing it keeps the rest of the page", () => {
    const rows = opTable().split("\n").slice(2);
    expect(rows.map((r) => /^\| `(\w+)` \|/.exec(r)?.[1])).toEqual(OPS.map((o) => o.type));
    const page = `before\n${TABLE_START}\nold table\n${TABLE_END}\nafter\n`;
    expect(withOpTable(page)).toBe(`before\n${TABLE_START}\n${opTable()}\n${TABLE_END}\nafter\n`);
    expect(() => withOpTable("no markers")).toThrow(/markers/);
  });

  it("says what each kind of parameter takes", () => {
    expect(paramText({ name: "value", kind: "tensor", doc: "" })).toBe("`value` (a tensor, required)");
    expect(paramText({ name: "grad", kind: "tensor", doc: "", optional: true })).toBe("`grad` (a tensor, optional)");
    expect(paramText({ name: "repeats", kind: "int", doc: "", default: 2, min: 1 })).toBe("`repeats` (2; a whole number ≥ 1)");
    expect(paramText({ name: "rate", kind: "number", doc: "", default: 0.5, min: 0, max: 1 })).toBe("`rate` (0.5; a number from 0 to 1)");
    expect(paramText({ name: "rate", kind: "number", doc: "", default: 0.5, max: 1 })).toBe("`rate` (0.5; a number ≤ 1)");
    expect(paramText({ name: "c", kind: "number", doc: "", default: 0 })).toBe("`c` (0; a number)");
    expect(paramText({ name: "axis", kind: "axis", doc: "", default: null, nullable: true })).toBe("`axis` (`null`; an axis, negative counting from the end, or `null` for all axes)");
    expect(paramText({ name: "keepdims", kind: "bool", doc: "", default: true })).toBe("`keepdims` (true)");
  });

  it("the schema text is the schema, laid out to be read", () => {
    expect(JSON.parse(schemaText())).toEqual(graphSchema());
    expect(formatJson({ a: [1, { b: "x" }], c: {}, d: [] })).toBe('{ "a": [1, { "b": "x" }], "c": {}, "d": [] }');
    const long = { key: "v".repeat(120), n: 1 };
    expect(formatJson(long)).toBe(`{\n  "key": "${"v".repeat(120)}",\n  "n": 1\n}`);
  });
});
