// The inspector: the selected node's label and parameters, read from the op's parameter
// schema (no op is named here), and its output and gradient in full. A value that does not
// parse keeps the old one and says what is wrong under the box.
import { useEffect, useState, type ReactNode } from "react";
import { checkParam } from "../engine/format";
import type { GraphNode } from "../engine/graph";
import { getOp, type ParamSpec } from "../engine/ops";
import { pickSeed } from "../engine/random";
import { needsSeed, type TensorValue } from "../engine/values";
import { MatrixTable } from "../editor/MatrixTable";
import { isLocked, useGraph } from "../state/store";
import { wouldCycle } from "../engine/graph";
import { useT } from "../i18n";
import { fmtFull } from "../notation/numbers";
import { formatValueText, parseValueText } from "../notation/valueText";

const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function Field({ label, id, error, hint, children }: { label: string; id: string; error?: string | null; hint?: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-[12px] font-medium text-slate-700">
        {label}
      </label>
      {children}
      {error ? (
        <p data-testid={label === "Value" ? "value-error" : "param-error"} role="alert" className="text-[12px] leading-snug text-red-600">
          {error}
        </p>
      ) : (
        hint && <p className="text-[11px] leading-snug text-slate-500">{hint}</p>
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

function TensorField({ node, spec }: { node: GraphNode; spec: Extract<ParamSpec, { kind: "tensor" }> }) {
  const current = node.data[spec.name] as TensorValue | undefined;
  const shown = current === undefined ? "" : formatValueText(current);
  const { text, setText, error, setError } = useDraft(shown, node.id);
  const id = `param-${spec.name}`;
  const commit = () => {
    if (text === shown) return setError(null);
    if (text.trim() === "" && spec.optional) {
      setError(null);
      useGraph.getState().setData(node.id, spec.name, undefined);
      return;
    }
    const parsed = parseValueText(text);
    if (!parsed.ok) return setError(parsed.error);
    let value = parsed.value;
    if (needsSeed(value)) value = { ...(value as object), seed: pickSeed() } as TensorValue;
    const problem = checkParam(spec, value, spec.name, node.type);
    if (problem) return setError(problem);
    setError(null);
    useGraph.getState().setData(node.id, spec.name, value);
  };
  return (
    <Field label={title(spec.name)} id={id} error={error} hint={spec.doc}>
      <textarea
        id={id}
        rows={Math.min(6, Math.max(1, text.split("\n").length))}
        value={text}
        spellCheck={false}
        placeholder={spec.optional ? "empty: ones" : undefined}
        aria-invalid={!!error}
        onChange={(e) => setText(e.target.value)}
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
        className={`w-full resize-y rounded-md border px-2 py-1 font-mono text-[12px] outline-none focus:ring-2 ${error ? "border-red-400 focus:ring-red-200" : "border-slate-300 focus:border-sky-500 focus:ring-sky-200"}`}
      />
    </Field>
  );
}

/** int, number and axis parameters: a text box checked by the file reader's own checkParam; bool: a checkbox */
function ScalarField({ node, spec }: { node: GraphNode; spec: Exclude<ParamSpec, { kind: "tensor" }> }) {
  const current = node.data[spec.name] ?? spec.default;
  const id = `param-${spec.name}`;
  const shown = current === null ? "" : String(current);
  const { text, setText, error, setError } = useDraft(shown, node.id);
  if (spec.kind === "bool")
    return (
      <label className="flex items-center gap-2 text-[12px] font-medium text-slate-700" title={spec.doc}>
        <input type="checkbox" checked={current === true} onChange={(e) => useGraph.getState().setData(node.id, spec.name, e.target.checked)} />
        {spec.name}
        <span className="font-normal text-slate-500">— {spec.doc}</span>
      </label>
    );
  const commit = () => {
    if (text === shown) return setError(null);
    const t = text.trim();
    const v = t === "" && spec.kind === "axis" && spec.nullable ? null : t === "" ? NaN : Number(t);
    const problem = checkParam(spec, Number.isNaN(v) ? t : v, spec.name, node.type);
    if (problem) return setError(problem);
    setError(null);
    useGraph.getState().setData(node.id, spec.name, v);
  };
  return (
    <Field label={spec.name} id={id} error={error} hint={spec.doc}>
      <input
        id={id}
        type="text"
        inputMode={spec.kind === "number" ? "decimal" : "numeric"}
        value={text}
        placeholder={spec.kind === "axis" && spec.nullable ? "all axes" : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
        className={`w-24 rounded-md border px-2 py-1 font-mono text-[12px] outline-none focus:ring-2 ${error ? "border-red-400 focus:ring-red-200" : "border-slate-300 focus:border-sky-500 focus:ring-sky-200"}`}
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
      <h3 className="text-[12px] font-semibold text-slate-700">{t("wire.heading")}</h3>
      {op.inputs.map((p) => {
        const edge = doc.edges.find((e) => e.target === node.id && e.targetHandle === p.name);
        const id = `wire-${p.name}`;
        return (
          <div key={p.name} className="flex items-center gap-2">
            <label htmlFor={id} className="w-20 shrink-0 truncate font-mono text-[12px] text-slate-700" title={p.doc}>
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
              className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-1 py-0.5 font-mono text-[12px]"
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
      <p className="text-[11px] text-slate-500">{t("wire.hint")}</p>
    </section>
  );
}

function LabelField({ node }: { node: GraphNode }) {
  const shown = (node.data.label as string | undefined) ?? "";
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown, node.id]);
  const commit = () => text !== shown && useGraph.getState().setData(node.id, "label", text.trim() || undefined);
  return (
    <Field label="Label" id="node-label">
      <input
        id="node-label"
        value={text}
        placeholder={node.type}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === "Enter" && commit()}
        className="w-full rounded-md border border-slate-300 px-2 py-1 text-[12px] outline-none focus:border-sky-500 focus:ring-2 focus:ring-sky-200"
      />
    </Field>
  );
}

export function Inspector() {
  const selected = useGraph((s) => s.selectedNodes);
  const node = useGraph((s) => (s.selectedNodes.length === 1 ? s.doc.nodes.find((n) => n.id === s.selectedNodes[0]) : undefined));
  const view = useGraph((s) => (node ? s.derived.nodes.get(node.id) : undefined));
  const loss = useGraph((s) => s.derived.loss);
  const ms = useGraph((s) => s.derived.ms);
  const nodeCount = useGraph((s) => s.doc.nodes.length);
  const locked = useGraph(isLocked);

  if (!node) {
    return (
      <aside data-testid="inspector" aria-label="Inspector" className="flex h-full flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-white p-3 text-[13px] text-slate-600">
        <h2 className="text-sm font-semibold text-slate-800">{selected.length > 1 ? `${selected.length} nodes selected` : "Inspector"}</h2>
        <p>Select a node to see its parameters, its output and its gradient.</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[12px]">
          <dt className="text-slate-500" title="The scalar whose gradients the edges show: the loss, or the sum of seed ⊙ value over the outputs where backward starts">
            L (differentiated)
          </dt>
          <dd className="font-mono text-slate-800" data-testid="loss">{loss === null ? "—" : fmtFull(loss)}</dd>
          <dt className="text-slate-500">nodes</dt>
          <dd className="font-mono">{nodeCount}</dd>
          <dt className="text-slate-500">last run</dt>
          <dd className="font-mono" data-testid="run-ms">{ms.toFixed(2)} ms</dd>
        </dl>
        <div className="mt-2 rounded-md bg-slate-50 p-2 text-[12px] leading-relaxed">
          <p className="mb-1 font-medium text-slate-700">On every edge</p>
          <p>
            <span className="font-mono text-blue-700">blue</span>: the value flowing forward · <span className="font-mono text-orange-600">∂ orange</span>: the gradient flowing back.
          </p>
          <p className="mt-1">Hover or click an edge label to see the whole matrix.</p>
        </div>
      </aside>
    );
  }
  const op = getOp(node.type)!;
  return (
    <aside data-testid="inspector" aria-label="Inspector" className="flex h-full flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-white p-3">
      <header>
        <h2 className="text-sm font-semibold text-slate-800">
          {op.type} <span className="font-mono text-[12px] font-normal text-slate-400">{node.id}</span>
        </h2>
        <p className="text-[12px] text-slate-500">{op.summary}</p>
        <p className="mt-1 font-mono text-[11px] text-slate-500">{op.rule.forward}</p>
      </header>
      {/* a training run holds the document: the fields show it, and nothing here edits it */}
      <fieldset disabled={locked} className="flex min-w-0 flex-col gap-3 disabled:opacity-60">
        <LabelField node={node} />
        {op.params.map((p) => (p.kind === "tensor" ? <TensorField key={`${node.id}.${p.name}`} node={node} spec={p} /> : <ScalarField key={`${node.id}.${p.name}`} node={node} spec={p} />))}
        <PortSources node={node} />
      </fieldset>
      {view?.error && (
        <p role="alert" className="rounded-md bg-red-50 p-2 text-[12px] text-red-700">
          ⚠ {view.error}
        </p>
      )}
      {view?.status === "blocked" && !view.error && <p className="rounded-md bg-slate-50 p-2 text-[12px] text-slate-500">Not computed: a node upstream errs.</p>}
      <section className="flex flex-col gap-2">
        <h3 className="text-[12px] font-semibold text-slate-700">Output {view?.shape && <span className="font-mono font-normal text-slate-500">{view.shape}</span>}</h3>
        {view?.value ? <MatrixTable t={view.value} role="value" testId="inspector-value" /> : <p className="text-[12px] text-slate-400">—</p>}
        <h3 className="text-[12px] font-semibold text-slate-700">Gradient ∂L/∂out</h3>
        {view?.grad ? <MatrixTable t={view.grad} role="grad" testId="inspector-grad" /> : <p className="text-[12px] text-slate-400">{op.role === "sink" ? "an Output starts backward: see its input edge" : "no gradient reaches this node"}</p>}
      </section>
    </aside>
  );
}
