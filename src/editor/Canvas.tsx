// The canvas: React Flow over the store's document. React Flow only reports changes; the
// store decides what they mean (a drag, a selection, a deletion, a wire).
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import {
  Background,
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
import { importFile } from "../ui/files";
import { GROUP_ACCENT } from "./groups";
import { OpNode, type OpNodeData } from "./OpNode";
import { ValueEdge } from "./ValueEdge";
import { nodesChanged, setNodeRects } from "./labelPlaces";
import { AddOpSearch, type AddOpRequest } from "./AddOpSearch";
import { boundsOf, onScreen, readableView, revealView, type Rect, type View } from "./readableView";

/** Where the minimap sits (bottom right, 140 × 90 with its 8 px margin): the camera keeps the current node clear of it. */
const MINIMAP = { width: 156, height: 106 };

export const OP_MIME = "application/gradflow-op";

const nodeTypes = { op: OpNode };
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
const miniColor = (n: Node) => GROUP_ACCENT[getOp((n.data as { type: string }).type)?.group ?? "Sources"];
const onMoveEnd = (_: unknown, v: Viewport) => useGraph.getState().setViewport(v);

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
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const nodeCache = useRef<{ list: Node[]; byId: Map<string, Node> }>({ list: [], byId: new Map() });
  const edgeCache = useRef<{ list: Edge[]; byId: Map<string, Edge> }>({ list: [], byId: new Map() });

  // React Flow gets the same node object while its id, position, selection, type, label and
  // size stay put, and the same array while every node does: an edit of a value (or a drag of
  // one node) then costs React Flow nothing for the other nodes.
  const nodes = useMemo(() => {
    const sel = new Set(selectedNodes);
    const prev = nodeCache.current;
    const byId = new Map<string, Node>();
    let same = doc.nodes.length === prev.list.length;
    const list = doc.nodes.map((n, i) => {
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
    if (same) return prev.list;
    nodeCache.current = { list, byId };
    return list;
    // measureVersion: re-read the measured sizes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.nodes, selectedNodes, measureVersion]);

  const edges = useMemo<Edge[]>(() => {
    const sel = new Set(selectedEdges);
    const prev = edgeCache.current;
    const byId = new Map<string, Edge>();
    let same = doc.edges.length === prev.list.length;
    const list = doc.edges.map((e, i) => {
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
  }, [doc.edges, selectedEdges]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const s = useGraph.getState();
    const moves = new Map<string, XY>();
    let dragDone = false;
    let selection: Set<string> | null = null;
    let measuredChanged = false;
    for (const c of changes) {
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
      setSearch({ screen, filter, onPick: (type) => useGraph.getState().addWired(type, { x: at.x - 20, y: at.y - 20 }, wire) });
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
      if (file) void importFile(file);
    },
    [rf],
  );

  /** Every node's rectangle in flow coordinates, as measured. */
  const rects = useCallback(
    (): (Rect & { id: string })[] =>
      rf.getNodes().map((n) => ({ id: n.id, x: n.position.x, y: n.position.y, width: n.measured?.width ?? 150, height: n.measured?.height ?? 70 })),
    [rf],
  );
  useEffect(() => setNodeRects(rects), [rects]);

  /** A readable fit of the whole graph (UI.md: node text at least 11 px), or its first nodes when it is too large. */
  const fitReadable = useCallback(() => {
    const el = container.current;
    const v = el && readableView(rects(), el.clientWidth, el.clientHeight);
    if (v) void rf.setViewport(v);
  }, [rf, rects]);

  /** Does the whole graph fit in view? Then the minimap has nothing to add, and would only cover it. */
  const [allInView, setAllInView] = useState(true);
  const checkInView = useCallback(() => {
    const el = container.current, b = boundsOf(rects());
    if (!el || !b) return setAllInView(true);
    const s = onScreen(b, rf.getViewport() as View);
    setAllInView(s.x >= 0 && s.y >= 0 && s.x + s.width <= el.clientWidth && s.y + s.height <= el.clientHeight);
  }, [rf, rects]);

  /** Brings a node into view (clear of the minimap), without changing the zoom. */
  const reveal = useCallback(
    (id: string) => {
      const el = container.current, r = rects().find((n) => n.id === id);
      if (!el || !r) return;
      const W = el.clientWidth, H = el.clientHeight;
      const covered = allInView ? [] : [{ x: W - MINIMAP.width, y: H - MINIMAP.height, ...MINIMAP }];
      const v = revealView(r, rf.getViewport() as View, W, H, covered);
      if (v) void rf.setViewport(v, { duration: 200 });
    },
    [rf, rects, allInView],
  );

  // stepping: the camera follows the current node
  useEffect(() => {
    if (current) reveal(current);
  }, [current, reveal]);

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
      >
        <Background gap={20} color="#e2e8f0" />
        {!allInView && <MiniMap pannable zoomable nodeColor={miniColor} className="!bottom-2 !right-2" style={MINIMAP_STYLE} />}
        <Controls position="bottom-left" />
      </ReactFlow>
      {search && <AddOpSearch request={search} onClose={() => setSearch(null)} />}
    </div>
  );
}
