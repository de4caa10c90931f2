// The canvas's zoom as a CSS variable (--gf-zoom) on the flow's element, for sizes that must hold
// on screen whatever the zoom: an edge label's target is 24 px wide and tall on screen (WCAG 2.2
// 2.5.8) even when the graph is zoomed out. One small component re-renders on zoom, not every edge.
import { useLayoutEffect } from "react";
import { useStore } from "@xyflow/react";

export function ZoomScale() {
  const zoom = useStore((s) => s.transform[2]);
  const dom = useStore((s) => s.domNode);
  useLayoutEffect(() => dom?.style.setProperty("--gf-zoom", String(zoom)), [dom, zoom]);
  return null;
}
