// Drives training in the Web Worker and mirrors what it reports into the store: the losses,
// the Param values on the canvas as they move, and at the end one undo entry for the run.
import type { GraphDoc } from "../engine/graph";
import { finishTraining, installTrainedDoc, useGraph } from "../state/store";
import { startTraining } from "../worker/trainClient";

type Handle = ReturnType<typeof startTraining>;
let handle: Handle | null = null;
let stopNow: (() => void) | null = null;

function withParamValues(doc: GraphDoc, params: [string, unknown][]): GraphDoc {
  const byId = new Map(params);
  return { ...doc, nodes: doc.nodes.map((n) => (byId.has(n.id) ? { ...n, data: { ...n.data, value: byId.get(n.id) } } : n)) };
}

export function startTrain(steps: number): void {
  const s = useGraph.getState();
  if (handle) return;
  s.stopStepping();
  const before = s.doc;
  const optimizer = s.training.optimizer;
  const losses: number[] = [];
  let latest = before;
  s.trainUpdate({ state: "running", step: 0, steps, losses, before, error: null, version: s.training.version + 1 });
  let over = false;
  const finish = (state: "done" | "stopped" | "error", error: string | null = null) => {
    if (over) return;
    over = true;
    handle = null;
    stopNow = null;
    if (latest !== before) finishTraining(before);
    const t = useGraph.getState().training;
    useGraph.getState().trainUpdate({ state, error, version: t.version + 1 });
  };
  handle = startTraining(before, optimizer, steps, {
    onProgress(m) {
      if (over) return;
      losses.push(...m.losses);
      latest = withParamValues(before, m.params);
      installTrainedDoc(latest);
      const t = useGraph.getState().training;
      useGraph.getState().trainUpdate({ step: m.step, version: t.version + 1 });
    },
    onDone(m) {
      if (over) return;
      if (m.params.length) {
        latest = withParamValues(before, m.params);
        installTrainedDoc(latest);
      }
      useGraph.getState().trainUpdate({ step: m.step });
      finish(m.reason === "stopped" ? "stopped" : "done");
    },
    onError(message) {
      if (over) return;
      useGraph.getState().toast("error", `Training stopped: ${message}`);
      finish("error", message);
    },
  });
  stopNow = () => {
    handle?.stop();
    finish("stopped");
  };
}

export function pauseTrain(): void {
  if (!handle) return;
  handle.pause();
  useGraph.getState().trainUpdate({ state: "paused" });
}

export function resumeTrain(): void {
  if (!handle) return;
  handle.resume();
  useGraph.getState().trainUpdate({ state: "running" });
}

/** Stop takes effect at once: nothing the worker still sends is applied. */
export function stopTrain(): void {
  stopNow?.();
}

export const isTraining = () => handle !== null;
