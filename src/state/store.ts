// The one source of truth: the graph document, with undo history, selection, stepping,
// gradient-check badges, training and messages. Every document change goes through
// `commit`, which keeps the previous version for undo and re-derives the results.
import { create } from "zustand";
import type { GraphDoc, XY, Viewport, OptimizerSpec } from "../engine/graph";
import { gradCheck, type CheckReport } from "../engine/gradcheck";
import { resolveHyper } from "../engine/optimizers";
import { toNested, type Tensor } from "../engine/tensor";
import { buildSteps, revealAt, type Step } from "../teach/steps";
import { deriveView, runDoc, type Derived } from "./derive";
import * as D from "./doc";
import * as E from "./edit";
import { getOp } from "../engine/ops";
import { withSeeds } from "../engine/format";
import type { Table } from "../notation/table";
import { t } from "../i18n/core";
import { engineText } from "../i18n/engineMessages";
import { formulaParserInstalled } from "../engine/formula";
import { loadFormulas, usesFormulas } from "../notation/formulaLoader";

/** A run that is going or paused holds the document: nothing edits it until the run ends (ui/train.ts ends it first where a whole new document comes in). */
export const isLocked = (s: Pick<GraphState, "training">) => s.training.state === "running" || s.training.state === "paused";

export interface Toast {
  id: number;
  kind: "error" | "info";
  text: string;
}

export interface Stepping {
  steps: Step[];
  /** steps taken; 0 = Reset */
  k: number;
  playing: boolean;
}

export type TrainState = "idle" | "running" | "paused" | "done" | "stopped" | "error" | "diverged";

export interface Training {
  state: TrainState;
  step: number;
  steps: number;
  losses: number[];
  /** bumped when losses change, for the plot */
  version: number;
  optimizer: OptimizerSpec;
  /** the document before training: undo goes back here in one step */
  before: GraphDoc | null;
  error: string | null;
}

export interface GraphState {
  doc: GraphDoc;
  past: GraphDoc[];
  future: GraphDoc[];
  selectedNodes: string[];
  selectedEdges: string[];
  derived: Derived;
  stepping: Stepping | null;
  /** ms between steps when playing */
  stepDelay: number;
  checks: CheckReport | null;
  toasts: Toast[];
  training: Training;
  trainOpen: boolean;
  /** a viewport the canvas should move to (after an import or an example) */
  viewportRequest: { viewport: Viewport | null; seq: number } | null;
  /**
   * One element the learner picked (a cell of a matrix view): what the explanation works out in
   * full and the slope plot varies. `index` has one entry per axis of the node's output; null: element 0.
   */
  picked: { node: string; index: number[] } | null;
  pick(p: { node: string; index: number[] } | null): void;
  /** the explanation of the selected node is open (UI.md "Explaining a node") */
  explainOpen: boolean;
  setExplainOpen(open: boolean): void;
  /** what backward differentiates: a node's output, or null for the loss (the seeds); one undo step */
  setTarget(id: string | null): void;

  commit(next: GraphDoc, opts?: { keepSelection?: boolean }): void;
  replaceDoc(doc: GraphDoc, opts?: { history?: boolean }): void;
  undo(): void;
  redo(): void;
  addNode(type: string, at: XY): string;
  connect(w: D.Wire): boolean;
  remove(nodeIds: string[], edgeIds: string[]): void;
  setData(id: string, key: string, value: unknown): void;
  // the node editor's gestures (state/edit.ts), each one undo step
  /** adds a node, wired to `wire` when given (a wire dropped on empty canvas, a search at a port); returns its id or "" */
  addWired(type: string, at: XY, wire?: { from?: string; into?: { target: string; port: string } }, opts?: { withParams?: boolean }): string;
  duplicateSelection(): void;
  alignSelection(how: E.Align, sizes: E.Sizes): void;
  distributeSelection(axis: "horizontal" | "vertical", sizes: E.Sizes): void;
  insertOnEdge(edgeId: string, type: string, at: XY): void;
  /** a free node dragged onto a wire */
  spliceNode(edgeId: string, nodeId: string): void;
  removeKeepingWire(id: string): void;
  groupSelection(label: string): string;
  ungroup(id: string): void;
  updateGroup(id: string, change: Partial<{ label: string; collapsed: boolean }>): void;
  /** the learner's own data (a CSV, a paste) into an Input; labels into the Input feeding a loss's t, if there is one */
  setTable(inputId: string, table: Table): void;
  /** dragging: moves without history until the drag ends */
  dragMove(moves: Map<string, XY>, done: boolean): void;
  setViewport(v: Viewport): void;
  select(nodes: string[], edges: string[]): void;
  /** asks the canvas to fit the whole graph in view */
  requestFit(): void;
  toast(kind: Toast["kind"], text: string): void;
  dismiss(id: number): void;
  // stepping
  stepTo(k: number): void;
  stepBy(d: number): void;
  stopStepping(): void;
  setPlaying(on: boolean): void;
  setStepDelay(ms: number): void;
  // gradient check
  checkGradients(): void;
  // training (the worker is driven by ui/train.ts; these record what it reports)
  setTrainOpen(open: boolean): void;
  setOptimizer(o: OptimizerSpec): void;
  trainUpdate(t: Partial<Training>): void;
}

const HISTORY = 200;
const derive = (doc: GraphDoc, run: ReturnType<typeof runDoc>, s: Stepping | null) =>
  deriveView(doc, run, s && run.program ? revealAt(run.program, s.steps, s.k) : null);

let lastRun: ReturnType<typeof runDoc> | null = null;
let lastDoc: GraphDoc | null = null;
/** compile + run only when the computation changed (a drag moves nodes and runs nothing) */
function runFor(doc: GraphDoc) {
  if (!formulaParserInstalled() && usesFormulas(doc)) onFormulasNeeded?.();
  if (!lastRun || !lastDoc || !D.sameComputation(lastDoc, doc)) lastRun = runDoc(doc);
  lastDoc = doc;
  return lastRun;
}

/** set by the store: loads the formula reader (mathjs) the first time a document holds an Expr, then re-runs */
let onFormulasNeeded: (() => void) | null = null;

/**
 * Something that may hold a step back before it reveals anything (Predict asks first: state/teach.ts).
 * Returns true when it held the step; the stepping then stays where it was.
 */
export type StepGate = (from: number, to: number, steps: readonly Step[]) => boolean;
let stepGate: StepGate | null = null;
export function setStepGate(gate: StepGate | null): void {
  stepGate = gate;
}

let dragBase: GraphDoc | null = null;
let toastSeq = 0;
let viewSeq = 0;

/** OPS.md's defaults: SGD with lr 0.01 */
export const defaultOptimizer: OptimizerSpec = { type: "SGD", ...resolveHyper("SGD") };

export const useGraph = create<GraphState>()((set, get) => {
  /**
   * installs a new document: re-runs, resets stepping and badges (an edit invalidates them). When
   * the document's optimizer itself changes (an optimizer's result taken from a race, and its undo
   * and redo), the Train panel takes it up, so that Train goes on with what the document holds.
   */
  const install = (doc: GraphDoc, extra: Partial<GraphState> = {}) => {
    const s = get();
    const run = runFor(doc);
    const computationChanged = run.program !== s.derived.program || run.graphError !== s.derived.graphError;
    let stepping = s.stepping;
    if (stepping && computationChanged) stepping = run.program ? { steps: buildSteps(run.program), k: 0, playing: false } : null;
    const optimizer = doc.optimizer !== s.doc.optimizer && !isLocked(s) ? { training: { ...s.training, optimizer: doc.optimizer ?? defaultOptimizer } } : {};
    set({
      doc,
      derived: derive(doc, run, stepping),
      stepping,
      checks: computationChanged ? null : s.checks,
      ...optimizer,
      ...extra,
    });
  };

  let formulasLoading = false;
  onFormulasNeeded = () => {
    if (formulasLoading) return;
    formulasLoading = true;
    void loadFormulas().then(
      () => {
        lastRun = null;
        install(get().doc);
      },
      (e: unknown) => {
        formulasLoading = false;
        get().toast("error", t("toast.formulasFailed", { reason: (e as Error).message }));
      },
    );
  };

  /** true (and the learner told) when a run holds the document */
  const refused = () => {
    if (!isLocked(get())) return false;
    get().toast("error", t("lock.refused"));
    return true;
  };

  const initial = D.emptyDoc();
  return {
    doc: initial,
    past: [],
    future: [],
    selectedNodes: [],
    selectedEdges: [],
    derived: derive(initial, runFor(initial), null),
    stepping: null,
    stepDelay: 700,
    checks: null,
    toasts: [],
    training: { state: "idle", step: 0, steps: 0, losses: [], version: 0, optimizer: defaultOptimizer, before: null, error: null },
    trainOpen: false,
    viewportRequest: null,
    picked: null,
    pick(p) {
      set({ picked: p });
    },
    explainOpen: false,
    setExplainOpen(open) {
      set({ explainOpen: open });
    },
    setTarget(id) {
      const doc = get().doc;
      if ((doc.target ?? null) === id) return;
      if (id !== null && !doc.nodes.some((n) => n.id === id)) return get().toast("error", t("explainView.noTarget", { id }));
      const next = { ...doc };
      if (id === null) delete next.target;
      else next.target = id;
      get().commit(next);
    },

    commit(next, opts) {
      const s = get();
      if (next === s.doc || refused()) return;
      const past = [...s.past, s.doc].slice(-HISTORY);
      const ids = new Set(next.nodes.map((n) => n.id));
      install(next, {
        past,
        future: [],
        selectedNodes: opts?.keepSelection === false ? [] : s.selectedNodes.filter((id) => ids.has(id)),
      });
    },

    replaceDoc(doc, opts) {
      if (refused()) return;
      const s = get();
      const history = opts?.history !== false;
      install(doc, {
        past: history ? [...s.past, s.doc].slice(-HISTORY) : [],
        future: [],
        selectedNodes: [],
        selectedEdges: [],
        stepping: null,
        checks: null,
        viewportRequest: { viewport: doc.viewport ?? null, seq: ++viewSeq },
      });
      if (get().training.state !== "running") get().trainUpdate({ optimizer: doc.optimizer ?? defaultOptimizer, losses: [], step: 0, state: "idle", version: get().training.version + 1 });
    },

    undo() {
      const s = get();
      const prev = s.past[s.past.length - 1];
      if (!prev || refused()) return;
      install(prev, { past: s.past.slice(0, -1), future: [s.doc, ...s.future] });
    },

    redo() {
      const s = get();
      const next = s.future[0];
      if (!next || refused()) return;
      install(next, { past: [...s.past, s.doc], future: s.future.slice(1) });
    },

    addNode(type, at) {
      if (refused()) return "";
      const { doc, id } = D.addNode(get().doc, type, at);
      get().commit(doc);
      set({ selectedNodes: [id], selectedEdges: [] });
      return id;
    },

    connect(w) {
      if (refused()) return false;
      const r = D.connect(get().doc, w);
      if (typeof r === "string") {
        get().toast("error", engineText(r));
        return false;
      }
      get().commit(r);
      return true;
    },

    remove(nodeIds, edgeIds) {
      get().commit(D.removeItems(get().doc, nodeIds, edgeIds));
      set({ selectedEdges: get().selectedEdges.filter((id) => !edgeIds.includes(id)) });
    },

    setData(id, key, value) {
      get().commit(D.setNodeData(get().doc, id, key, value));
    },

    addWired(type, at, wire, opts) {
      if (refused()) return "";
      const s = get();
      const port = wire?.into?.port;
      const added = D.addNode(s.doc, type, at, port);
      let doc: GraphDoc | string = added.doc;
      const op = getOp(type)!;
      const known = new Map<string, readonly number[]>();
      if (wire?.from) {
        // what feeds the new node: its first input that takes this value
        const p = op.inputs.find((q) => !q.noGrad) ?? op.inputs[0];
        if (p) doc = D.connect(doc, { source: wire.from, target: added.id, targetHandle: p.name });
        const shape = p && s.derived.nodes.get(wire.from)?.value?.shape;
        if (p && shape) known.set(p.name, shape);
      }
      if (opts?.withParams && typeof doc !== "string") {
        // the layer comes with its weights: a Param for each port a Param feeds, shaped to fit
        let row = 1;
        for (const [name, value] of E.paramValuesFor(type, known)) {
          const taken = new Set(doc.nodes.map((n) => n.id));
          const id = D.nodeName("Param", taken, name);
          doc = { ...doc, nodes: [...doc.nodes, { id, type: "Param", position: { x: Math.round(at.x - 200), y: Math.round(at.y + 110 * row++) }, data: { value } }] };
          doc = D.connect(doc, { source: id, target: added.id, targetHandle: name });
          if (typeof doc === "string") break;
        }
        if (typeof doc !== "string") doc = withSeeds(doc);
      }
      if (typeof doc !== "string" && wire?.into) doc = D.connect(doc, { source: added.id, target: wire.into.target, targetHandle: wire.into.port });
      if (typeof doc === "string") {
        get().toast("error", doc);
        return "";
      }
      get().commit(doc);
      set({ selectedNodes: [added.id], selectedEdges: [] });
      return added.id;
    },

    duplicateSelection() {
      const r = E.duplicate(get().doc, get().selectedNodes);
      if (!r || refused()) return;
      get().commit(r.doc);
      set({ selectedNodes: r.ids, selectedEdges: [] });
    },

    alignSelection(how, sizes) {
      get().commit(E.align(get().doc, get().selectedNodes, how, sizes));
    },

    distributeSelection(axis, sizes) {
      get().commit(E.distribute(get().doc, get().selectedNodes, axis, sizes));
    },

    insertOnEdge(edgeId, type, at) {
      if (refused()) return;
      const r = E.insertOnEdge(get().doc, edgeId, type, at);
      if (typeof r === "string") return get().toast("error", r);
      get().commit(r.doc);
      set({ selectedNodes: [r.id], selectedEdges: [] });
    },

    spliceNode(edgeId, nodeId) {
      if (refused()) return;
      const r = E.spliceNode(get().doc, edgeId, nodeId);
      if (typeof r === "string") return get().toast("error", r);
      get().commit(r);
    },

    removeKeepingWire(id) {
      if (refused()) return;
      const r = E.removeKeepingWire(get().doc, id);
      if (typeof r === "string") return get().toast("error", r);
      get().commit(r, { keepSelection: false });
    },

    groupSelection(label) {
      if (refused()) return "";
      const r = E.group(get().doc, get().selectedNodes, label);
      if (typeof r === "string") {
        get().toast("error", r);
        return "";
      }
      get().commit(r.doc);
      return r.id;
    },

    ungroup(id) {
      get().commit(E.ungroup(get().doc, id));
    },

    updateGroup(id, change) {
      get().commit(E.updateGroup(get().doc, id, change));
    },

    setTable(inputId, table) {
      if (refused()) return;
      let doc = D.setNodeData(get().doc, inputId, "value", table.value[0].length === 1 ? table.value.map((r) => r[0]) : table.value);
      if (table.labels) {
        // the Input wired into a loss's t takes the class indices, in the same step
        const into = doc.edges.find((e) => e.targetHandle === "t" && getOp(doc.nodes.find((n) => n.id === e.target)?.type ?? "")?.role === "loss");
        const tNode = into && doc.nodes.find((n) => n.id === into.source && n.type === "Input");
        if (tNode) doc = D.setNodeData(doc, tNode.id, "value", table.labels.indices);
        else get().toast("info", t("table.labelsUnused", { column: table.labels.column }));
      }
      get().commit(doc);
    },

    dragMove(moves, done) {
      const s = get();
      if (isLocked(s)) return;
      if (!dragBase) dragBase = s.doc;
      const doc = D.moveNodes(s.doc, moves);
      if (done) {
        const base = dragBase;
        dragBase = null;
        install(doc, { past: [...s.past, base].slice(-HISTORY), future: [] });
      } else install(doc);
    },

    setViewport(v) {
      // the view is not an edit: no history entry, but it is saved with the file
      set({ doc: { ...get().doc, viewport: v } });
    },

    requestFit() {
      set({ viewportRequest: { viewport: null, seq: ++viewSeq } });
    },

    select(nodes, edges) {
      set({ selectedNodes: nodes, selectedEdges: edges });
    },

    toast(kind, text) {
      const id = ++toastSeq;
      set({ toasts: [...get().toasts.slice(-1), { id, kind, text }] });
      setTimeout(() => get().dismiss(id), kind === "error" ? 8000 : 3500);
    },

    dismiss(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },

    stepTo(k) {
      const s = get();
      // an empty graph has nothing to step through (the keys as well as the buttons)
      if (!s.doc.nodes.length) return;
      const run = runFor(s.doc);
      if (!run.program) {
        get().toast("error", t("toast.cannotStep", { reason: engineText(run.graphError ?? "") }));
        return;
      }
      const steps = s.stepping?.steps ?? buildSteps(run.program);
      const stepping = { steps, k: Math.max(0, Math.min(steps.length, k)), playing: s.stepping?.playing ?? false };
      if (stepGate?.(s.stepping?.k ?? 0, stepping.k, steps)) {
        // held: nothing more is revealed, and Play waits for the answer
        const held = { steps, k: s.stepping?.k ?? 0, playing: false };
        set({ stepping: held, derived: derive(s.doc, run, held) });
        return;
      }
      if (stepping.k === steps.length) stepping.playing = false;
      set({ stepping, derived: derive(s.doc, run, stepping) });
    },

    stepBy(d) {
      const s = get();
      get().stepTo((s.stepping?.k ?? 0) + d);
    },

    stopStepping() {
      const s = get();
      set({ stepping: null, derived: derive(s.doc, runFor(s.doc), null) });
    },

    setPlaying(on) {
      const s = get();
      if (!s.stepping) get().stepTo(0);
      const st = get().stepping;
      if (!st) return;
      const k = on && st.k >= st.steps.length ? 0 : st.k;
      const stepping = { ...st, k, playing: on };
      set({ stepping, derived: derive(s.doc, runFor(s.doc), stepping) });
    },

    setStepDelay(ms) {
      set({ stepDelay: ms });
    },

    checkGradients() {
      const s = get();
      try {
        const report = gradCheck(s.doc, { elements: true });
        set({ checks: report });
        const failed = [...report.nodes.values()].filter((c) => !c.pass && c.relError !== null).length;
        if (report.reason) get().toast("info", t("check.none", { reason: report.reason }));
        else get().toast(failed ? "error" : "info", failed ? (failed > 1 ? t("toast.gradsDiffer", { count: failed }) : t("toast.gradDiffersOne")) : t("toast.allGradsMatch"));
      } catch (e) {
        get().toast("error", t("toast.checkFailed", { reason: engineText((e as Error).message) }));
      }
    },

    setTrainOpen(open) {
      set({ trainOpen: open });
    },

    setOptimizer(o) {
      const s = get();
      set({ training: { ...s.training, optimizer: o } });
    },

    trainUpdate(t) {
      set({ training: { ...get().training, ...t } });
    },
  };
});

/**
 * Training's progress: the Params' new values into the document, without an undo entry. The run on
 * show takes them where it is and runs again (no compile) when nothing else changed, as nothing can
 * while a run holds the document; otherwise the document is compiled as any other.
 */
export function installTrainedParams(values: ReadonlyMap<string, Tensor>): void {
  const s = useGraph.getState();
  const doc = { ...s.doc, nodes: s.doc.nodes.map((n) => (values.has(n.id) ? { ...n, data: { ...n.data, value: toNested(values.get(n.id)!) } } : n)) };
  const p = lastRun?.program;
  const fits = (id: string, t: Tensor) => p!.hasNode(id) && p!.paramValue(id).data.length === t.data.length;
  if (!p || !lastDoc || !D.sameComputation(lastDoc, s.doc) || ![...values].every(([id, t]) => fits(id, t))) return installTrainedDoc(doc);
  const t0 = performance.now();
  for (const [id, t] of values) p.paramValue(id).data.set(t.data);
  p.run();
  // the program now holds exactly the document's numbers: the cache stays true
  lastRun = { program: p, graphError: null, ms: performance.now() - t0 };
  lastDoc = doc;
  useGraph.setState({ doc, derived: deriveView(doc, lastRun, null, { inPlace: true }), stepping: null, checks: null });
}

/** Moves Param values in without an undo entry. */
export function installTrainedDoc(doc: GraphDoc): void {
  const run = runFor(doc);
  useGraph.setState({ doc, derived: derive(doc, run, null), stepping: null, checks: null });
}

/** After training: one undo entry that takes the whole run back. */
export function finishTraining(before: GraphDoc): void {
  const s = useGraph.getState();
  useGraph.setState({ past: [...s.past, before].slice(-HISTORY), future: [] });
}
