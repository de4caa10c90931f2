// The registry: one line per op. Everything else reads ops from here.
import { Add, Div, Mul, Sub } from "./arithmetic";
import { Expr, Expr2 } from "./expr";
import { Input, Output, Param } from "./io";
import { MSELoss, SigmoidWithLoss, SoftmaxWithLoss } from "./losses";
import { Affine, MatMul, RNN } from "./matrix";
import { Repeat, Sum, Transpose } from "./shape";
import { Concat, Slice, Stack } from "./slicing";
import { Softmax } from "./softmax";
import type { OpSpec } from "./types";
import { Exp, Log, ReLU, Sigmoid, Tanh } from "./unary";

export const OPS: readonly OpSpec[] = [
  Input,
  Param,
  Add,
  Sub,
  Mul,
  Div,
  Exp,
  Log,
  Expr,
  Expr2,
  Sigmoid,
  Tanh,
  ReLU,
  Softmax,
  Repeat,
  Sum,
  Slice,
  Concat,
  Stack,
  MatMul,
  Transpose,
  Affine,
  RNN,
  SoftmaxWithLoss,
  SigmoidWithLoss,
  MSELoss,
  Output,
];

const byType = new Map(OPS.map((op) => [op.type, op]));

export function getOp(type: string): OpSpec | undefined {
  return byType.get(type);
}

export { GROUPS } from "./types";
export type { OpSpec, OpGroup, PortSpec, ParamSpec, Rule, Kernel } from "./types";
