// Drives training in the Web Worker and mirrors what it reports into the store: the losses,
// the Param values on the canvas as they move, and at the end one undo entry for the run.
// The worker reports every time slice; the page takes those reports in a few times a second,
// so it keeps answering clicks however fast the steps come.
import type { GraphDoc } from "../engine/graph";
import { finishTraining, installTrainedDoc, useGraph } from "../state/store";
import type { ProgressMessage } from "../worker/protocol";
import { startTraining } from "../worker/trainClient";
import { t } from "../i18n/core";
import { engineText } from "../i18n/engineMessages";

const FLUSH_MS = 120;

interface Run {
  handle: ReturnType<typeof startTraining>;
  /** reports not yet shown: held while paused, so a paused run does not move */
  pending: ProgressMessage[];
  paused: boolean;
  flush(): void;
  finish(state: "done" | "stopped" | "error" | "diverged", error?: string | null): void;
}

let run: Run | null = null;

function withParamValues(doc: GraphDoc, params: readonly (readonly [string, unknown])[]): GraphDoc {
  const byId = new Map(params);
  return { ...doc, nodes: doc.nodes.map((n) => (byId.has(n.id) ? { ...n, data: { ...n.data, value: byId.get(n.id) } } : n)) };
}

export function startTrain(steps: number): void {
  const s = useGraph.getState();
  if (run) return;
  s.stopStepping();
  const before = s.doc;
  const losses: number[] = [];
  let changed = false;
  let over = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  s.trainUpdate({ state: "running", step: 0, steps, losses, before, error: null, version: s.training.version + 1 });

  const show = (step: number, params: readonly (readonly [string, unknown])[]) => {
    if (params.length) {
      // into the document as it is now (the run holds its computation; its view may have moved)
      installTrainedDoc(withParamValues(useGraph.getState().doc, params));
      changed = true;
    }
    const t = useGraph.getState().training;
    useGraph.getState().trainUpdate({ step, version: t.version + 1 });
  };
  const self: Run = {
    pending: [],
    paused: false,
    handle: null as unknown as Run["handle"],
    flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (over || self.paused || !self.pending.length) return;
      for (const m of self.pending) losses.push(...m.losses);
      const last = self.pending[self.pending.length - 1];
      self.pending = [];
      show(last.step, last.params);
    },
    finish(state, error = null) {
      if (over) return;
      over = true;
      if (timer) clearTimeout(timer);
      run = null;
      if (changed) finishTraining(before);
      const t = useGraph.getState().training;
      useGraph.getState().trainUpdate({ state, error, version: t.version + 1 });
    },
  };
  self.handle = startTraining(before, s.training.optimizer, steps, {
    onProgress(m) {
      if (over) return;
      self.pending.push(m);
      if (!self.paused) timer ??= setTimeout(() => self.flush(), FLUSH_MS);
    },
    onDone(m) {
      if (over) return;
      self.paused = false;
      self.flush();
      show(m.step, m.params);
      if (m.reason === "diverged") {
        const message = t("train.diverged", { reason: m.message ? engineText(m.message) : t("train.divergedDefault") });
        useGraph.getState().toast("error", message);
        return self.finish("diverged", message);
      }
      self.finish(m.reason === "stopped" ? "stopped" : "done");
    },
    onError(message) {
      if (over) return;
      useGraph.getState().toast("error", t("train.failed", { reason: engineText(message) }));
      self.finish("error", message);
    },
  });
  run = self;
}

/** Pause takes effect at once: what the worker still sends is held until Resume. */
export function pauseTrain(): void {
  if (!run) return;
  run.handle.pause();
  run.flush();
  run.paused = true;
  useGraph.getState().trainUpdate({ state: "paused" });
}

export function resumeTrain(): void {
  if (!run) return;
  run.paused = false;
  run.handle.resume();
  run.flush();
  useGraph.getState().trainUpdate({ state: "running" });
}

/** Stop takes effect at once: what the worker has reported is shown, nothing later is applied. */
export function stopTrain(): void {
  if (!run) return;
  const r = run;
  r.handle.stop();
  r.paused = false;
  r.flush();
  r.finish("stopped");
}
