// The inspector's view of a node whose op takes a formula (Expr, Expr2): the formula and its
// symbolic derivative in each input, typeset. The op is found by its parameter's kind, not named.
// The formula reader (mathjs) and KaTeX load when a formula is first shown, not with the page.
import { useEffect, useMemo, useState } from "react";
import type { GraphNode } from "../engine/graph";
import { getOp } from "../engine/ops";
import type { FormulaExplanation } from "../notation/formula";
import { useT } from "../i18n";
import { Typeset } from "./Typeset";

export function FormulaView({ node }: { node: GraphNode }) {
  const t = useT();
  const op = getOp(node.type);
  const spec = op?.params.find((p) => p.kind === "formula");
  const formula = spec ? ((node.data[spec.name] as string | undefined) ?? (spec.default as string)) : null;
  const ports = useMemo(() => op?.inputs.map((p) => p.name) ?? [], [op]);
  const [ex, setEx] = useState<FormulaExplanation | string | null>(null);
  useEffect(() => {
    let live = true;
    setEx(null);
    if (formula !== null) void import("../notation/formula").then((m) => live && setEx(m.explainFormula(formula, ports)));
    return () => {
      live = false;
    };
  }, [formula, ports]);
  // a formula that does not read is the node's error, shown below by the inspector
  if (!ex || typeof ex === "string") return null;
  const args = ports.join(", ");
  return (
    <section aria-label={t("transform.formulaHeading")} data-testid="formula-view" className="flex flex-col gap-1.5 rounded-md bg-slate-50 p-2 dark:bg-slate-800">
      <h3 className="text-[12px] font-semibold text-slate-700 dark:text-slate-200">{t("transform.formulaHeading")}</h3>
      <Typeset testId="formula-forward" tex={`f(${args}) = ${ex.forward.tex}`} text={`f(${args}) = ${ex.forward.text}`} className="block overflow-x-auto overflow-y-hidden text-[14px] text-slate-900 dark:text-slate-50" />
      <p className="text-[11px] text-slate-600 dark:text-slate-300">{t("transform.derivativeNote")}</p>
      {ex.partials.map((p) => (
        <Typeset
          key={p.port}
          testId="formula-partial"
          tex={`\\frac{\\partial f}{\\partial ${p.port}} = ${p.tex}`}
          text={`∂f/∂${p.port} = ${p.text}`}
          className="block overflow-x-auto overflow-y-hidden text-[14px] text-grad-strong"
        />
      ))}
    </section>
  );
}
