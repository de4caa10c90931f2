// The slope plot's curve, away from the page: the loss at ~60 values of one number is ~60 forward
// passes, which on a large graph would stall the editor. Messages in: SlopeMessage; out: SlopeReply.
import { SlopeEngine } from "../teach/slope";
import type { SlopeMessage, SlopeReply } from "./slopeClient";

interface WorkerScope {
  postMessage(m: SlopeReply): void;
  onmessage: ((e: MessageEvent<SlopeMessage>) => void) | null;
}

const engine = new SlopeEngine();
const scope = self as unknown as WorkerScope;
scope.onmessage = (e) => {
  const { seq, key, doc, req } = e.data;
  scope.postMessage({ seq, result: engine.run(key, doc, req) });
};
