// The full matrix of an edge, shown at screen size in the page (not in the zoomed canvas), below
// its label or above it when there is no room, always inside the window.
import { useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from "react";
import { createPortal } from "react-dom";

const MARGIN = 8;

export function Popover({ anchor, children, onEnter, onLeave }: { anchor: RefObject<HTMLElement | null>; children: ReactNode; onEnter?: () => void; onLeave?: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);
  useLayoutEffect(() => {
    const a = anchor.current?.getBoundingClientRect(), el = ref.current;
    if (!a || !el) return;
    const w = el.offsetWidth, h = el.offsetHeight, W = innerWidth, H = innerHeight;
    let left = a.left + a.width / 2 - w / 2;
    left = Math.max(MARGIN, Math.min(W - MARGIN - w, left));
    let top = a.bottom + 4;
    if (top + h > H - MARGIN) top = a.top - 4 - h;
    top = Math.max(MARGIN, Math.min(H - MARGIN - h, top));
    setAt((p) => (p && p.left === left && p.top === top ? p : { left, top }));
  });
  return createPortal(
    <div
      ref={ref}
      data-testid="matrix-popover"
      onMouseEnter={onEnter}
      onMouseLeave={onLeave}
      style={{ left: at?.left ?? -9999, top: at?.top ?? -9999, maxWidth: `min(560px, calc(100vw - ${2 * MARGIN}px))`, maxHeight: `calc(100vh - ${2 * MARGIN}px)` }}
      className="fixed z-[150] flex w-max flex-col gap-2 overflow-auto rounded-lg border border-slate-200 bg-white p-2 text-slate-800 shadow-xl dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
    >
      {children}
    </div>,
    document.body,
  );
}
