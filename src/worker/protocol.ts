// The messages between the page and the training worker. Everything here survives structured
// clone (plain objects, arrays, numbers), so the same types serve a real Worker and the
// in-thread fallback.
import type { GraphDoc, OptimizerSpec } from "../engine/graph";
import type { Nested } from "../engine/tensor";

export type StartMessage = {
  type: "start";
  doc: GraphDoc;
  optimizer: OptimizerSpec;
  /** how many optimizer steps to run */
  steps: number;
  /** post progress every this many steps (default: after every time slice, ~16 ms) */
  reportEvery?: number;
};

export type ToWorker = StartMessage | { type: "pause" } | { type: "resume" } | { type: "stop" };

/** A Param's value after an update: [node id, nested arrays (or a number)]. */
export type ParamEntry = [string, Nested];

export type ProgressMessage = {
  type: "progress";
  /** steps taken so far */
  step: number;
  steps: number;
  /** the losses of the steps since the last progress message (each before its update) */
  losses: number[];
  params: ParamEntry[];
};

export type DoneMessage = {
  type: "done";
  step: number;
  params: ParamEntry[];
  /** diverged: the step after `step` had a loss or parameters that are not finite, and was not taken */
  reason: "finished" | "stopped" | "diverged";
  /** with "diverged": what the trainer said ("training diverged at step 31: loss is NaN") */
  message?: string;
};

export type ErrorMessage = { type: "error"; message: string };

export type FromWorker = ProgressMessage | DoneMessage | ErrorMessage;
