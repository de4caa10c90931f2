// Pure document transforms: each takes a GraphDoc and returns a new one, or a learner's reason why not.
export { unrollRNN, rollUp, unrolledSteps, gradientNormsOverTime, MAX_STEPS, type Unrolled, type RolledUp, type UnrollOptions } from "./unroll";
export { expandToScalars, EXPANDABLE, MAX_SCALAR_ELEMENTS, type Expanded } from "./scalars";
export { scaledValue, scaleParam, normsAtScale, firstToLastRatio, unrolledAt, SCALE_MIN, SCALE_MAX } from "./scaleParam";
export type { Refused } from "./common";
