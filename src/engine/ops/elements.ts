// The element rules of the ops that are not elementwise: how one number of the output, or of an
// input's gradient, is made, as a sum the learner can redo by hand. Each op's entry names its
// rule (`rule.element`); the registry test evaluates every one against the engine's own numbers.
import type { Tensor } from "../tensor";
import { softmaxRow } from "./softmax";
import { at, both, div, fn, neg, num, prod, sq, sub, sum, sym, type Both, type ElementRule, type Ex, type Worked } from "./worked";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const L = (b: Both) => b.latex;
const T = (b: Both) => b.text;
/** the text's subscript letters, for Σₖ */
const SUBSCRIPT: Record<string, string> = { k: "ₖ", h: "ₕ", n: "ₙ", j: "ⱼ", i: "ᵢ", r: "ᵣ" };

/** Σ_v a[..v..]·b[..v..]: the worked form of one entry of a matrix product */
function dot(v: string, n: number, a: [string, Tensor, (k: number) => number[], (number | string)[]], b: [string, Tensor, (k: number) => number[], (number | string)[]], extra?: { sym: Both; value: number }): Worked {
  const sa = sym(a[0], a[3]), sb = sym(b[0], b[3]);
  const terms = range(n).map((k) => prod(num(at(a[1], a[2](k))), num(at(b[1], b[2](k)))));
  return {
    rule: both(`\\sum_{${v}} ${L(sa)}\\,${L(sb)}${extra ? ` + ${L(extra.sym)}` : ""}`, `Σ${SUBSCRIPT[v]} ${T(sa)}·${T(sb)}${extra ? ` + ${T(extra.sym)}` : ""}`),
    value: extra ? sum([sum(terms), num(extra.value)]) : sum(terms),
  };
}

/** Σ_v g[..v..]: a column or axis of g added up */
function total(v: string, n: number, name: string, t: Tensor, idx: (k: number) => number[], shown: (number | string)[]): Worked {
  const s = sym(name, shown);
  return { rule: both(`\\sum_{${v}} ${L(s)}`, `Σ${SUBSCRIPT[v]} ${T(s)}`), value: sum(range(n).map((k) => num(at(t, idx(k))))) };
}

/** One number moved from elsewhere: out[i] = x[j] */
function copy(name: string, t: Tensor, idx: number[]): Worked {
  return { rule: sym(name, idx), value: num(at(t, idx)) };
}

/** x (N, D) · W (D, H), the shared part of MatMul, Affine and RNN's two products */
function product(what: string, [i, j]: readonly number[], x: Tensor, W: Tensor, g: Tensor | null, xName = "x", wName = "W", gName = "g"): Worked | null {
  const [N, D] = x.shape, H = W.shape[1];
  if (what === xName && g) return dot("h", H, [gName, g, (h) => [i, h], [i, "h"]], [wName, W, (h) => [j, h], [j, "h"]]);
  if (what === wName && g) return dot("n", N, [xName, x, (n) => [n, i], ["n", i]], [gName, g, (n) => [n, j], ["n", j]]);
  if (what === "out") return dot("k", D, [xName, x, (k) => [i, k], [i, "k"]], [wName, W, (k) => [k, j], ["k", j]]);
  return null;
}

const bias = (b: Tensor, j: number) => (b.shape.length === 2 ? [0, j] : [j]);

export const matmulElement: ElementRule = (what, idx, { ins: { x, W }, g }) => product(what, idx, x, W, g);

export const affineElement: ElementRule = (what, idx, { ins: { x, W, b }, g }) => {
  if (what === "b") {
    if (!g) return null;
    const j = idx[idx.length - 1];
    return total("n", g.shape[0], "g", g, (n) => [n, j], ["n", j]);
  }
  if (what !== "out") return product(what, idx, x, W, g);
  const [i, j] = idx;
  const bj = bias(b, j);
  return dot("k", x.shape[1], ["x", x, (k) => [i, k], [i, "k"]], ["W", W, (k) => [k, j], ["k", j]], { sym: sym("b", bj), value: at(b, bj) });
};

export const rnnElement: ElementRule = (what, idx, { ins: { x, h_prev, Wx, Wh, b }, out, g }) => {
  if (what === "out") {
    const [i, j] = idx;
    const hh = product("out", idx, h_prev, Wh, null, "h_prev", "Wh");
    const xx = product("out", idx, x, Wx, null, "x", "Wx");
    if (!hh || !xx) return null;
    const bj = bias(b, j);
    const sb = sym("b", bj);
    void i;
    return {
      rule: both(`\\tanh\\left(${hh.rule.latex} + ${xx.rule.latex} + ${sb.latex}\\right)`, `tanh(${hh.rule.text} + ${xx.rule.text} + ${sb.text})`),
      value: fn("tanh", sum([hh.value, xx.value, num(at(b, bj))])),
    };
  }
  if (!g) return null;
  // dt = g ⊙ (1 − out²), the gradient through tanh, as numbers
  const dt: Tensor = { shape: out.shape, data: out.data.map((o, k) => g.data[k] * (1 - o * o)) };
  const given = [both(`dt = g \\odot (1 - \\mathrm{out}^2)`, `dt = g ⊙ (1 − out²)`)];
  const w = (r: Worked | null) => (r ? { ...r, given } : null);
  if (what === "b") {
    const j = idx[idx.length - 1];
    return w(total("n", dt.shape[0], "dt", dt, (n) => [n, j], ["n", j]));
  }
  if (what === "x" || what === "Wx") return w(product(what, idx, x, Wx, dt, "x", "Wx", "dt"));
  if (what === "h_prev" || what === "Wh") return w(product(what, idx, h_prev, Wh, dt, "h_prev", "Wh", "dt"));
  return null;
};

const axisOf = (axis: unknown, rank: number) => (typeof axis === "number" ? (axis < 0 ? axis + rank : axis) : null);

export const sumElement: ElementRule = (what, idx, { ins: { x }, g, params }) => {
  const axis = axisOf(params.axis, x.shape.length);
  const keep = params.keepdims === true;
  if (what === "out") {
    if (axis === null) {
      const n = x.data.length;
      return { rule: both(`\\sum_{i} x_{i}`, `Σᵢ x[i]`), value: sum(range(n).map((k) => num(x.data[k]))) };
    }
    const base = keep ? [...idx] : [...idx.slice(0, axis), 0, ...idx.slice(axis)];
    const shown: (number | string)[] = base.map((v, a) => (a === axis ? "i" : v));
    return total("i", x.shape[axis], "x", x, (i) => base.map((v, a) => (a === axis ? i : v)), shown);
  }
  if (what !== "x" || !g) return null;
  if (axis === null) return copy("g", g, g.shape.map(() => 0));
  const gi = keep ? idx.map((v, a) => (a === axis ? 0 : v)) : idx.filter((_, a) => a !== axis);
  return copy("g", g, gi);
};

export const repeatElement: ElementRule = (what, idx, { ins: { x }, g, params }) => {
  const axis = axisOf(params.axis, x.shape.length)!;
  const r = params.repeats as number;
  if (what === "out") return copy("x", x, idx.map((v, a) => (a === axis ? Math.floor(v / r) : v)));
  if (what !== "x" || !g) return null;
  const at0 = idx[axis] * r;
  const shown: (number | string)[] = idx.map((v, a) => (a === axis ? (r === 1 ? at0 : `${at0}+r`) : v));
  return total("r", r, "g", g, (k) => idx.map((v, a) => (a === axis ? at0 + k : v)), shown);
};

export const transposeElement: ElementRule = (what, idx, { ins: { x }, g }) => {
  const rev = [...idx].reverse();
  if (what === "out") return copy("x", x, rev);
  return what === "x" && g ? copy("g", g, rev) : null;
};

/** the row of a last-axis op that element idx is in: its flat start and length */
function rowOf(t: Tensor, idx: readonly number[]): { start: number; n: number; c: number } {
  const n = t.shape[t.shape.length - 1];
  let k = 0;
  for (let a = 0; a < idx.length; a++) k = k * t.shape[a] + idx[a];
  return { start: k - idx[idx.length - 1], n, c: idx[idx.length - 1] };
}
const rowIdx = (idx: readonly number[], j: number | string) => [...idx.slice(0, -1), j];

export const softmaxElement: ElementRule = (what, idx, { ins: { x }, out, g }) => {
  const { start, n, c } = rowOf(x, idx);
  if (what === "out") {
    let m = -Infinity;
    for (let j = 0; j < n; j++) m = Math.max(m, x.data[start + j]);
    const e = (j: number) => fn("exp", sub(num(x.data[start + j]), num(m)));
    const sx = sym("x", rowIdx(idx, c)), sj = sym("x", rowIdx(idx, "j"));
    return {
      rule: both(`\\frac{e^{${sx.latex} - m}}{\\sum_{j} e^{${sj.latex} - m}}`, `e^(${sx.text} − m) / Σⱼ e^(${sj.text} − m)`),
      value: div(e(c), sum(range(n).map(e))),
      given: [both(`m = \\max_j ${sj.latex} = ${fmtPlain(m)}`, `m = maxⱼ ${sj.text} = ${fmtPlain(m)}`)],
    };
  }
  if (what !== "x" || !g) return null;
  const y = (j: number) => num(out.data[start + j]);
  const gj = (j: number) => num(g.data[start + j]);
  const so = sym("out", rowIdx(idx, c)), sg = sym("g", rowIdx(idx, c)), sgj = sym("g", rowIdx(idx, "j")), soj = sym("out", rowIdx(idx, "j"));
  return {
    rule: both(`${so.latex}\\left(${sg.latex} - \\sum_{j} ${sgj.latex}\\,${soj.latex}\\right)`, `${so.text}·(${sg.text} − Σⱼ ${sgj.text}·${soj.text})`),
    value: prod(y(c), sub(gj(c), sum(range(n).map((j) => prod(gj(j), y(j)))))),
  };
};

/** numbers in a `given` line: enough digits to be exact about what is shown */
const fmtPlain = (v: number) => String(Number(v.toPrecision(6))).replace("-", "−");
const rowText = (xs: ArrayLike<number>) => ({ latex: `(${Array.from(xs, fmtPlain).join(",\\ ").replaceAll("−", "-")})`, text: `(${Array.from(xs, fmtPlain).join(", ")})` });

const GUARD = 1e-7;

/** SoftmaxWithLoss's y and each row's class, as its forward has them */
function softmaxLoss(x: Tensor, t: Tensor) {
  const C = x.shape[x.shape.length - 1], N = x.shape.length === 2 ? x.shape[0] : 1;
  const y = new Float64Array(N * C);
  const cls: number[] = [];
  const oneHot = t.data.length === x.data.length && t.shape.length === x.shape.length;
  for (let i = 0; i < N; i++) {
    softmaxRow(x.data, y, i * C, C);
    if (oneHot) {
      let best = 0;
      for (let j = 1; j < C; j++) if (t.data[i * C + j] > t.data[i * C + best]) best = j;
      cls.push(best);
    } else cls.push(t.data[i]);
  }
  return { N, C, y, cls };
}

export const softmaxLossElement: ElementRule = (what, idx, { ins: { x, t }, g }) => {
  const { N, C, y, cls } = softmaxLoss(x, t);
  const yRow = (i: number) => rowText(y.subarray(i * C, (i + 1) * C));
  if (what === "out") {
    const terms: Ex[] = range(N).map((i) => fn("ln", sum([num(y[i * C + cls[i]]), num(GUARD)])));
    return {
      rule: both(`-\\frac{1}{N}\\sum_{i} \\ln\\left(y_{i,t_i} + 10^{-7}\\right)`, `−(1/N) Σᵢ ln(y[i,tᵢ] + 1e-7)`),
      value: neg(div(sum(terms), num(N))),
      given: [both(`N = ${N}`, `N = ${N}`), both(`y_{0,:} = \\mathrm{softmax}(x_{0,:}) = ${yRow(0).latex},\\quad t_0 = ${cls[0]}`, `y[0,:] = softmax(x[0,:]) = ${yRow(0).text}, t₀ = ${cls[0]}`)],
    };
  }
  if (what !== "x" || !g) return null;
  const i = idx.length === 2 ? idx[0] : 0, c = idx[idx.length - 1];
  const tic = cls[i] === c ? 1 : 0;
  const tRow = rowText(range(C).map((j) => (cls[i] === j ? 1 : 0)));
  const sy = sym("y", idx), st = sym("t", idx);
  return {
    rule: both(`\\frac{g\\,(${sy.latex} - ${st.latex})}{N}`, `g·(${sy.text} − ${st.text}) / N`),
    value: div(prod(sub(num(y[i * C + c]), num(tic)), num(g.data[0])), num(N)),
    given: [both(`N = ${N}`, `N = ${N}`), both(`y_{${i},:} = ${yRow(i).latex}`, `y[${i},:] = ${yRow(i).text}`), both(`t_{${i},:} = ${tRow.latex}`, `t[${i},:] = ${tRow.text}`)],
  };
};

export const sigmoidLossElement: ElementRule = (what, idx, { ins: { x, t }, g }) => {
  const N = x.data.length;
  const y = x.data.map((v) => 1 / (1 + Math.exp(-v)));
  if (what === "out") {
    const terms: Ex[] = range(N).map((i) =>
      sum([prod(num(t.data[i]), fn("ln", sum([num(y[i]), num(GUARD)]))), prod(sub(num(1), num(t.data[i])), fn("ln", sum([sub(num(1), num(y[i])), num(GUARD)])))]),
    );
    return {
      rule: both(`-\\frac{1}{N}\\sum_{i} \\left[t_i \\ln(y_i + 10^{-7}) + (1 - t_i)\\ln(1 - y_i + 10^{-7})\\right]`, `−(1/N) Σᵢ [t[i] ln(y[i] + 1e-7) + (1 − t[i]) ln(1 − y[i] + 1e-7)]`),
      value: neg(div(sum(terms), num(N))),
      given: [both(`N = ${N},\\quad y = \\sigma(x) = ${rowText(y).latex}`, `N = ${N}, y = sigmoid(x) = ${rowText(y).text}`)],
    };
  }
  if (what !== "x" || !g) return null;
  const k = idx.reduce((s, v, a) => s * x.shape[a] + v, 0);
  const sy = sym("y", idx), st = sym("t", idx);
  return {
    rule: both(`\\frac{g\\,(${sy.latex} - ${st.latex})}{N}`, `g·(${sy.text} − ${st.text}) / N`),
    value: div(prod(sub(num(y[k]), num(t.data[k])), num(g.data[0])), num(N)),
    given: [both(`N = ${N},\\quad ${sy.latex} = \\sigma(${sym("x", idx).latex}) = ${fmtPlain(y[k])}`, `N = ${N}, ${sy.text} = sigmoid(${sym("x", idx).text}) = ${fmtPlain(y[k])}`)],
  };
};

export const mseElement: ElementRule = (what, idx, { ins: { x, t }, g }) => {
  const n = x.data.length;
  if (what === "out") {
    return {
      rule: both(`\\frac{1}{n}\\sum_{i} (x_i - t_i)^2`, `(1/n) Σᵢ (x[i] − t[i])²`),
      value: div(sum(range(n).map((i) => sq(sub(num(x.data[i]), num(t.data[i]))))), num(n)),
      given: [both(`n = ${n}`, `n = ${n}`)],
    };
  }
  if (what !== "x" || !g) return null;
  const sx = sym("x", idx), st = sym("t", idx);
  return {
    rule: both(`\\frac{2g\\,(${sx.latex} - ${st.latex})}{n}`, `2g·(${sx.text} − ${st.text}) / n`),
    value: prod(sub(num(at(x, idx)), num(at(t, idx))), div(prod(num(2), num(g.data[0])), num(n))),
    given: [both(`n = ${n}`, `n = ${n}`)],
  };
};

export const reluElement: ElementRule = (what, idx, { ins: { x }, g }) => {
  const sx = sym("x", idx);
  const v = at(x, idx);
  if (what === "out") return { rule: both(`\\max(0, ${sx.latex})`, `max(0, ${sx.text})`), value: num(v > 0 ? v : 0) };
  if (what !== "x" || !g) return null;
  const sg = sym("g", idx);
  return { rule: both(`${sg.latex}\\,[${sx.latex} > 0]`, `${sg.text}·[${sx.text} > 0]`), value: prod(num(at(g, idx)), num(v > 0 ? 1 : 0)) };
};
