// How numbers and tensors are written on screen: one place, so value and gradient look the
// same everywhere.
import { formatShape, type Tensor } from "../engine/tensor";

/** 4 significant digits, without trailing zeros: 200, 20, 0.0000454, 1.235e+8, NaN, ∞. */
export function fmt(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  const s = a >= 1e-5 && a < 1e9 ? String(Number(x.toPrecision(4))) : x.toExponential(3).replace(/\.?0+e/, "e");
  return s.replace("-", "−");
}

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
