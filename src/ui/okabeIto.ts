// Colours that colour-blind readers tell apart: Okabe and Ito's palette (2002), in an order that keeps
// neighbours far apart; black is left out in the dark theme and yellow in the light one, where each
// would vanish into the background. Curves also differ by dash, points and regions by marker shape.
import type { Theme } from "./theme";

const LIGHT = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#000000", "#56B4E9"];
const DARK = ["#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#F0E442", "#FFFFFF"];

/** The k-th colour of the palette in this theme (repeating after seven). */
export const seriesColour = (k: number, theme: Theme): string => (theme === "dark" ? DARK : LIGHT)[k % 7];

/** uPlot dash patterns, one per series, so that curves differ without colour too. */
export const DASHES: number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2]];

/** Marker shapes for classes and paths' points. */
export const MARKERS = ["circle", "square", "triangle", "diamond", "cross", "star", "ring"] as const;
export type Marker = (typeof MARKERS)[number];
