// The canvas: React Flow over the store's document. React Flow only reports changes; the
// store decides what they mean (a drag, a selection, a deletion, a wire).
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  type Connection,
  type FinalConnectionState,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
} from "@xyflow/react";
import type { Viewport, XY } from "../engine/graph";
import { getOp } from "../engine/ops";
import { isLocked, useGraph } from "../state/store";
import { presentingZoom, useLayout } from "../ui/layout";
import { dataIntoInput, importFile } from "../ui/files";
import { GROUP_ACCENT } from "./groups";
import { OpNode, type OpNodeData } from "./OpNode";
import { ValueEdge } from "./ValueEdge";
import { LowZoomCanvas } from "./LowZoomCanvas";
import { ZoomScale } from "./ZoomScale";
import { useT } from "../i18n";
import { useTheme } from "../ui/theme";
import { nodesChanged, setNodeRects } from "./labelPlaces";
import { nodeRect } from "./sizes";
import { AddOpSearch, type AddOpRequest } from "./AddOpSearch";
import { GROUP_BOX, GROUP_NODE, GroupFrames, groupFrame, GroupNode, groupNodeId, type GroupNodeData } from "./GroupNodes";
import type { GraphDoc } from "../engine/graph";

/**
 * What a collapsed group changes in the picture: its nodes hidden, one box in their place, the
 * wires inside hidden and the wires that cross its border drawn to the box. The document keeps all.
 */
function collapsedView(doc: GraphDoc) {
  const member = new Map<string, string>();
  for (const g of doc.groups ?? []) if (g.collapsed) for (const n of g.nodes) member.set(n, g.id);
  return member;
}
import { boundsOf, onScreen, readableView, revealView, type Rect, type View } from "./readableView";
import { coveredRects, OVERLAY } from "./overlays";

export const OP_MIME = "application/gradflow-op";

const nodeTypes = { op: OpNode, [GROUP_BOX]: GroupNode };
const edgeTypes = { value: ValueEdge };
const LARGE = 200;
// Props kept identical between renders: React Flow copies each changed prop into its store (and
// the MiniMap re-renders every node when its colour function changes), so fresh objects on every
// edit or drag cost work proportional to the graph.
const DELETE_KEYS = ["Delete", "Backspace"];
const MULTI_KEYS = ["Meta", "Control"];
const PRO = { hideAttribution: true };
const EDGE_DEFAULTS = { type: "value" };
const ORIGIN = { x: 0, y: 0 };
const MINIMAP_STYLE = { width: 140, height: 90 };
/** The canvas height (px) below which the minimap is left out: it would take a quarter of the view. */
const MINIMAP_ROOM = 480;
const SNAP: [number, number] = [20, 20];
const miniColor = (n: Node) => GROUP_ACCENT[getOp((n.data as { type: string }).type)?.group ?? "Sources"];
const onMoveEnd = (_: unknown, v: Viewport) => useGraph.getState().setViewport(v);

/** Where a collapsed group's box sits: at its nodes' top-left corner. */
function groupOrigin(doc: GraphDoc, ids: readonly string[]): XY | null {
  const ps = doc.nodes.filter((n) => ids.includes(n.id) && n.position).map((n) => n.position!);
  return ps.length ? { x: Math.min(...ps.map((p) => p.x)), y: Math.min(...ps.map((p) => p.y)) } : null;
}

/** The boxes of the collapsed groups, with the wires crossing each border. */
function groupBoxes(doc: GraphDoc, member: Map<string, string>): Node[] {
  if (!member.size) return [];
  const label = (id: string, port?: string) => (port ? `${id}.${port}` : id);
  return (doc.groups ?? [])
    .filter((g) => g.collapsed)
    .map((g) => {
      const into = doc.edges.filter((e) => member.get(e.target) === g.id && member.get(e.source) !== g.id).map((e) => ({ edge: e.id, label: label(e.target, e.targetHandle) }));
      const out = doc.edges.filter((e) => member.get(e.source) === g.id && member.get(e.target) !== g.id).map((e) => ({ edge: e.id, label: label(e.source) }));
      return { id: groupNodeId(g.id), type: GROUP_BOX, position: groupOrigin(doc, g.nodes) ?? ORIGIN, data: { group: g, into, out } satisfies GroupNodeData };
    });
}

/** Clicking a node explains it (UI.md "Explaining a node"). */
const openExplanation = () => useGraph.getState().setExplainOpen(true);

export function Canvas() {
  const doc = useGraph((s) => s.doc);
  const selectedNodes = useGraph((s) => s.selectedNodes);
  const selectedEdges = useGraph((s) => s.selectedEdges);
  const viewportRequest = useGraph((s) => s.viewportRequest);
  // a training run holds the document: nothing on the canvas may edit it meanwhile
  const locked = useGraph(isLocked);
  const rf = useReactFlow();
  const container = useRef<HTMLDivElement>(null);
  const current = useGraph((s) => (s.stepping ? [...s.derived.nodes].find(([, v]) => v.current)?.[0] ?? null : null));
  const t = useT();
  const theme = useTheme();
  // React Flow's own words (its controls, minimap, keyboard help) in the learner's language; one object per language
  const ariaLabels = useMemo(
    () => ({
      "node.a11yDescription.default": t("canvas.nodeHelp"),
      "node.a11yDescription.keyboardDisabled": t("canvas.nodeHelpKeys"),
      "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }: { direction: string; x: number; y: number }) => t("canvas.nodeMoved", { direction: t(`canvas.${direction}`), x, y }),
      "edge.a11yDescription.default": t("canvas.edgeHelp"),
      "controls.ariaLabel": t("canvas.controls"),
      "controls.zoomIn.ariaLabel": t("canvas.zoomIn"),
      "controls.zoomOut.ariaLabel": t("canvas.zoomOut"),
      "controls.fitView.ariaLabel": t("canvas.fitView"),
      "controls.interactive.ariaLabel": t("canvas.interactive"),
      "minimap.ariaLabel": t("canvas.minimap"),
      "handle.ariaLabel": t("canvas.port"),
    }),
    [t],
  );
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const nodeCache = useRef<{ list: Node[]; byId: Map<string, Node> }>({ list: [], byId: new Map() });
  const edgeCache = useRef<{ list: Edge[]; byId: Map<string, Edge> }>({ list: [], byId: new Map() });

  // React Flow gets the same node object while its id, position, selection, type, label and
  // size stay put, and the same array while every node does: an edit of a value (or a drag of
  // one node) then costs React Flow nothing for the other nodes.
  const member = useMemo(() => collapsedView(doc), [doc]);

  const nodes = useMemo(() => {
    const sel = new Set(selectedNodes);
    const prev = nodeCache.current;
    const byId = new Map<string, Node>();
    const shown = member.size ? doc.nodes.filter((n) => !member.has(n.id)) : doc.nodes;
    const boxes = groupBoxes(doc, member);
    let same = shown.length + boxes.length === prev.list.length;
    const list = shown.map((n, i) => {
      const old = prev.byId.get(n.id);
      const m = measured.current.get(n.id);
      const position = n.position ?? ORIGIN;
      const selected = sel.has(n.id);
      const label = n.data.label as string | undefined;
      const data = old?.data as OpNodeData | undefined;
      const node: Node =
        old && old.position.x === position.x && old.position.y === position.y && old.selected === selected && data!.type === n.type && data!.label === label && old.measured === m
          ? old
          : { id: n.id, type: "op", position, selected, measured: m, data: { type: n.type, label } satisfies OpNodeData };
      byId.set(n.id, node);
      if (node !== prev.list[i]) same = false;
      return node;
    });
    for (const box of boxes) {
      // its measured size, so that labels and the camera know where the box is
      const b = { ...box, measured: measured.current.get(box.id) };
      const old = prev.byId.get(b.id);
      const node = old && old.position.x === b.position.x && old.position.y === b.position.y && old.measured === b.measured && JSON.stringify(old.data) === JSON.stringify(b.data) ? old : b;
      byId.set(b.id, node);
      if (node !== prev.list[list.length]) same = false;
      list.push(node);
    }
    if (same) return prev.list;
    nodeCache.current = { list, byId };
    return list;
    // measureVersion: re-read the measured sizes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.nodes, doc.groups, selectedNodes, measureVersion]);

  const edges = useMemo<Edge[]>(() => {
    const sel = new Set(selectedEdges);
    const prev = edgeCache.current;
    const byId = new Map<string, Edge>();
    const shown = member.size ? doc.edges.filter((e) => !(member.has(e.source) && member.get(e.source) === member.get(e.target))) : doc.edges;
    let same = shown.length === prev.list.length;
    const list = shown.map((x, i) => {
      // a wire crossing a collapsed group's border is drawn to the group's box
      const gs = member.get(x.source), gt = member.get(x.target);
      const e = gs || gt ? { ...x, source: gs ? groupNodeId(gs) : x.source, sourceHandle: gs ? `out:${x.id}` : x.sourceHandle, target: gt ? groupNodeId(gt) : x.target, targetHandle: gt ? `in:${x.id}` : x.targetHandle } : x;
      const old = prev.byId.get(e.id);
      const sourceHandle = e.sourceHandle ?? "out", selected = sel.has(e.id);
      const edge: Edge =
        old && old.source === e.source && old.target === e.target && old.sourceHandle === sourceHandle && old.targetHandle === e.targetHandle && old.selected === selected
          ? old
          : { id: e.id, source: e.source, target: e.target, sourceHandle, targetHandle: e.targetHandle, type: "value", selected };
      byId.set(e.id, edge);
      if (edge !== prev.list[i]) same = false;
      return edge;
    });
    if (same) return prev.list;
    edgeCache.current = { list, byId };
    return list;
  }, [doc.edges, selectedEdges, member]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const s = useGraph.getState();
    const moves = new Map<string, XY>();
    let dragDone = false;
    let selection: Set<string> | null = null;
    let measuredChanged = false;
    for (const c of changes) {
      if (c.type === "position" && c.id.startsWith(GROUP_NODE)) {
        // a collapsed group dragged: its nodes move with it
        const g = s.doc.groups?.find((x) => groupNodeId(x.id) === c.id);
        const at = g && groupOrigin(s.doc, g.nodes);
        if (g && at && c.position) {
          const dx = Math.round(c.position.x - at.x), dy = Math.round(c.position.y - at.y);
          for (const n of s.doc.nodes) if (g.nodes.includes(n.id) && n.position) moves.set(n.id, { x: n.position.x + dx, y: n.position.y + dy });
        }
        if (!c.dragging) dragDone = true;
        continue;
      }
      if (c.type === "position" && c.position) {
        moves.set(c.id, { x: Math.round(c.position.x), y: Math.round(c.position.y) });
        if (!c.dragging) dragDone = true;
      } else if (c.type === "position" && c.dragging === false) dragDone = true;
      else if (c.type === "select") {
        selection ??= new Set(s.selectedNodes);
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      } else if (c.type === "dimensions" && c.dimensions) {
        measured.current.set(c.id, c.dimensions);
        measuredChanged = true;
      }
    }
    if (moves.size || dragDone) s.dragMove(moves, dragDone);
    if (selection) s.select([...selection], useGraph.getState().selectedEdges);
    if (measuredChanged) setMeasureVersion((v) => v + 1);
    if (moves.size || measuredChanged) nodesChanged();
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const s = useGraph.getState();
    let selection: Set<string> | null = null;
    for (const c of changes) {
      if (c.type !== "select") continue;
      selection ??= new Set(s.selectedEdges);
      if (c.selected) selection.add(c.id);
      else selection.delete(c.id);
    }
    if (selection) s.select(useGraph.getState().selectedNodes, [...selection]);
  }, []);

  // Delete: the nodes and their wires go in one change, so one Undo brings them all back
  // (React Flow also reports them as "remove" changes, which are ignored above).
  const onDelete = useCallback(({ nodes, edges }: { nodes: Node[]; edges: Edge[] }) => {
    useGraph.getState().remove(nodes.map((n) => n.id), edges.map((e) => e.id));
  }, []);

  const onConnect = useCallback((c: Connection) => {
    if (c.source && c.target && c.targetHandle) useGraph.getState().connect({ source: c.source, target: c.target, targetHandle: c.targetHandle });
  }, []);

  // search to add at the pointer: a double-click on empty canvas, "/" with the pointer over it, or a wire dropped there
  const [search, setSearch] = useState<AddOpRequest | null>(null);
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const searchAt = useCallback(
    (screen: { x: number; y: number }, wire?: { from?: string; into?: { target: string; port: string } }) => {
      const at = rf.screenToFlowPosition(screen);
      const filter = wire?.from ? (op: { inputs: readonly unknown[] }) => op.inputs.length > 0 : wire?.into ? (op: { role?: string }) => op.role !== "sink" : undefined;
      // for an input port, what usually feeds it comes first (a Param for a layer's W and b, an Input for data and targets)
      const into = wire?.into && getOp(useGraph.getState().doc.nodes.find((n) => n.id === wire.into!.target)?.type ?? "")?.inputs.find((p) => p.name === wire.into!.port);
      const first = into ? (into.feed ?? "Input") : undefined;
      setSearch({ screen, filter, first, onPick: (type, withParams) => useGraph.getState().addWired(type, { x: at.x - 20, y: at.y - 20 }, wire, { withParams }) });
    },
    [rf],
  );
  const onPaneDoubleClick = useCallback(
    (e: React.MouseEvent) => {
      if ((e.target as Element).closest(".react-flow__pane") && !(e.target as Element).closest(".react-flow__node, .react-flow__edge")) searchAt({ x: e.clientX, y: e.clientY });
    },
    [searchAt],
  );
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (e.key !== "/" || !pointer.current || t.closest("input, textarea, select, [contenteditable]")) return;
      e.preventDefault();
      searchAt(pointer.current);
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, [searchAt]);
  const onConnectEnd = useCallback(
    (e: MouseEvent | TouchEvent, c: FinalConnectionState) => {
      // a wire let go over empty canvas (not over a port or a node): offer the ops that can take it
      if (c.isValid || !c.fromNode || !c.fromHandle || ("toNode" in c && c.toNode)) return;
      if ((e.target as Element | null)?.closest?.(".react-flow__node")) return;
      const p = "changedTouches" in e ? e.changedTouches[0] : e;
      if (c.fromHandle.type === "source") searchAt({ x: p.clientX, y: p.clientY }, { from: c.fromNode.id });
      else if (c.fromHandle.id) searchAt({ x: p.clientX, y: p.clientY }, { into: { target: c.fromNode.id, port: c.fromHandle.id } });
    },
    [searchAt],
  );

  const onDragOver = useCallback((e: DragEvent) => {
    e.preventDefault();
    e.dataTransfer.dropEffect = e.dataTransfer.types.includes("Files") ? "copy" : "move";
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      e.preventDefault();
      const type = e.dataTransfer.getData(OP_MIME);
      if (type && getOp(type)) {
        const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
        // dropped on a wire: spliced into it
        const wire = document.elementsFromPoint(e.clientX, e.clientY).find((el) => el.closest(".react-flow__edge"))?.closest(".react-flow__edge");
        const edgeId = wire?.getAttribute("data-id");
        if (edgeId) useGraph.getState().insertOnEdge(edgeId, type, { x: p.x - 60, y: p.y - 20 });
        else useGraph.getState().addNode(type, { x: p.x - 60, y: p.y - 20 });
        return;
      }
      const file = e.dataTransfer.files[0];
      if (!file) return;
      // a data file dropped on an Input: the learner's own data; anywhere else, a graph file
      const onNode = (e.target as Element).closest(".react-flow__node")?.getAttribute("data-id");
      const input = onNode && useGraph.getState().doc.nodes.find((n) => n.id === onNode && n.type === "Input");
      if (input) void file.text().then((text) => dataIntoInput(input.id, text, file.name));
      else void importFile(file);
    },
    [rf],
  );

  const rectOf = useCallback(
    (id: string) => {
      const n = rf.getNode(id);
      return n ? nodeRect(n) : null;
    },
    [rf],
  );

  /** Every node's rectangle in flow coordinates, as measured. */
  const rects = useCallback(
    (): (Rect & { id: string })[] =>
      rf.getNodes().map((n) => ({ id: n.id, ...nodeRect(n) })),
    [rf],
  );
  useEffect(() => setNodeRects(rects), [rects]);

  /** A readable fit of the whole graph (UI.md: node text at least 11 px), or its first nodes when it is too large. */
  const presenting = useLayout((l) => l.presenting);
  const snap = useLayout((l) => l.snap);
  // a free node dropped onto a wire is spliced into it
  const onNodeDragStop = useCallback((e: MouseEvent | TouchEvent, node: Node) => {
    const p = "changedTouches" in e ? e.changedTouches[0] : e;
    const s = useGraph.getState();
    if (node.id.startsWith(GROUP_NODE) || s.doc.edges.some((x) => x.source === node.id || x.target === node.id)) return;
    const wire = document.elementsFromPoint(p.clientX, p.clientY).find((el) => el.closest(".react-flow__edge"))?.closest(".react-flow__edge");
    const edgeId = wire?.getAttribute("data-id");
    if (edgeId) s.spliceNode(edgeId, node.id);
  }, []);
  const fitReadable = useCallback(() => {
    const el = container.current;
    // the nodes, and the frames of expanded groups (their title bars stand above their nodes)
    const all = rects(), byId = new Map(all.map((r) => [r.id, r]));
    const frames = (useGraph.getState().doc.groups ?? []).filter((g) => !g.collapsed).flatMap((g) => groupFrame(g.nodes.flatMap((id) => byId.get(id) ?? [])) ?? []);
    const v = el && readableView([...all, ...frames], el.clientWidth, el.clientHeight, useLayout.getState().presenting ? presentingZoom : undefined);
    if (v) void rf.setViewport(v);
  }, [rf, rects]);

  /** Does the whole graph fit in view? Then the minimap has nothing to add, and would only cover it. */
  const [allInView, setAllInView] = useState(true);
  const checkInView = useCallback(() => {
    const el = container.current, b = boundsOf(rects());
    if (!el || !b) return setAllInView(true);
    const s = onScreen(b, rf.getViewport() as View);
    setAllInView(s.x >= 0 && s.y >= 0 && s.x + s.width <= el.clientWidth && s.y + s.height <= el.clientHeight);
    setRoomy(el.clientHeight >= MINIMAP_ROOM);
  }, [rf, rects]);
  /** Is the canvas tall enough for the minimap? Squeezed by a panel, the minimap would cover the nodes it shows. */
  const [roomy, setRoomy] = useState(true);
  const showMinimap = !allInView && roomy;

  /** Brings a node into view (clear of the minimap), without changing the zoom. */
  const reveal = useCallback(
    (id: string) => {
      const el = container.current, r = rects().find((n) => n.id === id);
      if (!el || !r) return;
      const W = el.clientWidth, H = el.clientHeight;
      // clear of the title, the zoom controls and the minimap (when it shows: it is measured as it is)
      const covered = coveredRects(el);
      const v = revealView(r, rf.getViewport() as View, W, H, covered);
      // at once: an animated pan flies out and back (d3's smooth zoom), and stepping fast interrupts
      // it half-way, which left the canvas zoomed out below the readable zoom
      if (v) void rf.setViewport(v);
    },
    [rf, rects, showMinimap],
  );

  // entering or leaving the presentation view: fit again at its size, once the panels have gone
  useEffect(() => {
    const id = requestAnimationFrame(() => fitReadable());
    return () => cancelAnimationFrame(id);
  }, [presenting, fitReadable]);

  // stepping: the camera follows the current node
  useEffect(() => {
    if (current) reveal(current);
  }, [current, reveal]);

  // a node just added or selected (by the keyboard, the inspector, a search) is brought into view,
  // once it has been measured
  const selectedOne = selectedNodes.length === 1 ? selectedNodes[0] : null;
  useEffect(() => {
    if (!selectedOne || current) return;
    let frame = 0, tries = 0;
    const attempt = () => {
      // a node just added reaches React Flow (and is measured) a frame or two later
      if (rf.getNode(selectedOne)?.measured?.width || ++tries > 10) reveal(selectedOne);
      else frame = requestAnimationFrame(attempt);
    };
    frame = requestAnimationFrame(attempt);
    return () => cancelAnimationFrame(frame);
    // reveal changes with allInView; following it would pan again on every minimap toggle
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedOne, current]);

  // a panel opening or closing (or the window resizing) changes the canvas: keep the current or selected node in view
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const ro = new ResizeObserver(() => {
      const s = useGraph.getState();
      const keep = current ?? (s.selectedNodes.length === 1 ? s.selectedNodes[0] : null);
      if (keep) reveal(keep);
      checkInView();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [current, reveal, checkInView]);

  // after an import or an example: its saved viewport, or fit once every node has been measured
  const initialized = useNodesInitialized();
  const handled = useRef(0);
  useEffect(() => {
    if (!viewportRequest || handled.current === viewportRequest.seq || (!initialized && doc.nodes.length)) return;
    handled.current = viewportRequest.seq;
    // an empty graph has nothing to fit (React Flow would hold the fit until the first node arrives and jump then)
    if (!doc.nodes.length && !viewportRequest.viewport) return;
    if (viewportRequest.viewport) void rf.setViewport(viewportRequest.viewport);
    else fitReadable();
    requestAnimationFrame(checkInView);
  }, [viewportRequest, initialized, rf, doc.nodes.length, fitReadable, checkInView]);

  return (
    <div
      ref={container}
      className="h-full w-full"
      onDragOver={onDragOver}
      onDrop={onDrop}
      onDoubleClick={onPaneDoubleClick}
      onPointerMove={(e) => (pointer.current = { x: e.clientX, y: e.clientY })}
      onPointerLeave={() => (pointer.current = null)}
      data-testid="canvas"
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={openExplanation}
        snapToGrid={snap}
        snapGrid={SNAP}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        zoomOnDoubleClick={false}
        onDelete={onDelete}
        onMoveEnd={(e, v) => {
          onMoveEnd(e, v);
          checkInView();
        }}
        deleteKeyCode={locked ? null : DELETE_KEYS}
        nodesDraggable={!locked}
        nodesConnectable={!locked}
        multiSelectionKeyCode={MULTI_KEYS}
        onlyRenderVisibleElements={doc.nodes.length > LARGE}
        minZoom={0.1}
        maxZoom={2.5}
        proOptions={PRO}
        defaultEdgeOptions={EDGE_DEFAULTS}
        colorMode={theme}
        ariaLabelConfig={ariaLabels}
      >
        <Background gap={20} color={theme === "dark" ? "#334155" : "#cbd5e1"} />
        <ZoomScale />
        <LowZoomCanvas />
        <GroupFrames rects={rectOf} />
        {showMinimap && <MiniMap pannable zoomable nodeColor={miniColor} className={`!bottom-2 !right-2 ${OVERLAY}`} style={MINIMAP_STYLE} />}
        <Controls position="bottom-left" className={OVERLAY}>
          <ControlButton onClick={() => useLayout.getState().toggle("snap")} aria-label="Snap to grid" aria-pressed={snap} title={t("canvas.snap")} className={snap ? "!bg-sky-100 dark:!bg-sky-900" : ""}>
            <span aria-hidden className="text-[12px] font-bold">#</span>
          </ControlButton>
        </Controls>
      </ReactFlow>
      {search && <AddOpSearch request={search} onClose={() => setSearch(null)} />}
    </div>
  );
}
