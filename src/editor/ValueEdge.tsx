// The one edge component: a wire with a label showing the value it carries (blue) and the
// gradient flowing back (orange, ∂). Hover shows the full matrices; a click pins them.
import { memo, useLayoutEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { BaseEdge, getBezierPath, useStore, type EdgeProps, type ReactFlowState } from "@xyflow/react";
import type { Tensor } from "../engine/tensor";
import { useGraph } from "../state/store";
import { brief, hasNonFinite, isScalar } from "../notation/numbers";
import { MatrixTable } from "./MatrixTable";
import { forgetLabel, reportLabel, usePlace } from "./labelPlaces";
import { wirePoint } from "./labelLayout";
import { Popover } from "./Popover";
import { TensorHeatmap, type Role } from "./TensorHeatmap";
import { useT } from "../i18n";
import { useTheme } from "../ui/theme";
import { LABEL_MIN_ZOOM, useLowZoom } from "./lowZoom";

/**
 * The layer React Flow's EdgeLabelRenderer portals into, looked up once per flow: its own
 * selector runs querySelector on every store update for every edge, which made a pan over a
 * large graph crawl.
 */
const labelLayers = new WeakMap<HTMLElement, HTMLElement>();
function labelLayer(s: ReactFlowState): HTMLElement | null {
  const root = s.domNode;
  if (!root) return null;
  let layer = labelLayers.get(root);
  if (!layer?.isConnected) {
    layer = root.querySelector<HTMLElement>(".react-flow__edgelabel-renderer") ?? undefined;
    if (layer) labelLayers.set(root, layer);
  }
  return layer ?? null;
}

/** the differentiated node's name when one is chosen (Differentiate), else null: gradients of the loss need no name */
const targetName = (s: { doc: { target?: string; nodes: readonly { id: string; data: Record<string, unknown> }[] } }) => {
  const id = s.doc.target;
  if (id === undefined) return null;
  const n = s.doc.nodes.find((x) => x.id === id);
  return n && typeof n.data.label === "string" && n.data.label.trim() ? n.data.label.trim() : id;
};

/** `of`: what the gradient is of, when it is not the loss (∂z/∂·) */
const Part = memo(function Part({ t, role, of }: { t: Tensor | null; role: Role; of?: string | null }) {
  const colour = role === "value" ? "text-value" : "text-grad";
  if (!t) return <span data-role={role} className="hidden" />;
  const bad = hasNonFinite(t);
  return (
    <span data-role={role} className={`inline-flex items-center gap-1 ${colour} ${bad ? "rounded bg-red-100 px-0.5 font-bold text-red-700 ring-1 ring-red-400 dark:bg-red-950 dark:text-red-200" : ""}`}>
      {role === "grad" && (
        <span aria-hidden>
          ∂{of && <sub className="text-[11px]">{of}</sub>}
        </span>
      )}
      <span data-text>{brief(t)}</span>
      {!isScalar(t) && <TensorHeatmap t={t} role={role} size={30} maxCells={12} />}
    </span>
  );
});

export { LABEL_MIN_ZOOM } from "./lowZoom";
/** Bucketed zoom, so that labels re-render on a zoom step, not on every frame of a zoom. */
const zoomBucket = (s: ReactFlowState) => Math.round(s.transform[2] * 20) / 20;

export const ValueEdge = memo(function ValueEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, selected }: EdgeProps) {
  const tr = useT();
  const dark = useTheme() === "dark";
  const view = useGraph((s) => s.derived.edges.get(id));
  const source = useGraph((s) => s.doc.edges.find((e) => e.id === id)?.source);
  const of = useGraph(targetName);
  const layer = useStore(labelLayer);
  const [hover, setHover] = useState(false);
  const [pinned, setPinned] = useState(false);
  const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const zoom = useStore(zoomBucket);
  const low = useLowZoom();
  // at screen size: a label never shrinks below its size at zoom 1
  const scale = zoom < 1 ? 1 / Math.max(zoom, LABEL_MIN_ZOOM) : 1;
  const place = usePlace(id);
  const [labelX, labelY] = place ? [place.x, place.y] : wirePoint(sourceX, sourceY, targetX, targetY, 0.62);
  const box = useRef<HTMLButtonElement>(null);
  const value = view?.value ?? null, grad = view?.grad ?? null;
  const open = (hover || pinned) && (value || grad);
  const current = view?.current;
  // nothing to show (the source errs, or stepping has not reached the wire): no label, rather than an empty box
  const empty = !value && !grad;
  // report the wire's ends and the label's size (in flow units) to the placement of all labels; an empty one is 0 × 0
  useLayoutEffect(() => {
    const el = box.current;
    if (el) reportLabel({ id, sx: sourceX, sy: sourceY, tx: targetX, ty: targetY, width: el.offsetWidth * scale, height: el.offsetHeight * scale, unit: scale, first: !!current });
  });
  useLayoutEffect(() => () => forgetLabel(id), [id]);
  const leader = place?.leader;
  const target = `calc(24px / (var(--gf-zoom, 1) * ${scale}))`;
  const label = (
    <div
      className="nodrag nopan absolute"
      style={{
        transform: `translate(${labelX}px, ${labelY}px) translate(-50%, -50%) scale(${scale})`,
        pointerEvents: "all",
        zIndex: open ? 1000 : undefined,
        visibility: zoom < LABEL_MIN_ZOOM && !current ? "hidden" : undefined,
      }}
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
    >
      <button
        ref={box}
        type="button"
        data-testid="edge-label"
        data-edge-id={id}
        onClick={() => setPinned((p) => !p)}
        aria-label={tr("edge.label", { id, value: value ? brief(value) : tr("edge.notComputed"), grad: grad ? brief(grad) : tr("edge.none") })}
        // the target is 24 × 24 px on screen at any zoom (WCAG 2.5.8) and clear; the chip inside is as big as its text. The label
        // is drawn at zoom × scale, so 24 px over that: not over the zoom alone, which below zoom 1 (scale 1 / zoom) made a
        // 54 px target at 0.44 that was placed as the label, its chip floating in the middle of it, far from its wire
        style={{ minWidth: target, minHeight: target }}
        className={`group items-center justify-center rounded-md outline-none ${empty ? "hidden" : "flex"}`}
      >
        <span className={`flex flex-col items-start gap-0.5 rounded-md border bg-white/95 px-1.5 py-0.5 font-mono text-[11px] leading-tight shadow-sm group-focus-visible:ring-2 group-focus-visible:ring-sky-500 dark:bg-slate-800/95 ${current ? "border-amber-500" : "border-slate-300 dark:border-slate-600"}`}>
          <Part t={value} role="value" />
          <Part t={grad} role="grad" of={of} />
        </span>
      </button>
      {open && (
        <Popover anchor={box} onLeave={() => setHover(false)} onEnter={() => setHover(true)}>
          {value && <MatrixTable t={value} role="value" pick={source} />}
          {grad && of && <p className="mt-1 text-[11px] text-grad-strong">{tr("explainView.what", { of })}</p>}
          {grad && <MatrixTable t={grad} role="grad" pick={source} />}
        </Popover>
      )}
    </div>
  );
  const labelShown = zoom >= LABEL_MIN_ZOOM || !!current || !!open;
  const stroke = selected ? (dark ? "#f1f5f9" : "#0f172a") : current ? "#f59e0b" : dark ? "#64748b" : "#94a3b8";
  return (
    <>
      {/* zoomed out, the canvas's picture draws the wire (LowZoomCanvas.tsx); the selected or current one is drawn here, over it,
          and every other one is only a target for clicks (a hidden stroke still takes the pointer, and paints nothing) */}
      {low && !selected && !current && <path d={path} fill="none" stroke="black" strokeWidth={20} visibility="hidden" pointerEvents="stroke" className="react-flow__edge-interaction" />}
      {(!low || selected || current) && <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke, strokeWidth: selected || current ? 2.5 : 1.6 }} />}
      {/* a label that could not sit on or beside its wire is tied to it: a dot on the wire and a dashed line (not a wire) to the label */}
      {leader && !empty && (zoom >= LABEL_MIN_ZOOM || current) && (
        <g data-testid="edge-leader" data-edge-id={id} pointerEvents="none">
          <line x1={leader.x1} y1={leader.y1} x2={leader.x2} y2={leader.y2} stroke={stroke} strokeWidth={1.25} strokeDasharray="3 2" vectorEffect="non-scaling-stroke" />
          <circle cx={leader.x1} cy={leader.y1} r={2.5 * scale} fill={stroke} />
        </g>
      )}
      {/* below LABEL_MIN_ZOOM a label is not made at all (it would be hidden): only the current step's, or one open */}
      {layer && labelShown && createPortal(label, layer)}
    </>
  );
});
