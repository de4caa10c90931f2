// The page's side of Compare optimizers: starts the race worker, forwards stop, hands the worker's
// messages to the caller, and ends the worker after its last message (the surface, when two
// numbers are followed; done, when not). Without Worker the same session runs in this thread in
// time slices. Handlers are always called asynchronously; nothing is delivered after the end.
import type { FromRace, RaceDone, RaceProgress, RaceStart, RaceSurface, ToRace } from "./raceProtocol";
import { RaceSession } from "./raceSession";

export interface RaceHandlers {
  onProgress(m: RaceProgress): void;
  onDone(m: RaceDone): void;
  onSurface(m: RaceSurface): void;
  onError(message: string): void;
}

export interface RaceControl {
  stop(): void;
  /** ends the worker at once: nothing more is delivered */
  cancel(): void;
}

export function startRace(start: RaceStart, handlers: RaceHandlers): RaceControl {
  let over = false;
  let cleanup = () => {};
  const finish = () => {
    over = true;
    cleanup();
  };
  const deliver = (m: FromRace) => {
    if (over) return;
    if (m.type === "progress") return handlers.onProgress(m);
    if (m.type === "done") {
      if (!start.track) finish();
      return handlers.onDone(m);
    }
    finish();
    if (m.type === "surface") handlers.onSurface(m);
    else handlers.onError(m.message);
  };

  let worker: Worker | null = null;
  if (typeof Worker !== "undefined") {
    try {
      worker = new Worker(new URL("./race.worker.ts", import.meta.url), { type: "module" });
    } catch {
      worker = null;
    }
  }
  if (!worker) {
    const session = new RaceSession({ post: (m) => queueMicrotask(() => deliver(m)) });
    session.handle(start);
    return { stop: () => !over && session.handle({ type: "stop" }), cancel: () => finish() };
  }
  const w = worker;
  cleanup = () => w.terminate();
  w.onmessage = (e: MessageEvent<FromRace>) => deliver(e.data);
  w.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    deliver({ type: "error", message: e.message || "the race worker failed" });
  };
  w.onmessageerror = () => deliver({ type: "error", message: "a message from the race worker could not be read" });
  w.postMessage(start);
  const send = (m: ToRace) => {
    if (!over) w.postMessage(m);
  };
  return { stop: () => send({ type: "stop" }), cancel: () => finish() };
}
