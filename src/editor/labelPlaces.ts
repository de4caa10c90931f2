// Edge labels placed all together, so that none covers another or a node: each ValueEdge reports
// its wire's ends and its label's size; once per frame, when something changed, labelLayout places
// them all and each edge reads back its own place.
import { create } from "zustand";
import { placeLabels, type LabelRequest, type Placed } from "./labelLayout";
import type { Rect } from "./readableView";

interface Places {
  places: ReadonlyMap<string, Placed>;
}

export const useLabelPlaces = create<Places>(() => ({ places: new Map() }));

const requests = new Map<string, LabelRequest>();
let nodeRects: () => Rect[] = () => [];
let scheduled = false;

const same = (a: LabelRequest | undefined, b: LabelRequest) =>
  !!a && a.sx === b.sx && a.sy === b.sy && a.tx === b.tx && a.ty === b.ty && Math.abs(a.width - b.width) < 0.5 && Math.abs(a.height - b.height) < 0.5 && a.unit === b.unit && !!a.first === !!b.first;

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    useLabelPlaces.setState({ places: placeLabels([...requests.values()], nodeRects()) });
  });
}

/** The canvas says where the nodes are (flow coordinates, measured sizes). */
export function setNodeRects(get: () => Rect[]): void {
  nodeRects = get;
  schedule();
}

/** Nodes moved or were measured: the labels are placed again. */
export const nodesChanged = schedule;

export function reportLabel(r: LabelRequest): void {
  if (same(requests.get(r.id), r)) return;
  requests.set(r.id, r);
  schedule();
}

export function forgetLabel(id: string): void {
  if (requests.delete(id)) schedule();
}

/** What the placement works from now: the labels' requests and the nodes' rectangles (the test hook, for unit-test fixtures). */
export const labelInputs = (): { labels: LabelRequest[]; nodes: Rect[] } => ({ labels: [...requests.values()], nodes: nodeRects() });

export const usePlace = (id: string) => useLabelPlaces((s) => s.places.get(id));
