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
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
} from "@xyflow/react";
import type { Viewport, XY } from "../engine/graph";
import { getOp } from "../engine/ops";
import { useGraph } from "../state/store";
import { importFile } from "../ui/files";
import { GROUP_ACCENT } from "./groups";
import { OpNode, type OpNodeData } from "./OpNode";
import { ValueEdge } from "./ValueEdge";
import { ZoomScale } from "./ZoomScale";
import { useT } from "../i18n";
import { useTheme } from "../ui/theme";

export const OP_MIME = "application/gradflow-op";

const nodeTypes = { op: OpNode };
const edgeTypes = { value: ValueEdge };
const LARGE = 200;
// Props kept identical between renders: React Flow copies each changed prop into its store (and
// the MiniMap re-renders every node when its colour function changes), so fresh objects on every
// edit or drag cost work proportional to the graph.
const FIT = { padding: 0.2, maxZoom: 1.2 };
const DELETE_KEYS = ["Delete", "Backspace"];
const MULTI_KEYS = ["Meta", "Control"];
const PRO = { hideAttribution: true };
const EDGE_DEFAULTS = { type: "value" };
const ORIGIN = { x: 0, y: 0 };
const miniColor = (n: Node) => GROUP_ACCENT[getOp((n.data as { type: string }).type)?.group ?? "Sources"];
const onMoveEnd = (_: unknown, v: Viewport) => useGraph.getState().setViewport(v);

export function Canvas() {
  const doc = useGraph((s) => s.doc);
  const selectedNodes = useGraph((s) => s.selectedNodes);
  const selectedEdges = useGraph((s) => s.selectedEdges);
  const viewportRequest = useGraph((s) => s.viewportRequest);
  const rf = useReactFlow();
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
        useGraph.getState().addNode(type, { x: p.x - 60, y: p.y - 20 });
        return;
      }
      const file = e.dataTransfer.files[0];
      if (file) void importFile(file);
    },
    [rf],
  );

  // after an import or an example: its saved viewport, or fit once every node has been measured
  const initialized = useNodesInitialized();
  const handled = useRef(0);
  useEffect(() => {
    if (!viewportRequest || handled.current === viewportRequest.seq || (!initialized && doc.nodes.length)) return;
    handled.current = viewportRequest.seq;
    // an empty graph has nothing to fit (React Flow would hold the fit until the first node arrives and jump then)
    if (!doc.nodes.length && !viewportRequest.viewport) return;
    if (viewportRequest.viewport) void rf.setViewport(viewportRequest.viewport);
    else void rf.fitView(FIT);
  }, [viewportRequest, initialized, rf, doc.nodes.length]);

  return (
    <div className="h-full w-full" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDelete={onDelete}
        onMoveEnd={onMoveEnd}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_KEYS}
        onlyRenderVisibleElements={doc.nodes.length > LARGE}
        minZoom={0.1}
        maxZoom={2.5}
        fitView
        fitViewOptions={FIT}
        proOptions={PRO}
        defaultEdgeOptions={EDGE_DEFAULTS}
        colorMode={theme}
        ariaLabelConfig={ariaLabels}
      >
        <Background gap={20} color={theme === "dark" ? "#334155" : "#cbd5e1"} />
        <ZoomScale />
        <MiniMap pannable zoomable nodeColor={miniColor} className="!bottom-2 !right-2" style={{ width: 140, height: 90 }} />
        <Controls position="bottom-left" />
      </ReactFlow>
    </div>
  );
}
