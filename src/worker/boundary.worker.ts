// The decision-boundary worker: a document in, the grid of classes out (boundaryProtocol.ts).
// The page creates it with `new Worker(new URL("./boundary.worker.ts", import.meta.url), { type: "module" })`.
import { installFormulas } from "../notation/formula";
import { answerBoundary, boundaryTransferables, type BoundaryAnswer, type BoundaryRequest } from "./boundaryProtocol";

installFormulas();

interface WorkerScope {
  postMessage(m: BoundaryAnswer, transfer: ArrayBuffer[]): void;
  onmessage: ((e: MessageEvent<BoundaryRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (e) => {
  const a = answerBoundary(e.data);
  scope.postMessage(a, boundaryTransferables(a));
};
