// Training: run forward and backward, then let an optimizer move every Param along its gradient.
import { compile, type Program } from "./executor";
import type { GraphDoc, OptimizerSpec } from "./graph";
import { makeOptimizer, resolveHyper, type Optimizer } from "./optimizers";
import { toNested, type Tensor } from "./tensor";

export class TrainError extends Error {
  override name = "TrainError";
}

export class Trainer {
  readonly program: Program;
  readonly optimizer: OptimizerSpec;
  private readonly opt: Optimizer;
  readonly losses: number[] = [];

  constructor(doc: GraphDoc, optimizer: OptimizerSpec = doc.optimizer ?? { type: "SGD" }) {
    this.program = compile(doc, { onlyParamGrads: true });
    if (this.program.paramIds.length === 0) throw new TrainError("nothing to train: the graph has no Param node");
    this.optimizer = { type: optimizer.type, ...resolveHyper(optimizer.type, optimizer) };
    this.opt = makeOptimizer(optimizer.type, optimizer);
  }

  /** One step: returns the loss before the update. */
  step(): number {
    const p = this.program;
    p.run();
    if (p.loss === null) {
      const bad = p.allIds.find((id) => p.error(id));
      throw new TrainError(bad ? `cannot train: node "${bad}" errs: ${p.error(bad)}` : "cannot train: nothing produces a loss");
    }
    this.opt.beginStep();
    for (const id of p.paramIds) {
      const g = p.grad(id);
      if (g) this.opt.update(id, p.paramValue(id).data, g.data);
    }
    this.losses.push(p.loss);
    return p.loss;
  }

  /** The Params' current values, by node id. */
  params(): Map<string, Tensor> {
    return new Map(this.program.paramIds.map((id) => [id, this.program.paramValue(id)]));
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
