// The table of ops in docs/format.md, written from the registry by `npm run docs`, so that the
// page lists exactly the ops, ports and parameters the reader accepts.
import { OPS } from "./ops";
import type { OpSpec, ParamSpec } from "./ops/types";

export const TABLE_START = "<!-- ops table: written by `npm run docs` from src/engine/ops; edit the ops, not this table -->";
export const TABLE_END = "<!-- end of the ops table -->";

const code = (s: string) => `\`${s}\``;
const cell = (s: string) => s.replaceAll("|", "\\|");

const range = (min?: number, max?: number) =>
  min !== undefined && max !== undefined ? ` from ${min} to ${max}` : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : "";

/** One parameter as the table lists it: `name` (default; what it takes). */
export function paramText(p: ParamSpec): string {
  switch (p.kind) {
    case "tensor":
      return `${code(p.name)} (a tensor, ${p.optional ? "optional" : "required"})`;
    case "int":
      return `${code(p.name)} (${p.default === null ? "`null`" : p.default}; a whole number${p.min === undefined ? "" : ` ≥ ${p.min}`}${p.nullable ? ", or `null`" : ""})`;
    case "number":
      return `${code(p.name)} (${p.default}; a number${range(p.min, p.max)})`;
    case "axis":
      return `${code(p.name)} (${p.default === null ? "`null`" : p.default}; an axis, negative counting from the end${p.nullable ? ", or `null` for all axes" : ""})`;
    case "bool":
      return `${code(p.name)} (${p.default})`;
    case "formula":
      return `${code(p.name)} (${code(p.default)}; a formula of the inputs)`;
  }
}

function row(op: OpSpec): string {
  const inputs = op.inputs.map((p) => `${code(p.name)}: ${p.doc}${p.noGrad ? " (no gradient)" : ""}`).join("; ") || "none";
  const params = op.params.map(paramText).join("; ") || "none";
  const summary = op.addition ? `${op.summary} (a Gradflow addition, not in OPS.md)` : op.summary;
  return `| ${code(op.type)} | ${cell(summary)} | ${cell(inputs)} | ${cell(params)} |`;
}

export function opTable(): string {
  return ["| op | what it computes | input ports | parameters (default; what they take) |", "|---|---|---|---|", ...OPS.map(row)].join("\n");
}

/** `md` with the text between the table's markers replaced by the table. */
export function withOpTable(md: string): string {
  const start = md.indexOf(TABLE_START), end = md.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`docs/format.md has lost its ops table markers (${TABLE_START} … ${TABLE_END})`);
  return `${md.slice(0, start + TABLE_START.length)}\n${opTable()}\n${md.slice(end)}`;
}
