// Writing a value the way the value parser (valueText.ts) reads it back. Apart from the parser,
// so the page can show values without loading mathjs, which the parser loads when first needed.
import { isGenerator, type TensorValue } from "../engine/values";
import { isDatasetName } from "../engine/datasets";

/** A number as the parser reads it back exactly: shortest round-trip digits, and -0 kept. */
function formatNumber(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

function formatNested(v: unknown): string {
  return Array.isArray(v) ? `[${v.map(formatNested).join(", ")}]` : formatNumber(v as number);
}

/** Writes a value the way parseValueText reads it back: `[[1, 2], [3, 4]]`, `randn(5, 10, seed=1)`. */
export function formatValueText(value: TensorValue): string {
  if (!isGenerator(value)) return formatNested(value);
  const g = value;
  if (isDatasetName(g.init)) {
    const args = [String(g.shape[0])];
    if (g.classes !== undefined) args.push(`classes=${g.classes}`);
    if (g.noise !== undefined) args.push(`noise=${formatNumber(g.noise)}`);
    if (g.seed !== undefined) args.push(`seed=${g.seed}`);
    if (g.scale !== undefined) args.push(`scale=${formatNumber(g.scale)}`);
    const call = `${g.init}(${args.join(", ")})`;
    return g.part === undefined ? call : `${g.part}(${call})`;
  }
  const square = g.init === "eye" && g.shape.length === 2 && g.shape[0] === g.shape[1];
  const args = square ? [String(g.shape[0])] : g.shape.length ? g.shape.map(String) : ["[]"];
  // every field present is written, even a default (skip=0, scale=1), so the round trip is exact
  if (g.fill !== undefined) args.push(`fill=${formatNumber(g.fill)}`);
  if (g.seed !== undefined) args.push(`seed=${g.seed}`);
  if (g.skip !== undefined) args.push(`skip=${g.skip}`);
  if (g.scale !== undefined) args.push(`scale=${formatNumber(g.scale)}`);
  return `${g.init}(${args.join(", ")})`;
}
