// The inspector: the selected node's label and parameters, read from the op's parameter
// schema (no op is named here), and its output and gradient in full. A value that does not
// parse keeps the old one and says what is wrong under the box.
import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import { checkParam } from "../engine/format";
import type { GraphNode } from "../engine/graph";
import { resolveParams } from "../engine/executor";
import { getOp, type ParamSpec } from "../engine/ops";
import { ruleOf } from "../engine/ops/types";
import { pickSeed } from "../engine/random";
import { needsSeed, type TensorValue } from "../engine/values";
import { MatrixTable } from "../editor/MatrixTable";
import { useReactFlow } from "@xyflow/react";
import { nodeSizes } from "../editor/sizes";
import { isLocked, useGraph } from "../state/store";
import { wouldCycle } from "../engine/graph";
import { useT } from "../i18n";
import { en } from "../i18n/en";
import { fmtFull } from "../notation/numbers";
import { formatValueText } from "../notation/valueFormat";
import { loadValueParser, valueParser } from "../notation/valueParserLoader";
import { dataIntoInput } from "./files";
import { engineText } from "../i18n/engineMessages";
import { FormulaView } from "./FormulaView";
import { compileFormula, NOT_LOADED } from "../engine/formula";

// the transforms (issue 13) load with the first node the inspector shows, not with the page
const NodeTransforms = lazy(() => import("./Transforms").then((m) => ({ default: m.NodeTransforms })));
// the slope plot (issue 10) with its worker client, loaded with the first Input or Param the inspector shows
const SlopePlot = lazy(() => import("./SlopePlot").then((m) => ({ default: m.SlopePlot })));

/** a parameter's name as the inspector shows it: the file's key, and in Japanese a word for it too */
const paramLabel = (t: ReturnType<typeof useT>, name: string) => t(`inspector.paramNames.${name}`, { defaultValue: name });
/** its box's accessible name, in English whatever the language (UI.md's hooks: "the text box labelled Value") */
const paramHook = (name: string) => en.inspector.paramNames[name as keyof typeof en.inspector.paramNames] ?? name;

function Field({ label, id, error, hint, children }: { label: string; id: string; error?: string | null; hint?: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-[12px] font-medium text-slate-700 dark:text-slate-200">
        {label}
      </label>
      {children}
      {error ? (
        <p data-testid={id === "param-value" ? "value-error" : "param-error"} role="alert" className="text-[12px] leading-snug text-red-700 dark:text-red-300">
          {engineText(error)}
        </p>
      ) : (
        hint && <p className="text-[11px] leading-snug text-slate-600 dark:text-slate-300">{hint}</p>
      )}
    </div>
  );
}

/** What is typed in a box, until it is committed; reset when the value or the node changes. */
function useDraft(shown: string, nodeId: string) {
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(shown);
    setError(null);
  }, [shown, nodeId]);
  return { text, setText, error, setError };
}

/** A box's look; a value that does not parse turns it red. */
const boxClass = (error: string | null) =>
  `rounded-md border bg-white px-2 py-1 font-mono text-[12px] text-slate-900 outline-none focus:ring-2 dark:bg-slate-800 dark:text-slate-100 ${error ? "border-red-500 focus:ring-red-200 dark:focus:ring-red-900" : "border-slate-400 focus:border-sky-500 focus:ring-sky-200 dark:border-slate-500 dark:focus:ring-sky-800"}`;

function TensorField({ node, spec }: { node: GraphNode; spec: Extract<ParamSpec, { kind: "tensor" }> }) {
  const t = useT();
  const current = node.data[spec.name] as TensorValue | undefined;
  const shown = current === undefined ? "" : formatValueText(current);
  const { text, setText, error, setError } = useDraft(shown, node.id);
  const id = `param-${spec.name}`;
  // the parser loads when a value box first shows (it is there before anyone has typed)
  useEffect(() => {
    loadValueParser().catch((e: unknown) => useGraph.getState().toast("error", t("toast.parserFailed", { reason: (e as Error).message })));
  }, [t]);
  const commit = () => {
    if (text === shown) return setError(null);
    if (text.trim() === "" && spec.optional) {
      setError(null);
      useGraph.getState().setData(node.id, spec.name, undefined);
      return;
    }
    const parser = valueParser();
    if (!parser) {
      void loadValueParser().then(commit, () => {});
      return;
    }
    const parsed = parser.parseValueText(text);
    if (!parsed.ok) return setError(parsed.error);
    let value = parsed.value;
    if (needsSeed(value)) value = { ...(value as object), seed: pickSeed() } as TensorValue;
    const problem = checkParam(spec, value, spec.name, node.type);
    if (problem) return setError(problem);
    setError(null);
    useGraph.getState().setData(node.id, spec.name, value);
  };
  return (
    <Field label={paramLabel(t, spec.name)} id={id} error={error} hint={t(`ops.${node.type}.params.${spec.name}`, { defaultValue: spec.doc })}>
      <textarea
        id={id}
        aria-label={paramHook(spec.name)}
        rows={Math.min(6, Math.max(1, text.split("\n").length))}
        value={text}
        spellCheck={false}
        placeholder={spec.optional ? t("inspector.emptyOnes") : undefined}
        aria-invalid={!!error}
        onChange={(e) => setText(e.target.value)}
        onPaste={(e) => {
          // a block copied from a spreadsheet or a numpy print-out: read as a table (with its labels)
          const pasted = e.clipboardData.getData("text/plain");
          if (node.type !== "Input" || !/\n|\t/.test(pasted.trim()) || (valueParser()?.parseValueText(pasted).ok ?? true)) return;
          e.preventDefault();
          dataIntoInput(node.id, pasted, t("table.clipboard"));
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            commit();
          } else if (e.key === "Escape") {
            setText(shown);
            setError(null);
          }
        }}
        className={`w-full resize-y ${boxClass(error)}`}
      />
    </Field>
  );
}

/** int, number and axis parameters: a text box checked by the file reader's own checkParam; bool: a checkbox */
function ScalarField({ node, spec }: { node: GraphNode; spec: Exclude<ParamSpec, { kind: "tensor" }> }) {
  const t = useT();
  const hint = t(`ops.${node.type}.params.${spec.name}`, { defaultValue: spec.doc });
  const current = node.data[spec.name] ?? spec.default;
  const id = `param-${spec.name}`;
  const shown = current === null ? "" : String(current);
  const { text, setText, error, setError } = useDraft(shown, node.id);
  if (spec.kind === "bool")
    return (
      <label className="flex items-center gap-2 text-[12px] font-medium text-slate-700 dark:text-slate-200" title={hint}>
        <input type="checkbox" aria-label={paramHook(spec.name)} checked={current === true} onChange={(e) => useGraph.getState().setData(node.id, spec.name, e.target.checked)} />
        {paramLabel(t, spec.name)}
        <span className="font-normal text-slate-600 dark:text-slate-300">— {hint}</span>
      </label>
    );
  const commit = () => {
    if (text === shown) return setError(null);
    const t = text.trim();
    // a formula is text (Expr's plan reads it); an empty nullable int or axis is null (Slice's start and stop, Sum's axis)
    const nullable = (spec.kind === "axis" || spec.kind === "int") && spec.nullable === true;
    const v = spec.kind === "formula" ? t : t === "" && nullable ? null : t === "" ? NaN : Number(t);
    const problem = checkParam(spec, typeof v === "number" && Number.isNaN(v) ? t : v, spec.name, node.type);
    if (problem) return setError(problem);
    // a formula that does not read (x^, an unknown name) is refused where it was typed, not put in
    // the graph to surface later as the node's error, behind "missing input x"
    if (spec.kind === "formula") {
      const c = compileFormula(t, getOp(node.type)!.inputs.map((p) => p.name));
      if (typeof c === "string" && c !== NOT_LOADED) return setError(c);
    }
    setError(null);
    useGraph.getState().setData(node.id, spec.name, v);
  };
  return (
    <Field label={paramLabel(t, spec.name)} id={id} error={error} hint={hint}>
      <input
        id={id}
        aria-label={paramHook(spec.name)}
        type="text"
        inputMode={spec.kind === "formula" ? "text" : spec.kind === "number" ? "decimal" : "numeric"}
        spellCheck={spec.kind === "formula" ? false : undefined}
        value={text}
        placeholder={spec.kind === "axis" && spec.nullable ? t("inspector.allAxes") : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
        className={`${spec.kind === "formula" ? "w-full font-mono" : "w-24"} ${boxClass(error)}`}
      />
    </Field>
  );
}

/**
 * Each input port with a choice of source: wiring from the keyboard, and quicker than dragging on
 * a large graph. Sources that would close a cycle are left out.
 */
function PortSources({ node }: { node: GraphNode }) {
  const t = useT();
  const doc = useGraph((s) => s.doc);
  const op = getOp(node.type)!;
  if (!op.inputs.length) return null;
  const sources = doc.nodes.filter((n) => n.id !== node.id && getOp(n.type)?.role !== "sink" && !wouldCycle(doc.edges, n.id, node.id));
  return (
    <section className="flex flex-col gap-1.5" aria-label={t("wire.heading")}>
      <h3 className="text-[12px] font-semibold text-slate-700 dark:text-slate-200">{t("wire.heading")}</h3>
      {op.inputs.map((p) => {
        const edge = doc.edges.find((e) => e.target === node.id && e.targetHandle === p.name);
        const id = `wire-${p.name}`;
        return (
          <div key={p.name} className="flex items-center gap-2">
            <label htmlFor={id} className="w-20 shrink-0 truncate font-mono text-[12px] text-slate-700 dark:text-slate-200" title={p.doc}>
              {t("wire.from", { port: p.name })}
            </label>
            <select
              id={id}
              value={edge?.source ?? ""}
              onChange={(e) => {
                const s = useGraph.getState();
                if (e.target.value) s.connect({ source: e.target.value, target: node.id, targetHandle: p.name });
                else if (edge) s.remove([], [edge.id]);
              }}
              className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-1 py-0.5 font-mono text-[12px] dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
            >
              <option value="">{t("wire.none")}</option>
              {sources.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.id}
                  {n.data.label ? ` (${n.data.label as string})` : ""}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      <p className="text-[11px] text-slate-600 dark:text-slate-300">{t("wire.hint")}</p>
    </section>
  );
}

const ALIGN = [
  ["left", "⇤"],
  ["center", "↔"],
  ["right", "⇥"],
  ["top", "⇡"],
  ["middle", "↕"],
  ["bottom", "⇣"],
] as const;

/** Several nodes selected: line them up or space them evenly (each one undo step). */
function Arrange({ count }: { count: number }) {
  const t = useT();
  const rf = useReactFlow();
  const sizes = () => nodeSizes(rf.getNodes());
  const btn = "rounded-md border border-slate-300 px-2 py-1 text-[12px] text-slate-700 hover:bg-slate-100 disabled:opacity-40 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800";
  return (
    <section aria-label={t("arrange.heading")} className="flex flex-col gap-1.5">
      <h3 className="text-[12px] font-semibold text-slate-700 dark:text-slate-300">{t("arrange.heading")}</h3>
      <div className="flex flex-wrap gap-1">
        {ALIGN.map(([how, icon]) => (
          <button key={how} type="button" className={btn} aria-label={t(`arrange.${how}`)} title={t(`arrange.${how}`)} onClick={() => useGraph.getState().alignSelection(how, sizes())}>
            <span aria-hidden>{icon}</span>
          </button>
        ))}
      </div>
      <div className="flex flex-wrap gap-1">
        {(["horizontal", "vertical"] as const).map((axis) => (
          <button key={axis} type="button" className={btn} disabled={count < 3} onClick={() => useGraph.getState().distributeSelection(axis, sizes())}>
            {t(`arrange.${axis}`)}
          </button>
        ))}
      </div>
    </section>
  );
}

function LabelField({ node }: { node: GraphNode }) {
  const t = useT();
  const shown = (node.data.label as string | undefined) ?? "";
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown, node.id]);
  const commit = () => text !== shown && useGraph.getState().setData(node.id, "label", text.trim() || undefined);
  return (
    <Field label={t("inspector.nodeLabel")} id="node-label">
      <input
        id="node-label"
        value={text}
        placeholder={node.type}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
        className={`w-full ${boxClass(null)} font-sans`}
      />
    </Field>
  );
}

/** The inspector scrolls with nothing focusable in it at times (no node selected): it takes focus itself. */
const asideClass = "flex h-full flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-white p-3 pb-10 outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-400 dark:border-slate-700 dark:bg-slate-900";

export function Inspector() {
  const t = useT();
  const selected = useGraph((s) => s.selectedNodes);
  const node = useGraph((s) => (s.selectedNodes.length === 1 ? s.doc.nodes.find((n) => n.id === s.selectedNodes[0]) : undefined));
  const view = useGraph((s) => (node ? s.derived.nodes.get(node.id) : undefined));
  const loss = useGraph((s) => s.derived.loss);
  const ms = useGraph((s) => s.derived.ms);
  const nodeCount = useGraph((s) => s.doc.nodes.length);
  const locked = useGraph(isLocked);

  if (!node) {
    return (
      <aside data-testid="inspector" aria-label={t("inspector.label")} tabIndex={0} className={`${asideClass} text-[13px] text-slate-700 dark:text-slate-300`}>
        <h2 className="text-sm font-semibold text-slate-800 dark:text-slate-100">{selected.length > 1 ? t("inspector.selected", { count: selected.length }) : t("inspector.title")}</h2>
        {selected.length > 1 && <Arrange count={selected.length} />}
        <p>{t("inspector.selectHint")}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[12px]">
          <dt className="text-slate-600 dark:text-slate-400" title={t("inspector.lossTip")}>
            {t("inspector.loss")}
          </dt>
          <dd className="font-mono text-slate-800 dark:text-slate-100" data-testid="loss">{loss === null ? "—" : fmtFull(loss)}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t("inspector.nodes")}</dt>
          <dd className="font-mono">{nodeCount}</dd>
          <dt className="text-slate-600 dark:text-slate-400">{t("inspector.lastRun")}</dt>
          <dd className="font-mono" data-testid="run-ms">{t("inspector.ms", { ms: ms.toFixed(2) })}</dd>
        </dl>
        <div className="mt-2 rounded-md bg-slate-50 p-2 text-[12px] leading-relaxed dark:bg-slate-800">
          <p className="mb-1 font-medium text-slate-700 dark:text-slate-200">{t("inspector.onEveryEdge")}</p>
          <p>
            <span className="font-mono text-value">{t("inspector.blue")}</span>: {t("inspector.blueMeans")} · <span className="font-mono text-grad">{t("inspector.orange")}</span>: {t("inspector.orangeMeans")}
          </p>
          <p className="mt-1">{t("inspector.hoverHint")}</p>
        </div>
      </aside>
    );
  }
  const op = getOp(node.type)!;
  // an Expr's rule is its own formula (written out as it is); other ops' rules are translated
  const rule = op.ruleFor ? ruleOf(op, resolveParams(op, node.data, true)) : op.rule;
  return (
    <aside data-testid="inspector" aria-label={t("inspector.label")} tabIndex={0} className={asideClass}>
      <div>
        <h2 className="text-sm font-semibold text-slate-800 dark:text-slate-100">
          {op.type} <span className="font-mono text-[12px] font-normal text-slate-600 dark:text-slate-400">{node.id}</span>
        </h2>
        <p className="text-[12px] text-slate-600 dark:text-slate-300">{t(`ops.${op.type}.summary`)}</p>
        <p className="mt-1 font-mono text-[11px] text-slate-600 dark:text-slate-300">{rule !== op.rule ? rule.forward : t(`ops.${op.type}.rule.forward`, { defaultValue: op.rule.forward })}</p>
      </div>
      <Suspense fallback={null}>
        <NodeTransforms node={node} />
      </Suspense>
      {/* a training run holds the document: the fields show it, and nothing here edits it */}
      <fieldset disabled={locked} className="flex min-w-0 flex-col gap-3 disabled:opacity-60">
        <LabelField node={node} />
        {op.params.map((p) => (p.kind === "tensor" ? <TensorField key={`${node.id}.${p.name}`} node={node} spec={p} /> : <ScalarField key={`${node.id}.${p.name}`} node={node} spec={p} />))}
        <PortSources node={node} />
      </fieldset>
      <FormulaView node={node} />
      {view?.error && (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-[12px] text-red-700 dark:bg-red-950 dark:text-red-200">
          ⚠ {engineText(view.error)}
        </p>
      )}
      {view?.status === "blocked" && !view.error && <p className="rounded-md bg-slate-50 p-2 text-[12px] text-slate-600 dark:bg-slate-800 dark:text-slate-300">{t("inspector.blocked")}</p>}
      <section className="flex flex-col gap-2">
        <h3 className="text-[12px] font-semibold text-slate-700 dark:text-slate-200">{t("inspector.output")} {view?.shape && <span className="font-mono font-normal text-slate-600 dark:text-slate-400">{view.shape}</span>}</h3>
        {view?.value ? <MatrixTable t={view.value} role="value" testId="inspector-value" pick={node.id} /> : <p className="text-[12px] text-slate-600 dark:text-slate-400">—</p>}
        <h3 className="text-[12px] font-semibold text-slate-700 dark:text-slate-200">{t("inspector.gradient")}</h3>
        {view?.grad ? <MatrixTable t={view.grad} role="grad" testId="inspector-grad" pick={node.id} /> : <p className="text-[12px] text-slate-600 dark:text-slate-400">{op.role === "sink" ? t("inspector.sinkGrad") : t("inspector.noGrad")}</p>}
      </section>
      {op.role === "source" && (
        <Suspense fallback={null}>
          <SlopePlot key={node.id} node={node} />
        </Suspense>
      )}
    </aside>
  );
}
