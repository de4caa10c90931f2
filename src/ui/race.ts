// Compare optimizers on the page: the settings of the six contestants (the registry's defaults, the
// document's own optimizer's settings for its type, or an example's race settings), and what the
// race worker reports, gathered into lanes and shown a few times a second. A race trains copies in
// the worker: the document is never changed by it, unless the learner then takes one lane's
// result into the graph (takeLaneResult: its Params and its optimizer with the state it reached,
// one undo step). Results belong to the numbers they started from: while the graph holds other
// numbers (an edit, or a result taken), they cannot be taken, and the view says why; an Undo back
// to the numbers they started from offers them again.
import { create } from "zustand";
import type { GraphDoc, OptimizerSpec } from "../engine/graph";
import { OPTIMIZERS, resolveHyper } from "../engine/optimizers";
import { twoTrainableNumbers, type LaneResult, type ParamRef } from "../engine/race";
import type { Tensor } from "../engine/tensor";
import { withParams } from "../engine/train";
import { graphShape, racePresetOf } from "../examples/match";
import { useGraph } from "../state/store";
import type { RaceSurface } from "../worker/raceProtocol";
import { startRace, type RaceControl } from "../worker/raceClient";

export interface Contestant {
  spec: OptimizerSpec;
  on: boolean;
}

export interface LaneView {
  optimizer: OptimizerSpec;
  losses: number[];
  path: [number, number][];
  diverged: { step: number; what: string } | null;
}

export type RaceStatus = "idle" | "running" | "done" | "stopped" | "diverged" | "error";

interface RaceState {
  /** the Train panel shows the comparison instead of one training */
  open: boolean;
  /** the graph (graphShape) the settings and results belong to */
  key: string | null;
  contestants: Contestant[];
  steps: number;
  status: RaceStatus;
  step: number;
  total: number;
  lanes: LaneView[];
  track: [ParamRef, ParamRef] | null;
  /** the two numbers the learner picked to follow, when the graph has more than two (the contours are drawn over them) */
  picked: [ParamRef | null, ParamRef | null];
  surface: Extract<RaceSurface, { ok: true }> | null;
  surfaceError: string | null;
  error: string | null;
  /** each lane's Params and optimizer state at its end (after done), in the lanes' order */
  results: LaneResult[] | null;
  /** the values of the nodes the lanes started from (to tell when the graph's numbers are others) */
  from: Values | null;
  /** the last result taken into the graph: its optimizer's name, and the values it made */
  used: { optimizer: string; values: Values } | null;
  /** bumped when lanes change in place */
  version: number;
}

export const DEFAULT_RACE_STEPS = 200;
export const MAX_STEPS = 100_000;
/** how often the page takes in what the worker reported */
const SHOW_MS = 100;

/** The contestants for a document: an example's race settings, or every optimizer's defaults (the document's own for its type). */
export function contestantsFor(doc: GraphDoc): { contestants: Contestant[]; steps: number } {
  const preset = racePresetOf(doc);
  if (preset) return { contestants: preset.contestants.map((c) => ({ spec: { type: c.type, ...resolveHyper(c.type, c) }, on: true })), steps: preset.steps };
  const own = doc.optimizer;
  return {
    contestants: OPTIMIZERS.map((o) => {
      const given = own && own.type === o.type ? (({ state: _, ...rest }) => rest)(own) : {};
      return { spec: { type: o.type, ...resolveHyper(o.type, given) }, on: true };
    }),
    steps: DEFAULT_RACE_STEPS,
  };
}

export const useRace = create<RaceState>()(() => ({
  open: false,
  key: null,
  contestants: [],
  steps: DEFAULT_RACE_STEPS,
  status: "idle",
  step: 0,
  total: 0,
  lanes: [],
  track: null,
  picked: [null, null],
  surface: null,
  surfaceError: null,
  error: null,
  results: null,
  from: null,
  used: null,
  version: 0,
}));

/** Picks one of the two numbers to follow (0: the horizontal axis, 1: the vertical), or clears it. */
export function pickTracked(axis: 0 | 1, r: ParamRef | null): void {
  const picked = useRace.getState().picked.slice() as RaceState["picked"];
  picked[axis] = r;
  useRace.setState({ picked });
}

/** The two numbers a race follows: the graph's only two, else the two the learner picked (if they differ). */
export function trackFor(doc: GraphDoc, picked: RaceState["picked"]): [ParamRef, ParamRef] | null {
  const two = twoTrainableNumbers(doc);
  if (two) return two;
  const [a, b] = picked;
  if (!a || !b || (a.id === b.id && (a.index ?? 0) === (b.index ?? 0))) return null;
  return [a, b];
}

let control: RaceControl | null = null;

/** Settings for this document's graph: kept while it is the same graph, fresh for another one (and its results cleared). */
export function syncRaceTo(doc: GraphDoc): void {
  const key = graphShape(doc);
  const s = useRace.getState();
  if (s.key === key) return;
  cancelRace();
  const { contestants, steps } = contestantsFor(doc);
  useRace.setState({ key, contestants, steps, status: "idle", step: 0, total: 0, lanes: [], track: null, picked: [null, null], surface: null, surfaceError: null, error: null, results: null, from: null, used: null, version: s.version + 1 });
}

function cancelRace(): void {
  if (!control) return;
  control.cancel();
  control = null;
}

/** Each node's id and value, as the document holds them: an edit of a value makes a new one; a move, a label or a selection keeps it. */
type Values = readonly (readonly [string, unknown])[];
const valuesOf = (doc: GraphDoc): Values => doc.nodes.map((n) => [n.id, n.data.value] as const);
/** Does the document hold these values (the same nodes, each value the same object)? */
export function holds(doc: GraphDoc, v: Values | null): boolean {
  return !!v && v.length === doc.nodes.length && doc.nodes.every((n, i) => n.id === v[i][0] && n.data.value === v[i][1]);
}

/** Where the results stand against the graph: ready to take, taken (the graph holds what one of them made), or of other numbers. */
export function resultsState(r: Pick<RaceState, "results" | "from" | "used">, doc: GraphDoc): "none" | "ready" | "used" | "other" {
  if (!r.results || !r.from) return "none";
  if (holds(doc, r.from)) return "ready";
  return r.used && holds(doc, r.used.values) ? "used" : "other";
}

/**
 * Takes lane i's result into the graph, as one undo step: its Params' values, and its optimizer
 * with the state it reached (so that Train goes on from there, as the lane would have: the Train
 * panel takes up the document's optimizer, and gives it back on Undo). Returns the optimizer's
 * name, or null when there is no such result, the graph holds other numbers, or the edit is refused.
 */
export function takeLaneResult(i: number): string | null {
  const s = useRace.getState();
  const r = s.results?.[i];
  const g = useGraph.getState();
  if (!r || resultsState(s, g.doc) !== "ready") return null;
  const params = new Map<string, Tensor>(r.params.map((p) => [p.id, { shape: p.shape, data: p.data }]));
  g.commit(withParams(g.doc, params, r.optimizer));
  const after = useGraph.getState().doc;
  if (after === g.doc) return null;
  useRace.setState({ used: { optimizer: r.optimizer.type, values: valuesOf(after) } });
  return r.optimizer.type;
}

export function setRaceOpen(open: boolean): void {
  useRace.setState({ open });
}

export function setContestant(i: number, c: Partial<Contestant>): void {
  const list = useRace.getState().contestants.slice();
  list[i] = { ...list[i], ...c };
  useRace.setState({ contestants: list });
}

export function setRaceSteps(steps: number): void {
  useRace.setState({ steps: Math.max(1, Math.min(MAX_STEPS, Math.floor(steps) || 1)) });
}

export function compareOptimizers(): void {
  if (control) return;
  const doc = useGraph.getState().doc;
  syncRaceTo(doc);
  const s = useRace.getState();
  const chosen = s.contestants.filter((c) => c.on).map((c) => c.spec);
  if (chosen.length === 0) return;
  const track = trackFor(doc, s.picked);
  const lanes: LaneView[] = chosen.map((o) => ({ optimizer: o, losses: [], path: [], diverged: null }));
  let step = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const show = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    useRace.setState((r) => ({ step, version: r.version + 1 }));
  };
  useRace.setState({ status: "running", step: 0, total: s.steps, lanes, track, surface: null, surfaceError: null, error: null, results: null, from: valuesOf(doc), used: null, version: s.version + 1 });
  const end = () => {
    control = null;
    if (timer) clearTimeout(timer);
    timer = null;
  };
  control = startRace(
    { type: "start", doc, contestants: chosen, steps: s.steps, track },
    {
      onProgress(m) {
        m.lanes.forEach((d, i) => {
          const lane = lanes[i];
          for (const l of d.losses) lane.losses.push(l);
          for (const p of d.path) lane.path.push(p);
          if (d.diverged) lane.diverged = d.diverged;
        });
        step = m.step;
        timer ??= setTimeout(show, SHOW_MS);
      },
      onDone(m) {
        step = m.step;
        if (!track) end();
        show();
        useRace.setState({ status: m.reason === "finished" ? "done" : m.reason, results: m.results });
      },
      onSurface(m) {
        end();
        useRace.setState(m.ok ? { surface: m } : { surfaceError: m.reason });
      },
      onError(message) {
        end();
        useRace.setState((r) => ({ status: "error", error: message, version: r.version + 1 }));
      },
    },
  );
}

/** Stop: the worker ends the lanes where they are and still samples the surface under their paths. */
export function stopComparing(): void {
  control?.stop();
}
