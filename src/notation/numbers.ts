// How numbers and tensors are written for people: one place, so value and gradient look the
// same on the canvas, in the inspector and in the step explanations (pure, so the teaching
// code and its tests reach it without React).
import { formatShape, type Tensor } from "../engine/tensor";

/**
 * A number at a glance: 4 significant digits (200, 20, 0.05, 1.235e9, NaN, ∞), and never a
 * misleading round number. Where rounding to 4 digits would end in zeros that are not there
 * (σ(10) = 0.9999546 as "1.000", which reads as 1), a few more digits are shown until it no
 * longer looks round ("0.99995"); past 8 digits it is marked approximate ("≈1.000"). The full
 * value is fmtFull's.
 */
export function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "∞";
  if (x === -Infinity) return "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  const plain = a >= 1e-5 && a < 1e9;
  const write = (d: number) => (plain ? x.toPrecision(d) : x.toExponential(d - 1)).replace("e+", "e");
  /** "1.000", "20.00", "0.5000": two or more zeros closing the digits look like an exact round number */
  const looksRound = (t: string) => /00(e|$)/.test(t.replace(".", ""));
  const exact = (d: number) => Number(x.toPrecision(d)) === x;
  let s: string | null = null;
  for (let d = digits; d <= 8 && s === null; d++) {
    if (exact(d)) s = plain ? String(x) : x.toExponential().replace("e+", "e");
    // a rounded number that looks round is not what it seems: show one more digit
    else if (!looksRound(write(d))) s = write(d);
  }
  s ??= `≈${write(digits)}`;
  return s.replace("-", "−");
}

/** The whole float64, as the shortest text that reads back to the same number (the inspector, hover, copy). */
export function fmtFull(x: number): string {
  if (!Number.isFinite(x)) return fmt(x);
  return String(x).replace("-", "−").replace("e+", "e");
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

/**
 * A tensor's matrix view shrunk to at most maxRows × maxCols cells, each standing for a block of
 * elements: the one of largest magnitude (sign kept), so a single large entry still shows; a block
 * with a NaN or ±∞ takes it, so a bad number never hides. The whole tensor is seen, not its corner.
 */
export function downsample(t: Tensor, maxRows: number, maxCols: number): { rows: number; cols: number; data: Float64Array } {
  const { rows, cols } = asMatrix(t);
  const r = Math.min(rows, maxRows), c = Math.min(cols, maxCols);
  if (r === rows && c === cols) return { rows, cols, data: t.data };
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const i0 = Math.floor((i * rows) / r), i1 = Math.floor(((i + 1) * rows) / r);
    for (let j = 0; j < c; j++) {
      const j0 = Math.floor((j * cols) / c), j1 = Math.floor(((j + 1) * cols) / c);
      let best = 0;
      for (let a = i0; a < i1; a++)
        for (let b = j0; b < j1; b++) {
          const x = t.data[a * cols + b];
          if (!Number.isFinite(x)) {
            if (Number.isNaN(best) || Number.isNaN(x)) best = NaN;
            else if (Number.isFinite(best)) best = x;
          } else if (Number.isFinite(best) && Math.abs(x) > Math.abs(best)) best = x;
        }
      data[i * c + j] = best;
    }
  }
  return { rows: r, cols: c, data };
}

/** The range a heatmap's colours span: the largest finite magnitude, and the finite min and max. */
export function colourRange(data: ArrayLike<number>): { max: number; lo: number; hi: number } {
  let max = 0, lo = Infinity, hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (!Number.isFinite(x)) continue;
    max = Math.max(max, Math.abs(x));
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return { max, lo: lo === Infinity ? 0 : lo, hi: hi === -Infinity ? 0 : hi };
}
