// How numbers and tensors are written for people: one place, so value and gradient look the
// same on the canvas, in the inspector and in the step explanations (pure, so the teaching
// code and its tests reach it without React).
import { formatShape, type Tensor } from "../engine/tensor";

/**
 * `digits` significant digits: 200, 20, 0.05, 1.235e+9, NaN, ∞. Trailing zeros are written only
 * when rounding hid something, so σ(10) = 0.9999546 reads "1.000", not a misleading "1".
 */
export function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  const exact = Number(x.toPrecision(digits)) === x;
  let s: string;
  if (a >= 1e-5 && a < 1e9) s = exact ? String(x) : x.toPrecision(digits);
  else s = exact ? x.toExponential().replace("e+", "e") : x.toExponential(digits - 1).replace("e+", "e");
  return s.replace("-", "−");
}

/** Enough digits to read a number in full (the inspector and the matrix popover). */
export const fmtFull = (x: number) => fmt(x, 7);

export const isScalar = (t: Tensor) => t.data.length === 1 && t.shape.length <= 1;

/** A tensor as one short piece of text: a number, or its shape. */
export function brief(t: Tensor): string {
  return isScalar(t) ? fmt(t.data[0]) : formatShape(t.shape);
}

export const hasNonFinite = (t: Tensor) => t.data.some((x) => !Number.isFinite(x));

/** A tensor viewed as rows × cols: a scalar is 1×1, a vector one row, higher ranks fold leading axes into rows. */
export function asMatrix(t: Tensor): { rows: number; cols: number } {
  if (t.shape.length === 0) return { rows: 1, cols: 1 };
  const cols = t.shape[t.shape.length - 1];
  return { rows: cols === 0 ? 0 : t.data.length / cols, cols };
}
