// The zoom below which the canvas draws less (lowZoom.ts), apart, so the e2e page object can read it without React Flow.

/** Labels are not drawn below this zoom (their text could not be read): the wire alone shows the graph's shape. */
export const LABEL_MIN_ZOOM = 0.4;
