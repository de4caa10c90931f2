// Lays a graph out with elkjs away from the page, which stays responsive meanwhile (elkjs takes
// seconds on a few thousand nodes). Messages in: a LayoutRequest; out: a LayoutReply.
import { elkLayout, type LayoutReply, type LayoutRequest } from "./layout";

interface WorkerScope {
  postMessage(m: LayoutReply): void;
  onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = async (e) => {
  try {
    const positions = await elkLayout(e.data);
    scope.postMessage({ type: "done", positions: [...positions].map(([id, p]) => [id, p.x, p.y]) });
  } catch (err) {
    // elkjs overflows its stack on large graphs: say so, and the page places the nodes itself
    scope.postMessage({ type: "error", message: (err as Error)?.message || String(err) });
  }
};
