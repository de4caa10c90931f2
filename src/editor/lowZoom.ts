// Below the zoom at which a node's or a label's text could be read at all, the canvas draws less:
// edge labels are not made (they were already hidden there), and a node keeps its box, its accent
// and its ports but none of its text or previews. Panning 2,000 nodes with all of them on screen
// painted some 85,000 elements a frame; drawn this way it is a few per node. At readable zooms
// nothing changes.
import { useStore, type ReactFlowState } from "@xyflow/react";

import { LABEL_MIN_ZOOM } from "./zoomLevels";

export { LABEL_MIN_ZOOM };

/** Nodes are drawn as boxes below this zoom: their 12 px text would be under 5 px on screen. */
export const SIMPLE_BELOW = LABEL_MIN_ZOOM;

const low = (s: ReactFlowState) => s.transform[2] < SIMPLE_BELOW;

/** Is the canvas zoomed out below SIMPLE_BELOW? A component re-renders when this changes, not on every frame of a zoom. */
export const useLowZoom = (): boolean => useStore(low);

