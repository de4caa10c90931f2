// One accent colour per palette group, shared by the palette and the nodes. The groups are the
// registry's (ops/types.ts GROUPS); the Record type makes a new group without a colour a type error.
import type { OpGroup } from "../engine/ops";

export const GROUP_ACCENT: Record<OpGroup, string> = {
  Sources: "#059669",
  Arithmetic: "#0284c7",
  Activations: "#7c3aed",
  Shape: "#0d9488",
  Matrix: "#4f46e5",
  Layers: "#c026d3",
  Losses: "#e11d48",
  Output: "#d97706",
};
