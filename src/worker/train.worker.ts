// The training worker: messages in, TrainSession, messages out. The page creates it with
// `new Worker(new URL("./train.worker.ts", import.meta.url), { type: "module" })`.
import type { FromWorker, ToWorker } from "./protocol";
import { TrainSession } from "./trainSession";

interface WorkerScope {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const session = new TrainSession({ post: (m) => scope.postMessage(m) });
scope.onmessage = (e) => session.handle(e.data);
