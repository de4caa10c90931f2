// Training: run forward and backward, then let an optimizer move every Param along its gradient.
// A step whose loss or new parameters are not finite is not taken (FORMAT.md section 3): the
// parameters and the optimizer's state stay as they were, and the trainer says where it diverged.
// The same loop serves the command line, the worker and the page.
import { compile, type Program } from "./executor";
import type { GraphDoc, OptimizerSpec } from "./graph";
import { makeOptimizer, resolveHyper, type Optimizer } from "./optimizers";
import { stateFromJson, stateToJson } from "./optimizerState";
import { toNested, type Tensor } from "./tensor";

export class TrainError extends Error {
  override name = "TrainError";
}

/** Training stopped before step `step` (1-based, counted in this training) changed anything. */
export class TrainDiverged extends TrainError {
  override name = "TrainDiverged";
  constructor(
    readonly step: number,
    /** "loss is NaN", "W became Infinity" */
    readonly what: string,
  ) {
    super(`training diverged at step ${step}: ${what}`);
  }
}

const describe = (x: number) => (Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");

export class Trainer {
  readonly program: Program;
  /** the optimizer's type and full settings (given over defaults), without its state */
  readonly optimizer: OptimizerSpec;
  private readonly opt: Optimizer;
  readonly losses: number[] = [];
  private readonly ids: string[];
  /** each Param's values before the current update, to put back when it diverges */
  private readonly before: Float64Array[];

  constructor(doc: GraphDoc, optimizer: OptimizerSpec = doc.optimizer ?? { type: "SGD" }) {
    // training minimises the loss of the seeds, whatever node the editor differentiates
    this.program = compile(doc, { onlyParamGrads: true, target: null });
    this.ids = this.program.paramIds;
    if (this.ids.length === 0) throw new TrainError("nothing to train: the graph has no Param node");
    const { state, ...given } = optimizer;
    this.optimizer = { type: optimizer.type, ...resolveHyper(optimizer.type, given) };
    this.opt = makeOptimizer(optimizer.type, given);
    // a saved state continues the same optimizer; another one starts afresh
    if (state && optimizer.type === doc.optimizer?.type) this.opt.importState(stateFromJson(state));
    this.before = this.ids.map((id) => new Float64Array(this.program.paramValue(id).data.length));
  }

  /** One step: returns the loss before the update, or throws TrainDiverged having changed nothing. */
  step(): number {
    const p = this.program;
    p.run();
    if (p.loss === null) {
      const bad = p.allIds.find((id) => p.error(id));
      throw new TrainError(bad ? `cannot train: node "${bad}" errs: ${p.error(bad)}` : "cannot train: nothing produces a loss");
    }
    const k = this.losses.length + 1;
    if (!Number.isFinite(p.loss)) throw new TrainDiverged(k, `loss is ${describe(p.loss)}`);
    const ids = this.ids;
    for (let i = 0; i < ids.length; i++) this.before[i].set(p.paramValue(ids[i]).data);
    this.opt.checkpoint();
    this.opt.beginStep();
    for (const id of ids) {
      const g = p.grad(id);
      if (g) this.opt.update(id, p.paramValue(id).data, g.data);
    }
    for (let i = 0; i < ids.length; i++) {
      const v = p.paramValue(ids[i]).data;
      for (let j = 0; j < v.length; j++) {
        if (Number.isFinite(v[j])) continue;
        const what = `${ids[i]} became ${describe(v[j])}`;
        for (let q = 0; q < ids.length; q++) p.paramValue(ids[q]).data.set(this.before[q]);
        this.opt.rollback();
        throw new TrainDiverged(k, what);
      }
    }
    this.losses.push(p.loss);
    return p.loss;
  }

  /** The Params' current values, by node id (the live buffers: copy to keep). */
  params(): Map<string, Tensor> {
    return new Map(this.ids.map((id) => [id, this.program.paramValue(id)]));
  }

  /** The optimizer with its settings and its state after the last step, as a file writes it. */
  optimizerWithState(): OptimizerSpec {
    const shapes = new Map(this.ids.map((id) => [id, this.program.paramValue(id).shape]));
    return { ...this.optimizer, state: stateToJson(this.opt.exportState(), shapes) };
  }

  /** The document as trained: the Params' values and the optimizer with its state. */
  trainedDoc(doc: GraphDoc): GraphDoc {
    return withParams(doc, this.params(), this.optimizerWithState());
  }
}

/** The document with these Param values written in (as nested arrays) and the optimizer used. */
export function withParams(doc: GraphDoc, params: ReadonlyMap<string, Tensor>, optimizer?: OptimizerSpec): GraphDoc {
  const nodes = doc.nodes.map((n) => {
    const t = params.get(n.id);
    return t ? { ...n, data: { ...n.data, value: toNested(t) } } : n;
  });
  return optimizer ? { ...doc, nodes, optimizer } : { ...doc, nodes };
}
