// The training worker: messages in, TrainSession, messages out. The page creates it with
// `new Worker(new URL("./train.worker.ts", import.meta.url), { type: "module" })`.
import { installFormulas } from "../notation/formula";
import { transferables, type FromWorker, type ToWorker } from "./protocol";
import { TrainSession } from "./trainSession";

// an Expr's formula is read by the formula reader, which the engine does not carry itself
installFormulas();

interface WorkerScope {
  postMessage(m: FromWorker, transfer: ArrayBuffer[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}

const scope = self as unknown as WorkerScope;
// the Params' buffers are moved to the page, not cloned
const session = new TrainSession({ post: (m) => scope.postMessage(m, transferables(m)) });
scope.onmessage = (e) => session.handle(e.data);
