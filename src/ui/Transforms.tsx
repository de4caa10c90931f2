// The inspector's graph transforms (issue 13): Unroll an RNN cell over T steps and Roll it up
// again, the chart of |∂L/∂h_t| with a slider on a shared Param's scale, and Expand to scalars.
// Each transform is the engine's (engine/transforms); here it is offered, refused with the
// engine's reason where it happened, laid out and committed as one undo step (transformActions).
import { useDeferredValue, useMemo, useState } from "react";
import type { GraphNode } from "../engine/graph";
import type { Program } from "../engine/executor";
import { EXPANDABLE, expandToScalars, firstToLastRatio, gradientNormsOverTime, MAX_STEPS, normsAtScale, rollUp, SCALE_MAX, SCALE_MIN, scaleParam, unrolledAt, unrollRNN } from "../engine/transforms";
import { explainStep } from "../teach/explain";
import { isLocked, useGraph } from "../state/store";
import { useT } from "../i18n";
import { engineText } from "../i18n/engineMessages";
import { fmt } from "../notation/numbers";
import { commitTransformed } from "./transformActions";

const btn =
  "rounded-md border border-slate-400 bg-white px-2 py-1 text-[12px] font-medium text-slate-800 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100 dark:hover:bg-slate-700";
const section = "flex flex-col gap-1.5 rounded-md border border-slate-200 p-2 dark:border-slate-700";
const heading = "text-[12px] font-semibold text-slate-700 dark:text-slate-200";
const note = "text-[11px] leading-snug text-slate-600 dark:text-slate-300";
const alert = "text-[12px] leading-snug text-red-700 dark:text-red-300";

const nameOf = (node: GraphNode) => (node.data.label as string | undefined) ?? node.id;

/** Everything the inspector offers for this node: one line in the inspector renders it. */
export function NodeTransforms({ node }: { node: GraphNode }) {
  const program = useGraph((s) => s.derived.program);
  const edges = useGraph((s) => s.doc.edges);
  const groups = useGraph((s) => s.doc.groups);
  // the unrolled cell changes with the wires and groups, not with a drag (positions)
  const unrolled = useMemo(() => unrolledAt(useGraph.getState().doc, node.id), [edges, groups, node.id]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <>
      {node.type === "RNN" && !unrolled && <Unroll node={node} />}
      {unrolled && program && <Unrolled key={unrolled.groupId} at={unrolled} program={program} selected={node.id} />}
      {EXPANDABLE[node.type] && <Expand node={node} program={program} />}
    </>
  );
}

// ---- Unroll ----------------------------------------------------------------------------------

function Unroll({ node }: { node: GraphNode }) {
  const t = useT();
  const locked = useGraph(isLocked);
  const [text, setText] = useState("4");
  const [error, setError] = useState<string | null>(null);
  const unroll = async () => {
    const T = text.trim() === "" ? NaN : Number(text);
    if (Number.isNaN(T)) return setError(t("transform.stepsNeeded", { max: MAX_STEPS }));
    const r = unrollRNN(useGraph.getState().doc, node.id, T);
    if (!r.ok) return setError(engineText(r.reason));
    setError(null);
    await commitTransformed(r.doc, { groupId: r.groupId, groupLabel: t("transform.unrolledGroup", { label: nameOf(node), T }), select: [node.id] });
  };
  return (
    <section aria-label={t("transform.unrollHeading")} className={section}>
      <h3 className={heading}>{t("transform.unrollHeading")}</h3>
      <p className={note}>{t("transform.unrollHint")}</p>
      <div className="flex items-end gap-2">
        <div className="flex flex-col gap-0.5">
          <label htmlFor="unroll-steps" className="text-[12px] text-slate-700 dark:text-slate-200">
            {t("transform.steps")}
          </label>
          <input
            id="unroll-steps"
            type="number"
            min={2}
            max={MAX_STEPS}
            step={1}
            value={text}
            aria-invalid={!!error}
            aria-describedby={error ? "unroll-error" : undefined}
            onChange={(e) => {
              setText(e.target.value);
              setError(null);
            }}
            onKeyDown={(e) => e.key === "Enter" && void unroll()}
            className={`w-20 rounded-md border bg-white px-2 py-1 font-mono text-[12px] text-slate-900 dark:bg-slate-800 dark:text-slate-100 ${error ? "border-red-500" : "border-slate-400 dark:border-slate-500"}`}
          />
        </div>
        <button type="button" className={btn} disabled={locked} onClick={() => void unroll()}>
          {t("transform.unroll")}
        </button>
      </div>
      {error && (
        <p id="unroll-error" role="alert" data-testid="unroll-error" className={alert}>
          {error}
        </p>
      )}
    </section>
  );
}

// ---- an unrolled cell: Roll up, the sums over time, the chart ------------------------------------

function Unrolled({ at, program, selected }: { at: NonNullable<ReturnType<typeof unrolledAt>>; program: Program; selected: string }) {
  const t = useT();
  const locked = useGraph(isLocked);
  const [error, setError] = useState<string | null>(null);
  const T = at.steps.length;
  const up = async () => {
    const r = rollUp(useGraph.getState().doc, at.groupId);
    if (!r.ok) return setError(engineText(r.reason));
    setError(null);
    await commitTransformed(r.doc, { select: [r.rnnId] });
  };
  return (
    <section aria-label={t("transform.unrolledHeading", { T })} data-testid="unrolled" className={section}>
      <div className="flex items-center justify-between gap-2">
        <h3 className={heading}>{t("transform.unrolledHeading", { T })}</h3>
        <button type="button" className={btn} disabled={locked} title={t("transform.rollUpHint")} onClick={() => void up()}>
          {t("transform.rollUp")}
        </button>
      </div>
      <TimeChart key={selected} at={at} program={program} selected={selected} />
      <p className={note}>{t("transform.sharedHint", { T })}</p>
      <SharedSums at={at} program={program} />
      {error && (
        <p role="alert" data-testid="rollup-error" className={alert}>
          {error}
        </p>
      )}
    </section>
  );
}

/** Each shared weight's gradient as the sum of its steps' shares: the step panel's fan-out line. */
function SharedSums({ at, program }: { at: NonNullable<ReturnType<typeof unrolledAt>>; program: Program }) {
  const t = useT();
  const lines = useMemo(() => {
    const doc = useGraph.getState().doc;
    return at.weights.map((w) => ({ ...w, line: explainStep(program, doc, { kind: "backward", nodeId: w.param }).fanOut ?? null }));
  }, [at, program]);
  return (
    <div className="flex flex-col gap-1">
      <h4 className="text-[11px] font-semibold text-slate-700 dark:text-slate-200">{t("transform.sumsHeading")}</h4>
      {lines.map((l) =>
        l.line ? (
          <p key={l.port} data-testid="shared-sum" data-param={l.param} className="break-words rounded bg-orange-50 px-1.5 py-1 font-mono text-[11px] leading-snug text-grad-strong dark:bg-orange-950/60">
            {l.line}
          </p>
        ) : null,
      )}
    </div>
  );
}

function TimeChart({ at, program, selected }: { at: NonNullable<ReturnType<typeof unrolledAt>>; program: Program; selected: string }) {
  const t = useT();
  const locked = useGraph(isLocked);
  const choices = at.weights;
  // the selected weight's scale, or Wh's (the recurrence: what makes gradients vanish or explode)
  const [param, setParam] = useState(() => choices.find((w) => w.param === selected)?.param ?? choices.find((w) => w.port === "Wh")?.param ?? choices[0]?.param ?? "");
  const [s, setS] = useState(1);
  const base = useMemo(() => gradientNormsOverTime(program, at.steps), [program, at]);
  // a preview: the document is not touched until Apply (one undo step). A run per position of the
  // slider (0.3 ms at T = 4, 15 ms at T = 64): deferred, so the thumb never waits for the chart
  const shown = useDeferredValue(s);
  const norms = useMemo(() => (shown === 1 ? base : normsAtScale(useGraph.getState().doc, at.steps, param, shown)), [program, at, param, shown, base]); // eslint-disable-line react-hooks/exhaustive-deps
  const ratio = firstToLastRatio(norms);
  const verdict = ratio === null ? null : ratio < 0.1 ? "vanishing" : ratio > 10 ? "exploding" : "kept";
  const paramName = choices.find((w) => w.param === param)?.port ?? param;
  const apply = () => {
    const st = useGraph.getState();
    st.commit(scaleParam(st.doc, param, s));
    setS(1);
  };
  return (
    <div className="flex flex-col gap-1.5">
      <h4 className="text-[11px] font-semibold text-slate-700 dark:text-slate-200">{t("transform.chartHeading")}</h4>
      <Bars norms={norms} base={shown === 1 ? null : base} />
      <p data-testid="grad-ratio" className={note}>
        {ratio === null ? t("transform.ratioNone") : t(`transform.ratio.${verdict}`, { ratio: fmt(ratio), T: at.steps.length })}
      </p>
      <div className="flex items-center gap-2">
        <label htmlFor="scale-param" className="text-[12px] text-slate-700 dark:text-slate-200">
          {t("transform.scaleOf")}
        </label>
        <select
          id="scale-param"
          value={param}
          onChange={(e) => {
            setParam(e.target.value);
            setS(1);
          }}
          className="rounded-md border border-slate-400 bg-white px-1 py-0.5 font-mono text-[12px] text-slate-900 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100"
        >
          {choices.map((w) => (
            <option key={w.port} value={w.param}>
              {w.param === w.port ? w.port : `${w.port} (${w.param})`}
            </option>
          ))}
        </select>
        <output htmlFor="scale-slider" data-testid="scale-value" className="ml-auto font-mono text-[12px] text-slate-800 dark:text-slate-100">
          × {s.toFixed(2)}
        </output>
      </div>
      <input
        id="scale-slider"
        type="range"
        min={SCALE_MIN}
        max={SCALE_MAX}
        step={0.05}
        value={s}
        aria-label={`Scale of ${paramName}`}
        aria-valuetext={`× ${s.toFixed(2)}`}
        onChange={(e) => setS(Number(e.target.value))}
        className="w-full accent-orange-600"
      />
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={btn} disabled={locked || s === 1} onClick={apply}>
          {t("transform.apply", { param: paramName, s: s.toFixed(2) })}
        </button>
        <button type="button" className={btn} disabled={s === 1} onClick={() => setS(1)}>
          {t("transform.reset")}
        </button>
      </div>
      <p className={note}>{t("transform.previewHint")}</p>
    </div>
  );
}

/** |∂L/∂h_t| as bars, t = 1 … T left to right; the document's own (×1) as outlines behind a preview. */
function Bars({ norms, base }: { norms: (number | null)[]; base: (number | null)[] | null }) {
  const t = useT();
  const T = norms.length;
  const W = 260, H = 120, top = 16, bottom = 18, left = 4, right = 4;
  const finite = (xs: (number | null)[] | null) => (xs ?? []).filter((x): x is number => x !== null && Number.isFinite(x));
  const max = Math.max(...finite(norms), ...finite(base), 0);
  const slot = (W - left - right) / T, bw = Math.max(2, slot * 0.7);
  const y = (v: number) => top + (H - top - bottom) * (1 - (max > 0 ? v / max : 0));
  const showValues = T <= 8;
  const labelEvery = Math.ceil(T / 8);
  const described = norms.map((n, i) => `t=${i + 1}: ${n === null ? "—" : fmt(n)}`).join(", ");
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="w-full" role="img" aria-label={t("transform.chartLabel", { values: described })} data-testid="grad-chart" data-norms={norms.map((n) => (n === null ? "null" : String(n))).join(",")}>
      <line x1={left} x2={W - right} y1={H - bottom} y2={H - bottom} className="stroke-slate-400 dark:stroke-slate-500" strokeWidth={1} />
      {norms.map((n, i) => {
        const x = left + i * slot + (slot - bw) / 2;
        const b = base?.[i];
        return (
          <g key={i}>
            {b !== undefined && b !== null && Number.isFinite(b) && <rect x={x} width={bw} y={y(b)} height={H - bottom - y(b)} fill="none" strokeDasharray="3 2" className="stroke-slate-500 dark:stroke-slate-400" strokeWidth={1} />}
            {n !== null && Number.isFinite(n) && <rect data-testid="grad-bar" x={x} width={bw} y={y(n)} height={Math.max(0, H - bottom - y(n))} className="fill-grad" opacity={0.85} />}
            {showValues && n !== null && (
              <text x={x + bw / 2} y={Math.max(10, y(n) - 3)} textAnchor="middle" fontSize={9} className="fill-slate-700 dark:fill-slate-200 font-mono">
                {fmt(n, 2)}
              </text>
            )}
            {i % labelEvery === 0 && (
              <text x={x + bw / 2} y={H - 5} textAnchor="middle" fontSize={10} className="fill-slate-600 dark:fill-slate-300">
                h{sub(i + 1)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const sub = (n: number) => String(n).replace(/\d/g, (d) => SUB[Number(d)]);

// ---- Expand to scalars ---------------------------------------------------------------------------

function Expand({ node, program }: { node: GraphNode; program: Program | null }) {
  const t = useT();
  const locked = useGraph(isLocked);
  const groups = useGraph((s) => s.doc.groups);
  // whether it expands, and into how many nodes, changes with the computation (not with a drag)
  const check = useMemo(() => {
    const doc = useGraph.getState().doc;
    const r = expandToScalars(doc, node.id);
    return r.ok ? { ok: true as const, added: r.doc.nodes.length - doc.nodes.length + 1 } : r;
  }, [program, groups, node.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const expand = async () => {
    const r = expandToScalars(useGraph.getState().doc, node.id);
    if (!r.ok) return;
    await commitTransformed(r.doc, { groupId: r.groupId, groupLabel: t("transform.scalarsGroup", { label: nameOf(node) }), select: [], elk: true });
  };
  return (
    <section aria-label={t("transform.expandHeading")} className={section}>
      <h3 className={heading}>{t("transform.expandHeading")}</h3>
      <p className={note}>{t("transform.expandHint")}</p>
      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className={btn} disabled={locked || !check.ok} aria-describedby="expand-why" onClick={() => void expand()}>
          {t("transform.expand")}
        </button>
        <span id="expand-why" data-testid="expand-why" className={check.ok ? note : alert}>
          {check.ok ? t("transform.expandCount", { count: check.added }) : engineText(check.reason)}
        </span>
      </div>
    </section>
  );
}
