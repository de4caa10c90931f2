// The one edge component: a wire with a label showing the value it carries (blue) and the
// gradient flowing back (orange, ∂). Hover shows the full matrices; a click pins them.
import { memo, useState } from "react";
import { createPortal } from "react-dom";
import { BaseEdge, getBezierPath, useStore, type EdgeProps, type ReactFlowState } from "@xyflow/react";
import type { Tensor } from "../engine/tensor";
import { useGraph } from "../state/store";
import { brief, hasNonFinite, isScalar } from "../notation/numbers";
import { MatrixTable } from "./MatrixTable";
import { TensorHeatmap, type Role } from "./TensorHeatmap";
import { useT } from "../i18n";
import { useTheme } from "../ui/theme";

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

const Part = memo(function Part({ t, role }: { t: Tensor | null; role: Role }) {
  const colour = role === "value" ? "text-value" : "text-grad";
  if (!t) return <span data-role={role} className="hidden" />;
  const bad = hasNonFinite(t);
  return (
    <span data-role={role} className={`inline-flex items-center gap-1 ${colour} ${bad ? "rounded bg-red-100 px-0.5 font-bold text-red-700 ring-1 ring-red-400 dark:bg-red-950 dark:text-red-200" : ""}`}>
      {role === "grad" && <span aria-hidden>∂</span>}
      <span data-text>{brief(t)}</span>
      {!isScalar(t) && <TensorHeatmap t={t} role={role} size={30} maxCells={12} />}
    </span>
  );
});

/** React Flow's control offset for a bezier edge (curvature 0.25), left-to-right ports. */
const controlOffset = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));
const LABEL_AT = 0.62;

/**
 * Where the label sits: on the wire, past its middle towards the input it feeds. The wires of
 * one output to several inputs share their first half, so labels at the midpoint would pile up.
 */
function labelPoint(sx: number, sy: number, tx: number, ty: number): [number, number] {
  const o = controlOffset(tx - sx);
  const t = LABEL_AT, u = 1 - t;
  const b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
  return [b0 * sx + b1 * (sx + o) + b2 * (tx - o) + b3 * tx, (b0 + b1) * sy + (b2 + b3) * ty];
}

export const ValueEdge = memo(function ValueEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, markerEnd, selected }: EdgeProps) {
  const tr = useT();
  const dark = useTheme() === "dark";
  const view = useGraph((s) => s.derived.edges.get(id));
  const layer = useStore(labelLayer);
  const [hover, setHover] = useState(false);
  const [pinned, setPinned] = useState(false);
  const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const [labelX, labelY] = labelPoint(sourceX, sourceY, targetX, targetY);
  const value = view?.value ?? null, grad = view?.grad ?? null;
  const open = (hover || pinned) && (value || grad);
  const current = view?.current;
  const label = (
    <div
      className="nodrag nopan absolute"
      style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, pointerEvents: "all", zIndex: open ? 1000 : undefined }}
      onMouseEnter={() => setHover(true)}
      onMouseLeave={() => setHover(false)}
    >
      <button
        type="button"
        data-testid="edge-label"
        data-edge-id={id}
        onClick={() => setPinned((p) => !p)}
        aria-label={tr("edge.label", { id, value: value ? brief(value) : tr("edge.notComputed"), grad: grad ? brief(grad) : tr("edge.none") })}
        // the target is at least 24 × 24 px on screen at any zoom (WCAG 2.5.8) and clear; the chip inside is as big as its text
        className="group flex min-h-[calc(24px/var(--gf-zoom,1))] min-w-[calc(24px/var(--gf-zoom,1))] items-center justify-center rounded-md outline-none"
      >
        <span className={`flex flex-col items-start gap-0.5 rounded-md border bg-white/95 px-1.5 py-0.5 font-mono text-[11px] leading-tight shadow-sm group-focus-visible:ring-2 group-focus-visible:ring-sky-500 dark:bg-slate-800/95 ${current ? "border-amber-500" : "border-slate-300 dark:border-slate-600"}`}>
          <Part t={value} role="value" />
          <Part t={grad} role="grad" />
          {!value && !grad && <span className="text-slate-600 dark:text-slate-400" aria-hidden>·</span>}
        </span>
      </button>
      {open && (
        <div data-testid="matrix-popover" className="absolute left-1/2 top-full z-50 mt-1 flex w-max max-w-[560px] -translate-x-1/2 flex-col gap-2 rounded-lg border border-slate-200 bg-white p-2 shadow-xl dark:border-slate-600 dark:bg-slate-800">
          {value && <MatrixTable t={value} role="value" />}
          {grad && <MatrixTable t={grad} role="grad" />}
        </div>
      )}
    </div>
  );
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke: selected ? (dark ? "#f1f5f9" : "#0f172a") : current ? "#f59e0b" : dark ? "#64748b" : "#94a3b8", strokeWidth: selected || current ? 2.5 : 1.6 }} />
      {layer && createPortal(label, layer)}
    </>
  );
});
