// The palette: every op of the registry, grouped, with a search box. Drag an entry onto the
// canvas, or click it / press Enter on it to add it at the centre of the view.
import { useMemo, useState, type DragEvent } from "react";
import { useReactFlow } from "@xyflow/react";
import type { XY } from "../engine/graph";
import { GROUPS, OPS } from "../engine/ops";
import { OP_MIME } from "../editor/Canvas";
import { GROUP_ACCENT } from "../editor/groups";
import { useGraph } from "../state/store";
import { placeNode } from "../state/edit";
import { nodeSizes } from "../editor/sizes";
import { useT } from "../i18n";

const NODE_W = 180, NODE_H = 110;

/** The nearest place to `at` (searching outwards, ring by ring) where a new node covers no other. */
function freeSpot(nodes: readonly { position?: XY }[], at: XY): XY {
  const clear = (q: XY) => nodes.every((n) => !n.position || Math.abs(n.position.x - q.x) >= NODE_W || Math.abs(n.position.y - q.y) >= NODE_H);
  for (let r = 0; r < 12; r++)
    for (let i = -r; i <= r; i++)
      for (const q of [{ x: at.x + i * 60, y: at.y - r * 60 }, { x: at.x + i * 60, y: at.y + r * 60 }, { x: at.x - r * 60, y: at.y + i * 60 }, { x: at.x + r * 60, y: at.y + i * 60 }])
        if (clear(q)) return q;
  return at;
}

export function Palette() {
  const t = useT();
  const [query, setQuery] = useState("");
  const rf = useReactFlow();
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    // in the language shown and in English (the op names, and what a learner may have read elsewhere)
    const words = (op: (typeof OPS)[number]) => [op.type, op.summary, op.group, t(`ops.${op.type}.summary`), t(`opGroups.${op.group}`)].map((w) => w.toLowerCase());
    const match = OPS.filter((op) => !q || words(op).some((w) => w.includes(q)));
    return GROUPS.map((g) => ({ group: g, ops: match.filter((op) => op.group === g) })).filter((g) => g.ops.length);
  }, [query, t]);

  const addAtCentre = (type: string) => {
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    const centre = pane ? { x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 } : { x: innerWidth / 2, y: innerHeight / 2 };
    const p = rf.screenToFlowPosition(centre);
    const s = useGraph.getState();
    // with one node selected, the new one goes right of it (issue 11), clear of every other node
    const sizes = nodeSizes(rf.getNodes());
    const at = s.selectedNodes.length === 1 ? placeNode(s.doc, sizes, { x: p.x - 80, y: p.y - 40 }, s.selectedNodes[0]) : freeSpot(s.doc.nodes, { x: p.x - 80, y: p.y - 40 });
    s.addNode(type, at);
  };

  const onDragStart = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(OP_MIME, type);
    e.dataTransfer.setData("text/plain", type);
    e.dataTransfer.effectAllowed = "move";
  };

  return (
    <nav aria-label={t("palette.label")} className="flex h-full flex-col border-r border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-900">
      <div className="p-2">
        <input
          type="search"
          aria-label={t("palette.search")}
          placeholder={t("palette.searchPlaceholder")}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && groups[0]) addAtCentre(groups[0].ops[0].type);
          }}
          className="w-full rounded-md border border-slate-400 bg-white px-2 py-1 text-sm text-slate-900 outline-none placeholder:text-slate-500 focus:border-sky-500 focus:ring-2 focus:ring-sky-200 dark:border-slate-500 dark:bg-slate-800 dark:text-slate-100 dark:placeholder:text-slate-400 dark:focus:ring-sky-800"
        />
      </div>
      <div className="flex-1 overflow-y-auto px-2 pb-10">
        {groups.map(({ group, ops }) => (
          <section key={group} className="mb-2">
            <h2 className="mb-1 flex items-center gap-1.5 px-1 text-[11px] font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
              <span className="h-2 w-2 rounded-full" style={{ background: GROUP_ACCENT[group] }} aria-hidden />
              {t(`opGroups.${group}`)}
            </h2>
            <ul className="flex flex-col gap-0.5">
              {ops.map((op) => (
                <li key={op.type}>
                  <button
                    type="button"
                    draggable
                    data-testid="palette-item"
                    data-op={op.type}
                    // named by what it shows, the op and its summary (WCAG 2.5.3: the name holds the visible text)
                    onDragStart={(e) => onDragStart(e, op.type)}
                    onClick={() => addAtCentre(op.type)}
                    title={t("palette.itemTip", { type: op.type, summary: t(`ops.${op.type}.summary`) })}
                    className="w-full cursor-grab rounded-md px-2 py-1 text-left hover:bg-white hover:shadow-sm focus:bg-white focus:outline-none focus:ring-2 focus:ring-sky-300 active:cursor-grabbing dark:hover:bg-slate-800 dark:focus:bg-slate-800 dark:focus:ring-sky-700"
                  >
                    <div className="text-[13px] font-medium text-slate-800 dark:text-slate-100">{op.type}</div>
                    <div className="text-[11px] leading-snug text-slate-600 dark:text-slate-300">{t(`ops.${op.type}.summary`)}</div>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ))}
        {!groups.length && <p className="px-1 text-sm text-slate-600 dark:text-slate-300">{t("palette.noMatch", { query })}</p>}
      </div>
    </nav>
  );
}
