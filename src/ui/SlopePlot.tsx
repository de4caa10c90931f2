// The gradient as a slope, in the inspector of an Input or Param: the loss along the picked
// element (computed by the engine in the slope worker), the tangent whose slope is the gradient
// on the canvas, where the next optimizer step lands, and after Check ∂ the finite-difference
// slope beside the tangent with a per-element map of the check's relative errors. The numbers
// come from teach/slope.ts; this file only draws them.
import { useEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from "react";
import type { GraphDoc, GraphNode } from "../engine/graph";
import type { NodeCheck } from "../engine/gradcheck";
import { getOp } from "../engine/ops";
import { formatIndex, type Shape, type Tensor } from "../engine/tensor";
import { useT } from "../i18n";
import { engineText } from "../i18n/engineMessages";
import { fmt } from "../notation/numbers";
import { sameComputation } from "../state/doc";
import { useGraph } from "../state/store";
import { epsilonFor, errorMap, finiteRuns, gapRuns, flatIndex, indexOf, lossRange, nextStep, niceTicks, pickedElement, slopeRange, type ErrorMap, type Landing } from "../teach/slope";
import { requestSlope } from "../worker/slopeClient";
import { useSlopeFocus } from "./slopeFocus";
import { useTheme, type Theme } from "./theme";

/** A number that changes only when the computation does (a drag or a pan changes the document, not its numbers). */
let computations = 0;
function useComputationKey(doc: GraphDoc): number {
  const last = useRef<{ doc: GraphDoc; key: number } | null>(null);
  const l = last.current;
  if (!l || (l.doc !== doc && (!sameComputation(l.doc, doc) || l.doc.target !== doc.target))) last.current = { doc, key: ++computations };
  else last.current = { doc, key: l.key };
  return last.current.key;
}

/** What a curve was asked for, kept with its answer, so that what is drawn always belongs together. */
interface Snapshot {
  req: string;
  w: number;
  g: number | null;
  landing: Landing | null;
  landingOutside: boolean;
  xs: Float64Array;
  half: number;
  eps: number;
  ys: Float64Array;
  /** L at the landing point and at w + ε */
  atLanding: number;
  atEps: number;
  numeric: number | null;
  error: string | null;
  ms: number;
}

/** doublings of the range at most, where the loss is nearly straight (teach/slope.ts, widenForCurvature) */
const WIDEN = 3;

/** while training runs, a curve at most this often */
const TRAINING_EVERY_MS = 500;
let lastSent = -Infinity;

/** seq of the last badge request a plot has answered (scrolled to) */
let answeredFocus = 0;

export function SlopePlot({ node }: { node: GraphNode }) {
  const t = useT();
  const view = useGraph((s) => s.derived.nodes.get(node.id));
  if (!view?.value) return null;
  // no gradient (a loss's target t, or not revealed yet while stepping): there is no slope to show
  if (!view.grad)
    return (
      <section data-testid="slope" aria-label={t("slope.heading")} className="flex flex-col gap-1 rounded-md border border-slate-200 p-2 dark:border-slate-700">
        <h3 className="text-[12px] font-semibold text-slate-700 dark:text-slate-200">{t("slope.heading")}</h3>
        <p className="text-[12px] leading-snug text-slate-600 dark:text-slate-300" data-testid="slope-no-grad">
          {t("slope.noGrad")}
        </p>
      </section>
    );
  return <SlopeBody node={node} value={view.value} grad={view.grad} />;
}

function SlopeBody({ node, value, grad }: { node: GraphNode; value: Tensor; grad: Tensor | null }) {
  const t = useT();
  const doc = useGraph((s) => s.doc);
  const picked = useGraph((s) => s.picked);
  const optimizer = useGraph((s) => s.training.optimizer);
  const check = useGraph((s) => s.checks?.nodes.get(node.id));
  const tolerance = useGraph((s) => s.checks?.tolerance ?? 0);
  const key = useComputationKey(doc);
  const training = useGraph((s) => s.training.state === "running");
  const focus = useSlopeFocus();
  const box = useRef<HTMLElement>(null);

  const shape = value.shape;
  const { index, flat } = pickedElement(picked, node.id, shape);
  const w = value.data[flat];
  const g = grad ? grad.data[flat] : null;
  const wName = node.id + formatIndex(shape, flat);
  const trainable = !!getOp(node.type)?.trainable;
  const hasTarget = doc.target !== undefined && doc.target !== null;

  let landing: Landing | null = null, stepError: string | null = null;
  if (g !== null && Number.isFinite(g) && !hasTarget) {
    try {
      landing = nextStep(optimizer, doc.optimizer, node.id, flat, w, g);
    } catch (e) {
      stepError = engineText((e as Error).message);
    }
  }
  const range = useMemo(() => slopeRange(w, landing?.to ?? null), [w, landing?.to]);
  const eps = epsilonFor(range.half);
  const map = useMemo(() => (check ? errorMap(check) : null), [check]);
  const checkedNumeric = map && map.checked[flat] ? map.numeric[flat] : null;
  const needNumeric = !!check && check.relError !== null && g !== null && checkedNumeric === null;
  const req = `${key}|${node.id}|${flat}|${w}|${g}|${range.half}|${landing?.to}|${needNumeric}`;

  const [snap, setSnap] = useState<Snapshot | null>(null);
  useEffect(() => {
    let live = true;
    const at = { w, g, landing, eps };
    const request = { node: node.id, flat, w, half: range.half, widen: g !== null ? { slope: g, times: WIDEN } : null, extras: [landing?.to ?? w, w + eps], numeric: needNumeric ? { analytic: g! } : null };
    const send = () => {
      lastSent = performance.now();
      void requestSlope(key, useGraph.getState().doc, request).then((r) => {
        if (!live || !r) return;
        const outside = !!landing && Math.abs(landing.to - w) > r.half;
        setSnap({ req, ...at, xs: r.xs, ys: r.ys, half: r.half, landingOutside: outside, atLanding: r.extras[0], atEps: r.extras[1], numeric: r.numeric, error: r.error, ms: r.ms });
      });
    };
    // while training moves the Params many times a second, the curve follows a few times a second:
    // the slope worker would otherwise take the core the training worker runs on
    const wait = training ? Math.max(0, lastSent + TRAINING_EVERY_MS - performance.now()) : 0;
    const timer = wait > 0 ? setTimeout(send, wait) : (send(), null);
    return () => {
      live = false;
      if (timer) clearTimeout(timer);
    };
    // everything the request reads is in `req`
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [req]);

  // a check badge asked for this plot: bring it into view
  // (once the curve is there: scrolled before, the section would grow below the view)
  const ready = snap !== null;
  useEffect(() => {
    if (!ready || focus.node !== node.id || focus.seq <= answeredFocus || !box.current) return;
    answeredFocus = focus.seq;
    box.current.scrollIntoView({ block: "start" });
    box.current.focus({ preventScroll: true });
  }, [focus, node.id, ready]);

  const numeric = checkedNumeric ?? (snap && snap.req === req ? snap.numeric : null);
  const stale = !snap || snap.req !== req;
  return (
    <section ref={box} tabIndex={-1} data-testid="slope" aria-label={t("slope.heading")} className="flex flex-col gap-2 rounded-md border border-slate-200 p-2 outline-none focus-visible:ring-2 focus-visible:ring-sky-400 dark:border-slate-700">
      <h3 className="text-[12px] font-semibold text-slate-700 dark:text-slate-200">{t("slope.heading")}</h3>
      <p className="text-[11px] leading-snug text-slate-600 dark:text-slate-300">{t("slope.intro")}</p>
      {shape.length > 0 && <ElementChooser node={node.id} shape={shape} index={index} />}
      {snap === null ? (
        <p className="text-[12px] text-slate-600 dark:text-slate-300" role="status">
          {t("slope.computing")}
        </p>
      ) : snap.error ? (
        <p role="alert" className="text-[12px] text-red-700 dark:text-red-300">
          {t("slope.failed", { reason: engineText(snap.error) })}
        </p>
      ) : (
        <Curve snap={snap} wName={wName} numeric={check ? numeric : null} stale={stale} />
      )}
      {snap && !snap.error && <Sentences snap={snap} wName={wName} trainable={trainable} hasTarget={hasTarget} stepError={stepError} optimizerLr={optimizer.lr} />}
      {check && <CheckPart check={check} map={map} shape={shape} node={node.id} flat={flat} wName={wName} g={g} numeric={numeric} tolerance={tolerance} />}
    </section>
  );
}

// ---- choosing the element ----------------------------------------------------------------

function ElementChooser({ node, shape, index }: { node: string; shape: Shape; index: number[] }) {
  const t = useT();
  const names = shape.length === 1 ? [t("slope.index")] : shape.length === 2 ? [t("slope.row"), t("slope.column")] : shape.map((_, a) => t("slope.axis", { n: a }));
  const [texts, setTexts] = useState(index.map(String));
  const [error, setError] = useState<string | null>(null);
  const shown = index.join(",");
  useEffect(() => {
    setTexts(shown.split(","));
    setError(null);
  }, [shown, node]);
  const change = (a: number, text: string) => {
    const next = texts.map((x, i) => (i === a ? text : x));
    setTexts(next);
    const n = Number(text);
    if (text.trim() === "" || !Number.isInteger(n) || n < 0 || n >= shape[a]) {
      setError(t("slope.badIndex", { what: names[a], max: shape[a] - 1 }));
      return;
    }
    setError(null);
    // from the store's element now, not the one this render saw: two fields typed in quick succession both count
    const idx = pickedElement(useGraph.getState().picked, node, shape).index.map((x, i) => (i === a ? n : x));
    if (flatIndex(shape, idx) !== null) useGraph.getState().pick({ node, index: idx });
  };
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-[12px] text-slate-700 dark:text-slate-200">
        <span className="font-medium">{t("slope.element")}</span>
        {shape.map((size, a) => (
          <label key={a} className="flex items-center gap-1">
            {names[a]}
            <input
              type="number"
              min={0}
              max={size - 1}
              step={1}
              value={texts[a] ?? ""}
              data-testid={`slope-index-${a}`}
              aria-invalid={!!error}
              onChange={(e) => change(a, e.target.value)}
              className="w-12 rounded-md border border-slate-400 bg-white px-1 py-0.5 font-mono text-[12px] text-slate-900 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100"
            />
          </label>
        ))}
      </div>
      {error && (
        <p role="alert" data-testid="slope-index-error" className="text-[12px] text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}

// ---- the plot ----------------------------------------------------------------------------

const HEIGHT = 190;
/** margins: the left one grows with the y labels (0.000485 is wider than 20) */
const M0 = { l: 30, r: 10, t: 10, b: 34 };

/** The plot's width follows its box. */
function useWidth(ref: RefObject<HTMLDivElement | null>): number {
  const [w, setW] = useState(260);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => setW(Math.max(180, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return w;
}

const FD_CLASS = "stroke-emerald-700 dark:stroke-emerald-400";

function Curve({ snap, wName, numeric, stale }: { snap: Snapshot; wName: string; numeric: number | null; stale: boolean }) {
  const t = useT();
  const wrap = useRef<HTMLDivElement>(null);
  const width = useWidth(wrap);
  const { xs, ys, w, g, landing } = snap;
  const n = xs.length, mid = (n - 1) / 2;
  const Lw = ys[mid];
  const lo = xs[0], hi = xs[n - 1];
  const marks = [Lw, ...(landing && !snap.landingOutside ? [snap.atLanding] : [])];
  const yr = lossRange(ys, marks);
  const yt = yr ? niceTicks(yr.lo, yr.hi, 4) : [];
  const M = { ...M0, l: Math.max(M0.l, Math.ceil(Math.max(0, ...yt.map((v) => fmt(v).length)) * 6.6 + 10)) };
  const pw = width - M.l - M.r, ph = HEIGHT - M.t - M.b;
  const X = (x: number) => M.l + ((x - lo) / (hi - lo)) * pw;
  const Y = (y: number) => (yr ? M.t + (1 - (y - yr.lo) / (yr.hi - yr.lo)) * ph : M.t + ph / 2);
  const runs = finiteRuns(ys);
  const gaps = n - runs.reduce((a, [s, e]) => a + e - s + 1, 0);
  const line = (slope: number) => `M${X(lo)},${Y(Lw + slope * (lo - w))}L${X(hi)},${Y(Lw + slope * (hi - w))}`;
  const xt = niceTicks(lo, hi, Math.max(5, Math.floor(pw / 40)));
  const clip = `slope-clip-${useId()}`;
  const finiteW = Number.isFinite(Lw);
  return (
    <div ref={wrap} className={`w-full text-slate-600 transition-opacity dark:text-slate-300 ${stale ? "opacity-70" : ""}`}>
      <svg width={width} height={HEIGHT} role="img" aria-label={t("slope.plotLabel", { w: wName, value: fmt(w) })} data-testid="slope-plot" className="block">
        <defs>
          <clipPath id={clip}>
            <rect x={M.l} y={M.t} width={pw} height={ph} />
          </clipPath>
        </defs>
        {/* grid and ticks */}
        {xt.map((v) => (
          <g key={`x${v}`}>
            <line x1={X(v)} x2={X(v)} y1={M.t} y2={M.t + ph} stroke="currentColor" strokeOpacity={0.15} />
            <text x={X(v)} y={M.t + ph + 13} textAnchor="middle" fontSize={11} fill="currentColor" data-testid="slope-xtick">
              {fmt(v)}
            </text>
          </g>
        ))}
        {yt.map((v) => (
          <g key={`y${v}`}>
            <line x1={M.l} x2={M.l + pw} y1={Y(v)} y2={Y(v)} stroke="currentColor" strokeOpacity={0.15} />
            <text x={M.l - 4} y={Y(v) + 4} textAnchor="end" fontSize={11} fill="currentColor">
              {fmt(v)}
            </text>
          </g>
        ))}
        <rect x={M.l} y={M.t} width={pw} height={ph} fill="none" stroke="currentColor" strokeOpacity={0.4} />
        <text x={M.l + pw} y={HEIGHT - 4} textAnchor="end" fontSize={11} fill="currentColor" fontFamily="ui-monospace, monospace">
          {wName} →
        </text>
        <text x={4} y={M.t + 10} fontSize={11} fill="currentColor" fontStyle="italic">
          L
        </text>
        <g clipPath={`url(#${clip})`}>
          {/* where L is not finite: a pale red band, from halfway to the neighbouring finite points */}
          {gapRuns(runs, n).map(([s, e]) => {
            const x0 = s === 0 ? M.l : X((xs[s - 1] + xs[s]) / 2), x1 = e === n - 1 ? M.l + pw : X((xs[e] + xs[e + 1]) / 2);
            return <rect key={`gap${s}`} x={x0} y={M.t} width={x1 - x0} height={ph} className="fill-red-600/10 dark:fill-red-400/15" data-testid="slope-gap" />;
          })}
          {runs.map(([s, e]) =>
            s === e ? (
              <circle key={s} cx={X(xs[s])} cy={Y(ys[s])} r={1.5} style={{ fill: "var(--gf-value)" }} />
            ) : (
              <path key={s} d={Array.from({ length: e - s + 1 }, (_, k) => `${k ? "L" : "M"}${X(xs[s + k]).toFixed(1)},${Y(ys[s + k]).toFixed(1)}`).join("")} fill="none" strokeWidth={2} style={{ stroke: "var(--gf-value)" }} data-testid="slope-curve" />
            ),
          )}
          {g !== null && finiteW && <path d={line(g)} strokeWidth={3} strokeOpacity={0.85} fill="none" style={{ stroke: "var(--gf-grad)" }} data-testid="slope-tangent" data-slope={g} />}
          {numeric !== null && finiteW && Number.isFinite(numeric) && <path d={line(numeric)} strokeWidth={1.5} strokeDasharray="5 4" fill="none" className={FD_CLASS} data-testid="slope-numeric" data-slope={numeric} />}
          {landing && !snap.landingOutside && Number.isFinite(snap.atLanding) && (
            <g data-testid="slope-landing" data-x={landing.to}>
              <line x1={X(w)} x2={X(landing.to)} y1={M.t + ph - 6} y2={M.t + ph - 6} stroke="currentColor" strokeWidth={1.25} markerEnd="" />
              <path d={`M${X(landing.to)},${M.t + ph - 6}l${landing.to > w ? -5 : 5},-3.5v7z`} fill="currentColor" />
              <line x1={X(landing.to)} x2={X(landing.to)} y1={Y(snap.atLanding)} y2={M.t + ph - 6} stroke="currentColor" strokeDasharray="2 3" />
              <circle cx={X(landing.to)} cy={Y(snap.atLanding)} r={4.5} fill="none" stroke="currentColor" strokeWidth={2} />
            </g>
          )}
          {landing && snap.landingOutside && (
            <path data-testid="slope-landing" data-x={landing.to} d={landing.to > w ? `M${M.l + pw - 2},${M.t + ph - 6}l-8,-5v10z` : `M${M.l + 2},${M.t + ph - 6}l8,-5v10z`} fill="currentColor" />
          )}
          {finiteW && <circle cx={X(w)} cy={Y(Lw)} r={4} className="fill-slate-900 dark:fill-slate-50" data-testid="slope-point" />}
        </g>
      </svg>
      <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-[11px]">
        <li className="flex items-center gap-1">
          <Swatch style={{ stroke: "var(--gf-value)" }} width={2} />
          <span className="text-value">{t("slope.legendCurve", { w: wName })}</span>
        </li>
        {g !== null && (
          <li className="flex items-center gap-1">
            <Swatch style={{ stroke: "var(--gf-grad)" }} width={3} />
            <span className="text-grad">{t("slope.legendTangent", { g: fmt(g) })}</span>
          </li>
        )}
        {numeric !== null && (
          <li className="flex items-center gap-1" data-testid="slope-numeric-legend">
            <Swatch className={FD_CLASS} width={1.5} dash />
            <span className="text-emerald-800 dark:text-emerald-300">{t("slope.legendNumeric", { n: fmt(numeric) })}</span>
          </li>
        )}
        {landing && (
          <li className="flex items-center gap-1 text-slate-700 dark:text-slate-200">
            <svg width={12} height={12} aria-hidden>
              <circle cx={6} cy={6} r={4} fill="none" stroke="currentColor" strokeWidth={2} />
            </svg>
            {t("slope.legendStep")}
          </li>
        )}
      </ul>
      {gaps > 0 && (
        <p className="mt-1 text-[11px] text-red-700 dark:text-red-300" data-testid="slope-gaps">
          {runs.length === 0 ? t("slope.noLoss") : t("slope.gaps", { count: gaps, total: n })}
        </p>
      )}
    </div>
  );
}

function Swatch({ style, className, width, dash }: { style?: CSSProperties; className?: string; width: number; dash?: boolean }) {
  return (
    <svg width={18} height={8} aria-hidden>
      <line x1={1} x2={17} y1={4} y2={4} strokeWidth={width} strokeDasharray={dash ? "4 3" : undefined} style={style} className={className} />
    </svg>
  );
}

let ids = 0;
/** A stable id per component (React's useId gives colons, which url(#…) does not take) */
function useId(): number {
  const r = useRef(0);
  if (!r.current) r.current = ++ids;
  return r.current;
}

// ---- the sentences -----------------------------------------------------------------------

function Sentences({ snap, wName, trainable, hasTarget, stepError, optimizerLr }: { snap: Snapshot; wName: string; trainable: boolean; hasTarget: boolean; stepError: string | null; optimizerLr: unknown }) {
  const t = useT();
  const { g, w, eps, landing, ys, xs } = snap;
  const Lw = ys[(xs.length - 1) / 2];
  return (
    <div className="flex flex-col gap-1 text-[12px] leading-snug text-slate-800 dark:text-slate-100">
      {g === null ? (
        <p className="text-slate-600 dark:text-slate-300">{t("slope.noGrad")}</p>
      ) : (
        <p data-testid="slope-sentence">{t("slope.sentence", { w: wName, eps: fmt(eps), g: fmt(g), ge: fmt(g * eps), actual: fmt(snap.atEps - Lw) })}</p>
      )}
      {landing && (
        <p data-testid="slope-step">
          {t("slope.step", { type: landing.type, lr: typeof optimizerLr === "number" ? fmt(optimizerLr) : "—", w: wName, from: fmt(w), to: fmt(landing.to), before: fmt(Lw), after: fmt(snap.atLanding) })}
          {landing.t > 1 && ` ${t("slope.stepState", { t: landing.t })}`}
          {snap.landingOutside && ` ${t("slope.stepOutside")}`}
          {!trainable && ` ${t("slope.stepInput")}`}
        </p>
      )}
      {g !== null && hasTarget && <p className="text-slate-600 dark:text-slate-300">{t("slope.stepTarget")}</p>}
      {stepError && <p className="text-red-700 dark:text-red-300">{t("slope.stepFailed", { reason: stepError })}</p>}
      <p className="text-[11px] text-slate-600 dark:text-slate-400" data-testid="slope-range">
        {t("slope.range", { w: wName, half: fmt(snap.half), n: xs.length, ms: snap.ms })}
      </p>
    </div>
  );
}

// ---- the check, element by element -------------------------------------------------------

type RGB = [number, number, number];
const MAP: Record<Theme, { base: RGB; pass: RGB; fail: string; none: string }> = {
  light: { base: [236, 253, 245], pass: [4, 120, 87], fail: "rgb(185,28,28)", none: "rgb(226,232,240)" },
  dark: { base: [6, 78, 59], pass: [110, 231, 183], fail: "rgb(248,113,113)", none: "rgb(51,65,85)" },
};

/** Within the tolerance: from pale (exact) to deep (at the tolerance) on a log scale; beyond it, red; not checked, grey. */
function errColour(err: number, checked: boolean, tol: number, theme: Theme): string {
  const p = MAP[theme];
  if (!checked) return p.none;
  if (!(err <= tol)) return p.fail;
  const floor = -16, top = Math.log10(Math.max(tol, 1e-15));
  const f = err <= 0 ? 0 : Math.min(1, Math.max(0, (Math.log10(err) - floor) / (top - floor)));
  const mix = (i: number) => Math.round(p.base[i] + (p.pass[i] - p.base[i]) * f);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

const LIMIT = 40;

function CheckPart({ check, map, shape, node, flat, wName, g, numeric, tolerance }: { check: NodeCheck; map: ErrorMap | null; shape: Shape; node: string; flat: number; wName: string; g: number | null; numeric: number | null; tolerance: number }) {
  const t = useT();
  const theme = useTheme();
  const inMap = !!map && map.checked[flat] === 1;
  // the matrix view of the shape: the last axis across, the others folded into rows
  const cols = shape.length ? shape[shape.length - 1] : 1;
  const rows = cols ? (map?.err.length ?? 0) / cols : 0;
  const r = Math.min(rows, LIMIT), c = Math.min(cols, LIMIT);
  const cell = Math.max(10, Math.min(22, Math.floor(250 / Math.max(c, 1))));
  const pickAt = (i: number, j: number) => {
    const f = i * cols + j;
    useGraph.getState().pick({ node, index: indexOf(shape, f) });
  };
  return (
    <div className="flex flex-col gap-1.5 border-t border-slate-200 pt-2 dark:border-slate-700" data-testid="slope-check">
      <h4 className="text-[12px] font-semibold text-slate-700 dark:text-slate-200">{t("slope.checkHeading")}</h4>
      {check.note && <p className="text-[11px] text-slate-600 dark:text-slate-300">{engineText(check.note)}</p>}
      {g !== null && numeric !== null && (
        <p className="text-[12px] leading-snug text-slate-800 dark:text-slate-100" data-testid="slope-check-line">
          {t("slope.checkLine", { w: wName, a: fmt(g), n: fmt(numeric), err: fmt(Math.abs(g - numeric) / Math.max(1, Math.abs(g), Math.abs(numeric)), 2), tol: fmt(tolerance) })}
        </p>
      )}
      {map && !inMap && g !== null && <p className="text-[11px] text-slate-600 dark:text-slate-300">{t("slope.checkNow", { w: wName, checked: check.checked })}</p>}
      {map && map.err.length > 1 && (
        <>
          <p className="text-[11px] leading-snug text-slate-600 dark:text-slate-300">{t("slope.mapHint")}</p>
          <div className="max-h-64 max-w-full overflow-auto">
            {/* the cells are clicked with the pointer; the keyboard picks an element with the number fields above */}
            <div
              role="group"
              aria-label={t("slope.mapLabel", { node })}
              data-testid="slope-errors"
              className="grid w-max gap-px"
              style={{ gridTemplateColumns: `repeat(${c}, ${cell}px)` }}
              onClick={(e) => {
                const el = (e.target as HTMLElement).closest<HTMLElement>("[data-cell]");
                if (!el) return;
                const [i, j] = el.dataset.cell!.split(",").map(Number);
                pickAt(i, j);
              }}
            >
              {Array.from({ length: r * c }, (_, k) => {
                const i = Math.floor(k / c), j = k % c, f = i * cols + j;
                const checked = map.checked[f] === 1;
                const name = node + formatIndex(shape, f);
                return (
                  <div
                    key={k}
                    data-cell={`${i},${j}`}
                    data-testid="slope-error-cell"
                    data-index={indexOf(shape, f).join(",")}
                    data-error={checked ? map.err[f] : ""}
                    data-picked={f === flat ? "true" : undefined}
                    title={checked ? t("slope.cell", { w: name, err: fmt(map.err[f], 2) }) : t("slope.cellUnchecked", { w: name })}
                    className={`cursor-pointer ${f === flat ? "outline-2 outline-offset-[-2px] outline-slate-900 dark:outline-slate-50" : ""}`}
                    style={{ width: cell, height: cell, background: errColour(map.err[f], checked, tolerance, theme) }}
                  />
                );
              })}
            </div>
          </div>
          {(rows > r || cols > c) && <p className="text-[11px] text-slate-600 dark:text-slate-400">{t("matrix.showing", { r, c, rows, cols })}</p>}
          <ul className="flex flex-wrap gap-x-3 gap-y-0.5 text-[11px] text-slate-700 dark:text-slate-200">
            <li className="flex items-center gap-1">
              <span className="inline-block h-3 w-6 rounded-sm" style={{ background: `linear-gradient(to right, ${errColour(1e-16, true, tolerance, theme)}, ${errColour(tolerance, true, tolerance, theme)})` }} />
              {t("slope.legendPass", { tol: fmt(tolerance) })}
            </li>
            <li className="flex items-center gap-1">
              <span className="inline-block h-3 w-3 rounded-sm" style={{ background: MAP[theme].fail }} />
              {t("slope.legendFail")}
            </li>
            <li className="flex items-center gap-1">
              <span className="inline-block h-3 w-3 rounded-sm" style={{ background: MAP[theme].none }} />
              {t("slope.legendUnchecked")}
            </li>
          </ul>
        </>
      )}
    </div>
  );
}
