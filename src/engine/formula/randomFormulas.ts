// Random formulas over the whole whitelist, for the tests (the registry-wide finite-difference
// test and formula.test.ts). Every formula stays inside its functions' domains and away from their
// kinks for inputs in [0.5, 1.5]: it is built from three kinds of part, each with a known range,
//   P, positive (log, sqrt, a divisor, a base of ^ take only these),
//   B, bounded in [−1, 1] (exp and tan take these, so nothing overflows),
//   A, anything of moderate size,
// so a central difference with a step of 1e-6 sees a smooth function.
import { RandomState } from "../random";

type Kind = "P" | "B" | "A";

/** Is `f(…)` one call, its parentheses closing only at the end? */
function balanced(f: string): boolean {
  let depth = 0;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === "(") depth++;
    else if (f[i] === ")" && --depth === 0 && i < f.length - 1) return false;
  }
  return true;
}

/** A formula in `vars` (inputs in [0.5, 1.5]), as text, of at most about `depth` levels. */
export function randomFormula(rs: RandomState, vars: readonly string[], depth = 3): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rs.double() * xs.length)];
  const v = () => pick(vars);
  const c = () => pick(["2", "0.5", "3", "1.5", "pi", "e"]);
  const gen = (kind: Kind, d: number): string => {
    // every part comes back in parentheses (or as a name or a call), so parts compose as text
    if (d <= 0) return kind === "B" ? pick([`sin(${v()})`, `cos(${v()})`, `tanh(${v()})`]) : kind === "P" ? v() : pick([v(), `(-${v()})`, c()]);
    const P = () => gen("P", d - 1), B = () => gen("B", d - 1), A = () => gen("A", d - 1);
    const forms: Record<Kind, (() => string)[]> = {
      P: [v, () => `exp(${B()})`, () => `1 + ${P()}`, () => `${P()} * ${P()}`, () => `${P()} / (${P()})`, () => `sqrt(${P()})`,
        () => `(sigmoid(${A()}) + 0.5)`, () => `(${P()})^${pick(["2", "0.5", "-1", "1.5", "3"])}`, () => `abs(-${P()})`, () => `(${P()})^(${B()})`],
      B: [() => `sin(${A()})`, () => `cos(${A()})`, () => `tanh(${A()})`, () => `sigmoid(${A()})`, () => `${B()} * ${B()}`,
        () => `(${B()} + ${B()}) / 2`, () => `-${B()}`, () => `tan(${B()} / 2)`, () => `(${B()} - ${B()}) / 2`, () => `${B()} * sign(-${P()})`],
      A: [P, B, () => `${P()} - ${P()}`, () => `${A()} + ${A()}`, () => `${A()} * ${B()}`, () => `-(${A()})`, () => `log(${P()})`,
        () => `${A()} / (${P()})`, () => `${c()} * ${A()}`, () => `${v()}^2 * ${B()}`],
    };
    const f = pick(forms[kind])();
    return /^[\w.]+(\(.*\))?$/.test(f) && balanced(f) ? f : `(${f})`;
  };
  // every variable read at least once, so that each input's gradient is exercised
  let f = gen("A", depth);
  for (const x of vars) if (!new RegExp(`\\b${x}\\b`).test(f)) f = `${f} + ${x} * ${gen("B", 1)}`;
  return f;
}
