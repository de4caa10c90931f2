// PLACEHOLDER (being written by the value-parser helper): text ↔ tensor values for the inspector.
import type { TensorValue } from "../engine/values";

export type ParsedValue = { ok: true; value: TensorValue } | { ok: false; error: string };

/** Parses what a learner types: `[[1, 2], [3, 4]]`, `10`, `randn(5, 10, seed=1)`, `zeros(3)`, ... */
export function parseValueText(text: string): ParsedValue {
  try {
    return { ok: true, value: JSON.parse(text) as TensorValue };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/** Writes a value the way parseValueText reads it back. */
export function formatValueText(value: TensorValue): string {
  return JSON.stringify(value);
}
