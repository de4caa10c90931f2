// The messages between the page and the race worker (Compare optimizers): the page sends the
// document, the contestants and the two numbers to follow; the worker sends, a few times a
// second, what each lane added since the last report, then done, then (when two numbers are
// followed) the loss surface under the paths. Everything survives structured clone; the
// surface's samples and each lane's final Params travel as Float64Arrays whose buffers are transferred.
import type { GraphDoc, OptimizerSpec } from "../engine/graph";
import type { LaneResult, ParamRef } from "../engine/race";

export type RaceStart = {
  type: "start";
  doc: GraphDoc;
  contestants: OptimizerSpec[];
  /** optimizer steps for every lane */
  steps: number;
  /** the two numbers whose paths to record, and over which to sample the loss; null: curves only */
  track: [ParamRef, ParamRef] | null;
  /** samples per side of the loss surface (default 41) */
  resolution?: number;
};

export type ToRace = RaceStart | { type: "stop" };

/** What one lane added since the last report. */
export interface LaneDelta {
  /** losses of the new steps, each before its update */
  losses: number[];
  /** the followed numbers after each new step (the start point comes with the first report) */
  path: [number, number][];
  /** set once, in the report where the lane stopped: the step that was not taken and why */
  diverged: { step: number; what: string } | null;
}

export type RaceProgress = { type: "progress"; step: number; steps: number; lanes: LaneDelta[] };
/** `results`: each lane's Params and optimizer state at its end, in the lanes' order (to go on training from one of them). */
export type RaceDone = { type: "done"; step: number; reason: "finished" | "stopped" | "diverged"; results: LaneResult[] };
/** The loss over a grid of the two followed numbers, covering every path (race.ts lossSurface). */
export type RaceSurface =
  | { type: "surface"; ok: true; a: number[]; b: number[]; loss: Float64Array; min: number | null; max: number | null }
  | { type: "surface"; ok: false; reason: string };
export type RaceError = { type: "error"; message: string };

export type FromRace = RaceProgress | RaceDone | RaceSurface | RaceError;

/** The buffers a message holds, to transfer with it. */
export function raceTransferables(m: FromRace): ArrayBuffer[] {
  if (m.type === "done") return m.results.flatMap((r) => r.params.map((p) => p.data.buffer as ArrayBuffer));
  return m.type === "surface" && m.ok ? [m.loss.buffer as ArrayBuffer] : [];
}
