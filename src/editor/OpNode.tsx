// The one node component, driven by the op registry: name or label, input ports by name,
// `out`, the output's shape, a compact preview of the value, and the error if it errs.
import { memo, useEffect, useRef } from "react";
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { getOp } from "../engine/ops";
import type { OpSpec } from "../engine/ops/types";
import { useGraph } from "../state/store";
import { fmt, hasNonFinite, isScalar } from "../notation/numbers";
import { GROUP_ACCENT } from "./groups";
import { TensorHeatmap } from "./TensorHeatmap";
import { useT } from "../i18n";
import { engineText } from "../i18n/engineMessages";
import { openSlope } from "../ui/slopeFocus";
import { useLowZoom } from "./lowZoom";

export interface OpNodeData extends Record<string, unknown> {
  type: string;
  label?: string;
}

/**
 * A node zoomed out below any readable text (lowZoom.ts): its box, accent, ports and the selection,
 * error and step marks, in one element and its handles; a node with none of those marks is a clear
 * box over the canvas's picture of it. The ports sit where the full node has
 * them (rows of 16 px, 4 px apart, from TOP down), so the wires stay where they were. In light
 * mode its box is filled grey: a white box on the near-white pane, its 1 px border under a third
 * of a pixel at these zooms, could not be seen at all.
 */
function SimpleNode({ op, current, selected, error }: { op: OpSpec; current: boolean; selected: boolean; error: boolean }) {
  const n = op.inputs.length;
  const rows = Math.max(16, 20 * n - 4);
  // a node with nothing to mark is drawn by the canvas's picture (LowZoomCanvas.tsx): here it is a clear box that takes clicks and drags
  const plain = !current && !selected && !error;
  return (
    <div
      className={`gf-node gf-simple relative min-w-[132px] rounded-lg border ${plain ? "gf-plain border-transparent" : ""} ${current ? "gf-current" : ""} ${selected ? "border-slate-900 bg-white ring-2 ring-slate-900/20 dark:border-slate-100 dark:bg-slate-800 dark:ring-slate-100/30" : error ? "border-red-500 bg-red-50 dark:bg-red-950" : current ? "border-slate-400 bg-slate-200 dark:border-slate-600 dark:bg-slate-800" : ""}`}
      style={{ borderTop: `3px solid ${plain ? "transparent" : accent(op)}`, height: TOP + 4 + rows + 21 }}
    >
      {/* placed by left/top rather than React Flow's centring transform: a transform apiece made the
          browser sort thousands more layers on every frame of a pan */}
      {op.inputs.map((p, i) => (
        <Handle key={p.name} type="target" position={Position.Left} id={p.name} className="gf-handle" style={{ left: -1 - HANDLE / 2, top: TOP + 20 * i + 8 - HANDLE / 2, transform: "none" }} />
      ))}
      {op.role !== "sink" && <Handle type="source" position={Position.Right} id="out" className="gf-handle" style={{ right: -1 - HANDLE / 2, top: TOP + rows / 2 - HANDLE / 2, transform: "none" }} />}
    </div>
  );
}
const accent = (op: OpSpec) => GROUP_ACCENT[op.group];
/** where the full node's first row of ports starts, below its top border (measured: e2e/lowzoom.spec.ts holds the two to the same place) */
const TOP = 26;
/** a port's size (index.css, .gf-handle) */
const HANDLE = 10;

export const OpNode = memo(function OpNode({ id, data, selected }: NodeProps) {
  const t = useT();
  const { type, label } = data as OpNodeData;
  const op = getOp(type)!;
  // a node that keeps its id but changes its op (Expand to scalars leaves the op's id on the node
  // that holds its result) has other ports: React Flow must measure its handles again, or the
  // wires into the new ports are not drawn
  const updateInternals = useUpdateNodeInternals();
  const shownType = useRef(type);
  useEffect(() => {
    if (shownType.current === type) return;
    shownType.current = type;
    updateInternals(id);
  }, [type, id, updateInternals]);
  const view = useGraph((s) => s.derived.nodes.get(id));
  const check = useGraph((s) => s.checks?.nodes.get(id));
  const checksTolerance = useGraph((s) => s.checks?.tolerance);
  const accent = GROUP_ACCENT[op.group];
  const value = view?.value;
  const error = view?.error;
  const low = useLowZoom();
  if (low) return <SimpleNode op={op} current={!!view?.current} selected={!!selected} error={!!error} />;
  return (
    <div
      className={`gf-node min-w-[132px] rounded-lg border bg-white text-[12px] text-slate-900 shadow-sm transition-shadow dark:bg-slate-800 dark:text-slate-100 ${view?.current ? "gf-current" : ""} ${selected ? "border-slate-900 ring-2 ring-slate-900/20 dark:border-slate-100 dark:ring-slate-100/30" : error ? "border-red-500" : "border-slate-300 dark:border-slate-600"}`}
      style={{ borderTop: `3px solid ${accent}` }}
      title={t(`ops.${op.type}.summary`)}
    >
      <div className="flex items-center gap-1.5 px-2 pt-1">
        {view?.badge != null && (
          <span data-testid="step-badge" className="grid h-4 min-w-4 place-items-center rounded-full bg-amber-400 px-1 text-[12px] font-bold text-slate-900">
            {view.badge}
          </span>
        )}
        <span className="font-semibold text-slate-800 dark:text-slate-100">{label || op.type}</span>
        {label && <span className="text-[12px] text-slate-600 dark:text-slate-400">{op.type}</span>}
        <span className="ml-auto pl-2 font-mono text-[12px] text-slate-600 dark:text-slate-400">{id}</span>
      </div>
      <div className="relative flex items-stretch justify-between gap-3 py-1">
        <div className="flex flex-col gap-1">
          {op.inputs.map((p) => (
            <div key={p.name} className="relative flex h-4 items-center pl-2.5 pr-1 font-mono text-[12px] text-slate-700 dark:text-slate-300" title={`${p.name}: ${t(`ops.${op.type}.ports.${p.name}`, { defaultValue: p.doc })}`}>
              <Handle type="target" position={Position.Left} id={p.name} className="gf-handle" style={{ left: -1 }} />
              {p.name}
            </div>
          ))}
        </div>
        {op.role !== "sink" && (
          <div className="relative flex h-4 items-center self-center pr-2.5 font-mono text-[12px] text-slate-700 dark:text-slate-300">
            out
            <Handle type="source" position={Position.Right} id="out" className="gf-handle" style={{ right: -1 }} />
          </div>
        )}
      </div>
      <div className="flex min-h-5 items-center gap-1.5 border-t border-slate-100 px-2 py-1 text-[12px] dark:border-slate-700">
        {view?.shape && <span className="font-mono text-slate-600 dark:text-slate-400" data-testid="node-shape">{view.shape}</span>}
        {value && (isScalar(value) ? <span className={`font-mono ${hasNonFinite(value) ? "font-bold text-red-700 dark:text-red-300" : "text-value"}`}>{fmt(value.data[0])}</span> : <TensorHeatmap t={value} role="value" size={36} maxCells={12} />)}
        {check && (
          <button
            type="button"
            data-testid="gradcheck-badge"
            data-pass={String(check.pass)}
            onClick={() => openSlope(id)}
            className={`nodrag ml-auto cursor-pointer rounded px-1 font-mono text-[12px] ${check.relError === null ? "bg-slate-100 text-slate-600 dark:bg-slate-700 dark:text-slate-300" : check.pass ? "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200" : "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-200"}`}
            title={`${check.note ? engineText(check.note) : t("node.checkTip", { tolerance: checksTolerance })} — ${t("slope.openTip")}`}
          >
            {check.relError === null ? "–" : `${check.pass ? "✓" : "✗"} ${check.relError.toExponential(1)}`}
          </button>
        )}
      </div>
      {!error && view?.warning && (
        <div data-testid="node-warning" role="status" className="max-w-[240px] rounded-b-lg bg-red-50 px-2 py-1 text-[12px] leading-snug text-red-700">
          ⚠ {view.warning}
        </div>
      )}
      {error && (
        <div data-testid="node-error" role="alert" className="max-w-[240px] rounded-b-lg bg-red-50 px-2 py-1 text-[12px] leading-snug text-red-700 dark:bg-red-950 dark:text-red-200">
          ⚠ {engineText(error)}
        </div>
      )}
    </div>
  );
});
