// Compare optimizers in time slices, as trainSession.ts trains: every lane steps together for about
// a frame's worth of time, the lanes' new losses and path points are posted, then it yields so that
// a stop is handled before the next slice. At the end (finished, stopped, or every lane diverged)
// it posts done, then samples the loss surface under the paths when two numbers are followed.
// Pure: post, scheduler and clock injected, so tests drive it without a Worker or real time.
import { lossSurface, OptimizerRace, rangeCovering } from "../engine/race";
import type { FromRace, LaneDelta, RaceStart, ToRace } from "./raceProtocol";

export interface RaceSessionOptions {
  post: (m: FromRace) => void;
  schedule?: (fn: () => void) => void;
  now?: () => number;
  sliceMs?: number;
}

/** The most steps a race may ask for. */
export const MAX_RACE_STEPS = 100_000;

export class RaceSession {
  private readonly post: (m: FromRace) => void;
  private readonly schedule: (fn: () => void) => void;
  private readonly now: () => number;
  private readonly sliceMs: number;
  private race: OptimizerRace | null = null;
  private start: RaceStart | null = null;
  private step = 0;
  /** per lane: how many losses and path points have been posted, and whether its divergence was */
  private sent: { losses: number; path: number; diverged: boolean }[] = [];
  private active = false;
  private run = 0;

  constructor(opts: RaceSessionOptions) {
    this.post = opts.post;
    this.schedule = opts.schedule ?? ((fn) => void setTimeout(fn, 0));
    this.now = opts.now ?? (() => performance.now());
    this.sliceMs = opts.sliceMs ?? 16;
  }

  get running(): boolean {
    return this.active;
  }

  handle(m: ToRace): void {
    if (m.type === "start") return this.begin(m);
    if (m.type === "stop" && this.active) this.end("stopped");
  }

  private begin(m: RaceStart): void {
    this.run++;
    this.active = false;
    this.race = null;
    if (!Number.isInteger(m.steps) || m.steps < 1 || m.steps > MAX_RACE_STEPS) return this.fail(`the number of steps must be a whole number from 1 to ${MAX_RACE_STEPS}, not ${m.steps}`);
    if (m.resolution !== undefined && !(Number.isInteger(m.resolution) && m.resolution >= 5)) return this.fail(`the surface's resolution must be a whole number ≥ 5, not ${m.resolution}`);
    try {
      this.race = new OptimizerRace(m.doc, m.contestants, m.track ? { track: m.track } : {});
    } catch (e) {
      return this.fail((e as Error).message);
    }
    this.start = m;
    this.step = 0;
    this.sent = this.race.lanes.map(() => ({ losses: 0, path: 0, diverged: false }));
    this.active = true;
    this.next();
  }

  private next(): void {
    const run = this.run;
    this.schedule(() => {
      if (run === this.run && this.active) this.slice();
    });
  }

  private slice(): void {
    const race = this.race!, steps = this.start!.steps;
    const t0 = this.now();
    for (;;) {
      let going: boolean;
      try {
        going = race.step();
      } catch (e) {
        // not a divergence (those stop one lane): the graph cannot be trained at all
        this.active = false;
        return this.fail((e as Error).message);
      }
      if (!going) return this.end("diverged");
      this.step++;
      if (this.step >= steps) return this.end("finished");
      if (this.now() - t0 >= this.sliceMs) break;
    }
    this.flush();
    this.next();
  }

  /** Posts what every lane added since the last report (nothing when no lane changed). */
  private flush(): void {
    const race = this.race;
    if (!race) return;
    let any = false;
    const lanes: LaneDelta[] = race.lanes.map((lane, i) => {
      const s = this.sent[i];
      const d: LaneDelta = { losses: lane.losses.slice(s.losses), path: lane.path.slice(s.path).map(([a, b]) => [a, b]), diverged: lane.diverged && !s.diverged ? { ...lane.diverged } : null };
      s.losses = lane.losses.length;
      s.path = lane.path.length;
      if (lane.diverged) s.diverged = true;
      if (d.losses.length || d.path.length || d.diverged) any = true;
      return d;
    });
    if (any) this.post({ type: "progress", step: this.step, steps: this.start!.steps, lanes });
  }

  private end(reason: "finished" | "stopped" | "diverged"): void {
    this.active = false;
    this.flush();
    this.post({ type: "done", step: this.step, reason, results: this.race!.results() });
    const track = this.start!.track;
    if (!track) return;
    const points = this.race!.lanes.flatMap((l) => l.path);
    const s = lossSurface(this.start!.doc, { a: track[0], b: track[1], range: rangeCovering(points, 0.15), resolution: this.start!.resolution ?? 41 });
    this.post(s.ok ? { type: "surface", ok: true, a: s.a, b: s.b, loss: s.loss, min: s.min, max: s.max } : { type: "surface", ok: false, reason: s.reason });
  }

  private fail(message: string): void {
    this.post({ type: "error", message });
  }
}
