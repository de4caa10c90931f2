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
import type { XY } from "../engine/graph";
import { getOp } from "../engine/ops";
import { useGraph } from "../state/store";
import { importFile } from "../ui/files";
import { GROUP_ACCENT } from "./groups";
import { OpNode } from "./OpNode";
import { ValueEdge } from "./ValueEdge";

export const OP_MIME = "application/gradflow-op";

const nodeTypes = { op: OpNode };
const edgeTypes = { value: ValueEdge };
const LARGE = 200;

export function Canvas() {
  const doc = useGraph((s) => s.doc);
  const selectedNodes = useGraph((s) => s.selectedNodes);
  const selectedEdges = useGraph((s) => s.selectedEdges);
  const viewportRequest = useGraph((s) => s.viewportRequest);
  const rf = useReactFlow();
  const measured = useRef(new Map<string, { width: number; height: number }>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const cache = useRef(new Map<string, Node>());

  const nodes = useMemo(() => {
    const sel = new Set(selectedNodes);
    const next = new Map<string, Node>();
    const list = doc.nodes.map((n) => {
      const prev = cache.current.get(n.id);
      const m = measured.current.get(n.id);
      const position = n.position ?? { x: 0, y: 0 };
      const selected = sel.has(n.id);
      if (prev && prev.position === position && prev.selected === selected && (prev.data as { src: unknown }).src === n && prev.measured === m) {
        next.set(n.id, prev);
        return prev;
      }
      const node: Node = { id: n.id, type: "op", position, selected, measured: m, data: { type: n.type, label: n.data.label as string | undefined, src: n } };
      next.set(n.id, node);
      return node;
    });
    cache.current = next;
    return list;
    // measureVersion: re-read the measured sizes
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc.nodes, selectedNodes, measureVersion]);

  const edges = useMemo<Edge[]>(() => {
    const sel = new Set(selectedEdges);
    return doc.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, sourceHandle: e.sourceHandle ?? "out", targetHandle: e.targetHandle, type: "value", selected: sel.has(e.id) }));
  }, [doc.edges, selectedEdges]);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    const s = useGraph.getState();
    const moves = new Map<string, XY>();
    let dragDone = false;
    let selection: Set<string> | null = null;
    const removed: string[] = [];
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
      } else if (c.type === "remove") removed.push(c.id);
      else if (c.type === "dimensions" && c.dimensions) {
        measured.current.set(c.id, c.dimensions);
        measuredChanged = true;
      }
    }
    if (moves.size || dragDone) s.dragMove(moves, dragDone);
    if (selection) s.select([...selection], useGraph.getState().selectedEdges);
    if (removed.length) s.remove(removed, []);
    if (measuredChanged) setMeasureVersion((v) => v + 1);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const s = useGraph.getState();
    let selection: Set<string> | null = null;
    const removed: string[] = [];
    for (const c of changes) {
      if (c.type === "select") {
        selection ??= new Set(s.selectedEdges);
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      } else if (c.type === "remove") removed.push(c.id);
    }
    if (selection) s.select(useGraph.getState().selectedNodes, [...selection]);
    if (removed.length) s.remove([], removed);
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
    if (viewportRequest.viewport) void rf.setViewport(viewportRequest.viewport);
    else void rf.fitView({ padding: 0.2, maxZoom: 1.2 });
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
        onMoveEnd={(_, v) => useGraph.getState().setViewport(v)}
        deleteKeyCode={["Delete", "Backspace"]}
        multiSelectionKeyCode={["Meta", "Control"]}
        onlyRenderVisibleElements={doc.nodes.length > LARGE}
        minZoom={0.1}
        maxZoom={2.5}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
        proOptions={{ hideAttribution: true }}
        defaultEdgeOptions={{ type: "value" }}
      >
        <Background gap={20} color="#e2e8f0" />
        <MiniMap pannable zoomable nodeColor={(n) => GROUP_ACCENT[getOp((n.data as { type: string }).type)?.group ?? "Sources"]} className="!bottom-2 !right-2" />
        <Controls position="bottom-left" />
      </ReactFlow>
    </div>
  );
}
