// The zoomed-out picture of the graph (lowZoomDraw.ts) in the flow's viewport: one canvas under
// the clear node boxes, moved by the viewport's own transform, so a pan repaints one image.
// It is drawn again when the graph, its run's marks, the theme, the zoom or the screen's pixel
// ratio changes, or when a pan brings into view a part of the graph it does not hold; but for the
// theme, React does not render on any of those (the stores are watched directly), so a frame of a
// pan costs nothing here.
//
// While the view moves (a pan, a zoom, a fit), the node elements are not drawn at all
// (content-visibility: hidden on their layer, until the view has been still for MOVE_SETTLE ms):
// even clear, 2,000 of them cost the browser some 15 ms a frame sorting their transforms into
// layers, about half the frame. The picture shows them meanwhile, marks and all; once the view
// stops they are back, to be clicked and dragged.
import { useEffect, useRef } from "react";
import { Position, useStoreApi, ViewportPortal, type InternalNode, type ReactFlowState } from "@xyflow/react";
import { getOp } from "../engine/ops";
import { GROUP_ACCENT } from "./groups";
import { GROUP_BOX } from "./GroupNodes";
import { useLowZoom } from "./lowZoom";
import { useTheme } from "../ui/theme";
import { useGraph } from "../state/store";
import { lessonRings, useTeach } from "../state/teach";
import { paddedBounds, covers, drawLowZoom, PALETTES, pixelScale, regionToDraw, type Box, type DrawnEdge, type DrawnNode } from "./lowZoomDraw";

export function LowZoomCanvas() {
  const low = useLowZoom();
  return low ? <Picture /> : null;
}

/** a collapsed group's box in the picture: slate, as no op's group colours it */
const GROUP_BOX_ACCENT = "#64748b";

/** how long the view must be still before the node elements are drawn again, ms */
const MOVE_SETTLE = 150;

/** what the picture was drawn from, to tell when it must be drawn again */
interface Drawn {
  nodes: ReactFlowState["nodes"] | null;
  edges: ReactFlowState["edges"] | null;
  zoom: number;
  region: Box | null;
  bounds: Box | null;
  /** the screen's device pixels per CSS pixel it was drawn for (browser zoom, another monitor) */
  dpr: number;
  /** the nodes that err or are being stepped through, and those the lesson rings (the marks the picture draws beside the graph) */
  marks: string;
  /** the nodes' measured sizes and ports (measuring changes them in place, without a new node list) */
  measures: number;
}

function Picture() {
  const store = useStoreApi();
  const theme = useTheme();
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let drawn: Drawn = { nodes: null, edges: null, zoom: 0, region: null, bounds: null, dpr: 0, marks: "", measures: 0 };
    let frame = 0;
    const layer = store.getState().domNode?.querySelector<HTMLElement>(".react-flow__nodes") ?? null;
    let still = 0;
    let transform = store.getState().transform;
    const moved = () => {
      if (!layer) return;
      layer.style.contentVisibility = "hidden";
      clearTimeout(still);
      still = window.setTimeout(() => (layer.style.contentVisibility = ""), MOVE_SETTLE);
    };
    /** The view in flow units. */
    const viewOf = (s: ReactFlowState): Box => {
      const [tx, ty, zoom] = s.transform;
      return { x: -tx / zoom, y: -ty / zoom, width: s.width / zoom, height: s.height / zoom };
    };
    const draw = () => {
      frame = 0;
      const s = store.getState();
      const zoom = s.transform[2];
      const derived = useGraph.getState().derived;
      const { nodes, edges } = collect(s, derived.nodes, rings());
      // padded by what is drawn outside the boxes: the ports, and the rings (up to 4 screen pixels out)
      const bounds = paddedBounds(nodes, Math.max(8, 5 / zoom));
      const region = regionToDraw(viewOf(s), bounds);
      const dpr = window.devicePixelRatio || 1;
      drawn = { nodes: s.nodes, edges: s.edges, zoom, region, bounds, dpr, marks: marks(), measures: measuresOf(s) };
      if (!region) {
        el.style.display = "none";
        el.dataset.nodes = el.dataset.edges = "0";
        return;
      }
      const scale = pixelScale(region, zoom, dpr);
      const w = Math.max(1, Math.ceil(region.width * scale)), h = Math.max(1, Math.ceil(region.height * scale));
      // a new size makes a new bitmap: only when it changes
      if (el.width !== w) el.width = w;
      if (el.height !== h) el.height = h;
      // in flow units: the viewport's transform brings it to the screen
      Object.assign(el.style, { display: "block", left: `${region.x}px`, top: `${region.y}px`, width: `${el.width / scale}px`, height: `${el.height / scale}px` });
      const ctx = el.getContext("2d");
      if (!ctx) return;
      const count = drawLowZoom(ctx, region, scale, zoom, nodes, edges, PALETTES[theme]);
      // for the tests and a reader of the page: what the picture holds
      el.dataset.nodes = String(count.nodes);
      el.dataset.edges = String(count.edges);
    };
    // the lesson's rings, worked out when the lesson or the document changes
    let ringed: { teach: unknown; doc: unknown; rings: Rings } = { teach: null, doc: null, rings: { ring: [], answer: null } };
    const rings = () => {
      const teach = useTeach.getState(), doc = useGraph.getState().doc;
      if (teach !== ringed.teach || doc !== ringed.doc) ringed = { teach, doc, rings: lessonRings(teach, doc) };
      return ringed.rings;
    };
    // the run's marks and the lesson's rings, worked out once per run or step (the check below runs on every frame of a pan)
    let marked: { derived: unknown; rings: Rings | null; marks: string } = { derived: null, rings: null, marks: "" };
    const marks = () => {
      const d = useGraph.getState().derived, r = rings();
      if (d !== marked.derived || r !== marked.rings) marked = { derived: d, rings: r, marks: marksOf(d.nodes) + ringsOf(r) };
      return marked.marks;
    };
    const check = () => {
      const s = store.getState();
      const panned = s.transform !== transform;
      if (panned) {
        transform = s.transform;
        moved();
      }
      if (frame) return;
      const stale =
        s.nodes !== drawn.nodes || s.edges !== drawn.edges || s.transform[2] !== drawn.zoom || (window.devicePixelRatio || 1) !== drawn.dpr || marks() !== drawn.marks || !covers(drawn.region, viewOf(s), drawn.bounds) || (!panned && measuresOf(s) !== drawn.measures);
      if (stale) frame = requestAnimationFrame(draw);
    };
    draw();
    const stops = [store.subscribe(check), useGraph.subscribe(check), useTeach.subscribe(check)];
    return () => {
      for (const stop of stops) stop();
      if (frame) cancelAnimationFrame(frame);
      clearTimeout(still);
      if (layer) layer.style.contentVisibility = "";
    };
  }, [store, theme]);

  return (
    <ViewportPortal>
      <canvas ref={canvas} data-testid="lowzoom-picture" aria-hidden className="pointer-events-none absolute" style={{ zIndex: -1, display: "none" }} />
    </ViewportPortal>
  );
}

/** The boxes, accents and ports of the measured nodes, and the ends of every wire between them, in flow units. */
function collect(s: ReactFlowState, views: ReadonlyMap<string, { error: string | null; current: boolean }>, rings: Rings): { nodes: DrawnNode[]; edges: DrawnEdge[] } {
  const nodes: DrawnNode[] = [];
  const ringed = new Set(rings.ring);
  for (const n of s.nodeLookup.values()) {
    const box = boxOf(n);
    // op nodes, and collapsed groups' boxes (which draw themselves, but not while the view moves)
    if (!box || (n.type !== "op" && n.type !== GROUP_BOX)) continue;
    const type = (n.data as { type?: string }).type;
    const op = type ? getOp(type) : undefined;
    const ports: { x: number; y: number }[] = [];
    const hb = n.internals.handleBounds;
    for (const h of [...(hb?.target ?? []), ...(hb?.source ?? [])]) ports.push({ x: box.x + h.x + h.width / 2, y: box.y + h.y + h.height / 2 });
    const view = views.get(n.id);
    const ring = rings.answer === n.id ? "answer" : ringed.has(n.id) ? "lesson" : undefined;
    nodes.push({ ...box, accent: op ? GROUP_ACCENT[op.group] : GROUP_BOX_ACCENT, ports, selected: !!n.selected, error: !!view?.error, current: !!view?.current, ring });
  }
  const edges: DrawnEdge[] = [];
  for (const e of s.edges) {
    const a = s.nodeLookup.get(e.source), b = s.nodeLookup.get(e.target);
    const from = a && end(a, "source", e.sourceHandle), to = b && end(b, "target", e.targetHandle);
    if (from && to) edges.push({ sx: from.x, sy: from.y, tx: to.x, ty: to.y });
  }
  return { nodes, edges };
}

/** The nodes the run marks (an error, the current step), as one string: a new run with the same marks needs no new picture. */
function marksOf(views: ReadonlyMap<string, { error: string | null; current: boolean }>): string {
  let out = "";
  for (const [id, v] of views) if (v.error || v.current) out += `${v.current ? "*" : "!"}${id}\n`;
  return out;
}

type Rings = ReturnType<typeof lessonRings>;

/** The lesson's rings as one string, beside the run's marks */
const ringsOf = (r: Rings) => `${r.ring.map((id) => `o${id}\n`).join("")}${r.answer ? `+${r.answer}\n` : ""}`;

/** A sum over the nodes' measured sizes and port counts: it changes when React Flow measures a node again. */
function measuresOf(s: ReactFlowState): number {
  let sum = 0;
  for (const n of s.nodeLookup.values()) {
    const hb = n.internals.handleBounds;
    sum += (n.measured.width ?? 0) + 7 * (n.measured.height ?? 0) + 13 * ((hb?.source?.length ?? 0) + (hb?.target?.length ?? 0));
  }
  return sum;
}

function boxOf(n: InternalNode): Box | null {
  const w = n.measured.width, h = n.measured.height;
  if (!w || !h || n.hidden) return null;
  return { x: n.internals.positionAbsolute.x, y: n.internals.positionAbsolute.y, width: w, height: h };
}

/** Where a wire meets a port: the port's outer side's middle, as React Flow places it (getHandlePosition). */
function end(n: InternalNode, kind: "source" | "target", id: string | null | undefined): { x: number; y: number } | null {
  const list = n.internals.handleBounds?.[kind];
  const h = list && (id ? list.find((x) => x.id === id) : list[0]);
  if (!h) return null;
  const x = n.internals.positionAbsolute.x + h.x, y = n.internals.positionAbsolute.y + h.y + h.height / 2;
  return { x: h.position === Position.Right ? x + h.width : x, y };
}
