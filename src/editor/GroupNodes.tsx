// Groups (FORMAT.md `groups`): a titled frame around its nodes, moved as one by its title bar,
// renamed in place, collapsed into a single box that shows only the wires crossing its border —
// how a learner sees that a layer is a small graph. The frame is drawn in the flow's coordinates
// (ViewportPortal); a collapsed group is a node of its own (GroupNode), the wires re-routed to it
// for display only: the document keeps every node and wire.
import { memo, useRef, useState, type PointerEvent } from "react";
import { Handle, Position, ViewportPortal, useReactFlow, type NodeProps } from "@xyflow/react";
import type { GroupSpec, XY } from "../engine/graph";
import { brief } from "../notation/numbers";
import { useGraph } from "../state/store";
import { useT } from "../i18n";

export const GROUP_NODE = "group:";
export const groupNodeId = (id: string) => `${GROUP_NODE}${id}`;
/**
 * The React Flow node type of a collapsed group's box. Not "group": that is one of React Flow's own
 * types, and its stylesheet gives `.react-flow__node-group` a padding, a border, a background and a
 * fixed width of 150 px, which drew a grey rectangle behind the box, squeezed the title, and made the
 * box's measured size (which labels and the camera keep clear of) smaller than what is drawn.
 */
export const GROUP_BOX = "groupBox";
const PAD = 16, TITLE = 28;

/** An expanded group's frame around its members' boxes: PAD around them, and its title bar above (the camera fits these too). */
export function groupFrame(boxes: readonly { x: number; y: number; width: number; height: number }[]): { x: number; y: number; width: number; height: number } | null {
  if (!boxes.length) return null;
  const x = Math.min(...boxes.map((b) => b.x)) - PAD, y = Math.min(...boxes.map((b) => b.y)) - PAD - TITLE;
  const w = Math.max(...boxes.map((b) => b.x + b.width)) + PAD - x, h = Math.max(...boxes.map((b) => b.y + b.height)) + PAD - y;
  return { x, y, width: w, height: h };
}

export interface GroupNodeData extends Record<string, unknown> {
  group: GroupSpec;
  /** the wires that cross the border, by edge id, with where they go */
  into: { edge: string; label: string }[];
  out: { edge: string; label: string }[];
}

function Title({ group }: { group: GroupSpec }) {
  const t = useT();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(group.label);
  const commit = () => {
    setEditing(false);
    if (text.trim() && text !== group.label) useGraph.getState().updateGroup(group.id, { label: text.trim() });
  };
  return editing ? (
    <input
      autoFocus
      aria-label={t("group.rename")}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === "Enter") commit();
        if (e.key === "Escape") setEditing(false);
        e.stopPropagation();
      }}
      className="nodrag min-w-0 flex-1 rounded border border-slate-300 px-1 text-[13px] text-slate-900 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
    />
  ) : (
    <span
      className="min-w-0 max-w-[20rem] flex-1 cursor-text truncate text-[13px] font-semibold text-slate-800 dark:text-slate-100"
      title={t("group.rename")}
      onDoubleClick={(e) => {
        e.stopPropagation();
        setText(group.label);
        setEditing(true);
      }}
    >
      {group.label || t("group.default")}
    </span>
  );
}

function FrameButtons({ group }: { group: GroupSpec }) {
  const t = useT();
  const s = useGraph.getState;
  return (
    <>
      <button
        type="button"
        // at the bar's right end, also when a long title stops growing (max-w) before the bar does
        className="nodrag ml-auto rounded border border-slate-300 bg-white px-1.5 text-[12px] text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-200"
        aria-label={group.collapsed ? "Expand" : "Collapse"}
        title={t(group.collapsed ? "group.expand" : "group.collapse")}
        onClick={(e) => {
          e.stopPropagation();
          s().updateGroup(group.id, { collapsed: !group.collapsed });
        }}
      >
        {t(group.collapsed ? "group.expand" : "group.collapse")}
      </button>
      <button
        type="button"
        className="nodrag rounded px-1 text-[12px] text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-700"
        aria-label={`${t("group.ungroup")} ${group.label}`}
        title={t("group.ungroup")}
        onClick={(e) => {
          e.stopPropagation();
          s().ungroup(group.id);
        }}
      >
        ✕
      </button>
    </>
  );
}

/** The frames of the expanded groups, behind their nodes; the title bar drags the whole group. */
export function GroupFrames({ rects }: { rects: (id: string) => { x: number; y: number; width: number; height: number } | null }) {
  const groups = useGraph((s) => s.doc.groups);
  useGraph((s) => s.doc.nodes); // re-render as members move
  const rf = useReactFlow();
  const drag = useRef<{ start: XY; base: Map<string, XY> } | null>(null);
  if (!groups?.length) return null;
  const onDown = (e: PointerEvent, g: GroupSpec) => {
    if ((e.target as Element).closest("button, input")) return;
    e.stopPropagation();
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    const doc = useGraph.getState().doc;
    drag.current = { start: rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }), base: new Map(doc.nodes.filter((n) => g.nodes.includes(n.id)).map((n) => [n.id, n.position ?? { x: 0, y: 0 }])) };
  };
  const onMove = (e: PointerEvent, done: boolean) => {
    const d = drag.current;
    if (!d) return;
    const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const dx = Math.round(p.x - d.start.x), dy = Math.round(p.y - d.start.y);
    useGraph.getState().dragMove(new Map([...d.base].map(([id, q]) => [id, { x: q.x + dx, y: q.y + dy }])), done);
    if (done) drag.current = null;
  };
  return (
    <ViewportPortal>
      {groups
        .filter((g) => !g.collapsed)
        .map((g) => {
          const boxes = g.nodes.map(rects).filter((r): r is NonNullable<typeof r> => !!r);
          if (!boxes.length) return null;
          const { x, y, width: w, height: h } = groupFrame(boxes)!;
          return (
            <div
              key={g.id}
              data-testid="group"
              data-group-id={g.id}
              className="pointer-events-none absolute rounded-xl border-2 border-dashed border-slate-400 bg-slate-100/40 dark:border-slate-500 dark:bg-slate-800/30"
              // at least as wide as its title bar: a frame around one narrow node would cut its title short
              style={{ transform: `translate(${x}px, ${y}px)`, width: w, minWidth: "max-content", height: h, zIndex: -1 }}
            >
              <div
                className="pointer-events-auto flex h-7 cursor-grab items-center gap-1 rounded-t-xl bg-slate-200/80 px-2 dark:bg-slate-700/80"
                onPointerDown={(e) => onDown(e, g)}
                onPointerMove={(e) => onMove(e, false)}
                onPointerUp={(e) => onMove(e, true)}
              >
                <Title group={g} />
                <FrameButtons group={g} />
              </div>
            </div>
          );
        })}
    </ViewportPortal>
  );
}

/** A collapsed group: one box, a port for every wire crossing its border, with that wire's value and gradient. */
export const GroupNode = memo(function GroupNode({ data, selected }: NodeProps) {
  const t = useT();
  const { group, into, out } = data as GroupNodeData;
  const edges = useGraph((s) => s.derived.edges);
  const row = (e: { edge: string; label: string }, side: "in" | "out") => {
    const v = edges.get(e.edge);
    return (
      <div key={e.edge} className={`relative flex h-5 items-center gap-1 font-mono text-[12px] text-slate-700 dark:text-slate-300 ${side === "in" ? "pl-2.5" : "justify-end pr-2.5"}`}>
        <Handle type={side === "in" ? "target" : "source"} position={side === "in" ? Position.Left : Position.Right} id={`${side}:${e.edge}`} className="gf-handle" isConnectable={false} />
        <span className="truncate">{e.label}</span>
        {v?.value && <span className="text-blue-700 dark:text-sky-300">{brief(v.value)}</span>}
      </div>
    );
  };
  return (
    <div
      data-testid="group"
      data-group-id={group.id}
      className={`min-w-[180px] rounded-xl border-2 bg-white shadow-md dark:bg-slate-900 ${selected ? "border-slate-900 dark:border-slate-100" : "border-slate-400 dark:border-slate-500"}`}
    >
      <div className="flex items-center gap-1 rounded-t-xl bg-slate-200/80 px-2 py-1 dark:bg-slate-700/80">
        <Title group={group} />
        <FrameButtons group={group} />
      </div>
      <div className="px-2 pt-0.5 text-[12px] text-slate-600 dark:text-slate-400">{t("group.nodes", { count: group.nodes.length })}</div>
      <div className="flex justify-between gap-3 py-1">
        <div className="flex flex-col gap-0.5">{into.map((e) => row(e, "in"))}</div>
        <div className="flex flex-col gap-0.5">{out.map((e) => row(e, "out"))}</div>
      </div>
    </div>
  );
});
