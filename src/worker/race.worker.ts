// The race worker (Compare optimizers): messages in, RaceSession, messages out. The page creates it
// with `new Worker(new URL("./race.worker.ts", import.meta.url), { type: "module" })`.
import { installFormulas } from "../notation/formula";
import { raceTransferables, type FromRace, type ToRace } from "./raceProtocol";
import { RaceSession } from "./raceSession";

// an Expr's formula is read by the formula reader, which the engine does not carry itself
installFormulas();

interface WorkerScope {
  postMessage(m: FromRace, transfer: ArrayBuffer[]): void;
  onmessage: ((e: MessageEvent<ToRace>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const session = new RaceSession({ post: (m) => scope.postMessage(m, raceTransferables(m)) });
scope.onmessage = (e) => session.handle(e.data);
