// PLACEHOLDER (being written by the examples helper): the notebook examples.
import type { GraphDoc } from "../engine/graph";
import matmul from "../../../shared/cases/matmul-dout.json";

export interface Example {
  /** stable id, used in URLs and tests */
  id: string;
  title: string;
  /** one line: what a learner sees in it */
  blurb: string;
  doc: GraphDoc;
}

export const EXAMPLES: Example[] = [{ id: "matmul", title: "MatMul with its dout", blurb: "x · W, and the gradient dout flowing back", doc: matmul as GraphDoc }];

/** The example a first visit opens. */
export const FIRST_EXAMPLE_ID = "matmul";
