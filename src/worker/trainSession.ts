// Training in time slices: runs the engine's Trainer for about one frame's worth of steps, posts
// what happened, then yields (setTimeout 0) so that pause and stop messages are handled before
// the next slice. The losses go with every report; the Params, which are large, a few times a
// second, as copies whose buffers the post may transfer. Pure: the post function, the scheduler and
// the clock are injected, so tests drive it without a Worker and without real time.
import { TrainDiverged, Trainer } from "../engine/train";
import type { FromWorker, ParamValue, StartMessage, ToWorker } from "./protocol";

export interface SessionOptions {
  /** a message's Params are fresh copies, its own to transfer (see protocol.ts transferables) */
  post: (m: FromWorker) => void;
  /** runs fn later, after pending messages; default setTimeout(fn, 0) */
  schedule?: (fn: () => void) => void;
  /** milliseconds; default performance.now */
  now?: () => number;
  /** the length of one slice; default 16 ms */
  sliceMs?: number;
}

export class TrainSession {
  private readonly post: (m: FromWorker) => void;
  private readonly schedule: (fn: () => void) => void;
  private readonly now: () => number;
  private readonly sliceMs: number;

  private trainer: Trainer | null = null;
  private steps = 0;
  private step = 0;
  /** how many losses have been posted */
  private sent = 0;
  private reportEvery: number | null = null;
  private paramsEveryMs = 250;
  /** the clock when Params were last posted, and its last reading */
  private paramsAt = -Infinity;
  private clock = 0;
  private active = false;
  private paused = false;
  private pending = false;
  /** bumped by every start, so a slice scheduled for an earlier run does nothing */
  private run = 0;

  constructor(opts: SessionOptions) {
    this.post = opts.post;
    this.schedule = opts.schedule ?? ((fn) => void setTimeout(fn, 0));
    this.now = opts.now ?? (() => performance.now());
    this.sliceMs = opts.sliceMs ?? 16;
  }

  get running(): boolean {
    return this.active;
  }

  handle(m: ToWorker): void {
    switch (m.type) {
      case "start":
        return this.start(m);
      case "pause":
        if (this.active) this.paused = true;
        return;
      case "resume":
        if (!this.active || !this.paused) return;
        this.paused = false;
        if (!this.pending) this.next();
        return;
      case "stop":
        if (!this.active) return;
        this.active = false;
        this.flush();
        this.post({ type: "done", step: this.step, params: this.params(), reason: "stopped" });
        return;
    }
  }

  private start(m: StartMessage): void {
    this.run++;
    this.active = false;
    this.pending = false;
    this.paused = false;
    this.trainer = null;
    if (!Number.isInteger(m.steps) || m.steps < 1) return this.fail(`the number of steps must be a whole number ≥ 1, not ${m.steps}`);
    if (m.reportEvery !== undefined && !(Number.isInteger(m.reportEvery) && m.reportEvery >= 1))
      return this.fail(`reportEvery must be a whole number ≥ 1, not ${m.reportEvery}`);
    if (m.paramsEveryMs !== undefined && !(typeof m.paramsEveryMs === "number" && m.paramsEveryMs >= 0))
      return this.fail(`paramsEveryMs must be a number of milliseconds ≥ 0, not ${m.paramsEveryMs}`);
    try {
      this.trainer = new Trainer(m.doc, m.optimizer);
    } catch (e) {
      return this.fail((e as Error).message);
    }
    this.steps = m.steps;
    this.step = 0;
    this.sent = 0;
    this.reportEvery = m.reportEvery ?? null;
    this.paramsEveryMs = m.paramsEveryMs ?? 250;
    this.paramsAt = -Infinity;
    this.active = true;
    this.next();
  }

  private next(): void {
    const run = this.run;
    this.pending = true;
    this.schedule(() => {
      if (run !== this.run) return;
      this.pending = false;
      this.slice();
    });
  }

  private slice(): void {
    if (!this.active || this.paused) return;
    const t = this.trainer!;
    const t0 = (this.clock = this.now());
    const every = this.reportEvery;
    for (;;) {
      try {
        t.step();
      } catch (e) {
        this.active = false;
        if (!(e instanceof TrainDiverged)) return this.fail((e as Error).message);
        // the parameters are those of the last finite step: the page keeps them and says why it stopped
        this.flush();
        this.post({ type: "done", step: this.step, params: this.params(), reason: "diverged", message: e.message });
        return;
      }
      this.step++;
      if (this.step >= this.steps || (every !== null && this.step % every === 0) || (this.clock = this.now()) - t0 >= this.sliceMs) break;
    }
    if (this.step >= this.steps) {
      this.active = false;
      this.flush();
      this.post({ type: "done", step: this.step, params: this.params(), reason: "finished" });
      return;
    }
    if (every === null || this.step % every === 0) this.flush();
    this.next();
  }

  /** Posts progress with the losses not yet posted (nothing when there are none), and the Params when they are due. */
  private flush(): void {
    const t = this.trainer;
    if (!t || this.sent === t.losses.length) return;
    const losses = t.losses.slice(this.sent);
    this.sent = t.losses.length;
    if (this.clock - this.paramsAt >= this.paramsEveryMs) {
      this.paramsAt = this.clock;
      this.post({ type: "progress", step: this.step, steps: this.steps, losses, params: this.params() });
    } else this.post({ type: "progress", step: this.step, steps: this.steps, losses });
  }

  /** Copies of the Params' values (the trainer keeps updating its own) */
  private params(): ParamValue[] {
    if (!this.trainer) return [];
    return [...this.trainer.params()].map(([id, v]) => ({ id, shape: [...v.shape], data: v.data.slice() }));
  }

  private fail(message: string): void {
    this.post({ type: "error", message });
  }
}
