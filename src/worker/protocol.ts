// The messages between the page and the training worker. Everything here survives structured
// clone (plain objects, arrays, numbers, Float64Arrays), so the same types serve a real Worker and
// the in-thread fallback. A Param's numbers travel as a Float64Array whose buffer is transferred,
// not copied: a 784×128 weight is one 800 KB move instead of 100,000 numbers cloned one by one.
import type { GraphDoc, OptimizerSpec } from "../engine/graph";

export type StartMessage = {
  type: "start";
  doc: GraphDoc;
  optimizer: OptimizerSpec;
  /** how many optimizer steps to run */
  steps: number;
  /** post progress every this many steps (default: after every time slice, ~16 ms) */
  reportEvery?: number;
  /** send the Params' values with progress at most this often, in ms (default 250; 0: with every progress) */
  paramsEveryMs?: number;
};

export type ToWorker = StartMessage | { type: "pause" } | { type: "resume" } | { type: "stop" };

/** A Param's value after an update: its node id, shape and numbers (row-major). */
export interface ParamValue {
  id: string;
  shape: number[];
  data: Float64Array;
}

export type ProgressMessage = {
  type: "progress";
  /** steps taken so far */
  step: number;
  steps: number;
  /** the losses of the steps since the last progress message (each before its update) */
  losses: number[];
  /** the Params after `step`, a few times a second (see paramsEveryMs); absent in between */
  params?: ParamValue[];
};

export type DoneMessage = {
  type: "done";
  step: number;
  params: ParamValue[];
  /** diverged: the step after `step` had a loss or parameters that are not finite, and was not taken */
  reason: "finished" | "stopped" | "diverged";
  /** with "diverged": what the trainer said ("training diverged at step 31: loss is NaN") */
  message?: string;
};

export type ErrorMessage = { type: "error"; message: string };

export type FromWorker = ProgressMessage | DoneMessage | ErrorMessage;

/** The buffers a message's Params hold, to transfer with it. */
export function transferables(m: FromWorker): ArrayBuffer[] {
  const params = m.type === "error" ? undefined : m.params;
  return params ? params.map((p) => p.data.buffer as ArrayBuffer) : [];
}
