// The decision boundary in the Train panel: the data's points coloured (and shaped) by class over
// the regions the network gives to each class, paler where it is unsure. The grid is evaluated in
// the boundary worker on the document as it is now; while training moves the Params (a few times a
// second) the picture follows. Nothing is drawn for a graph without points N × 2 and class targets.
import { useEffect, useRef, useState } from "react";
import type { GraphDoc } from "../engine/graph";
import { mayHaveBoundary } from "../engine/decisionBoundary";
import { niceTicks, tickLabel } from "../notation/ticks";
import { useGraph } from "../state/store";
import { useT } from "../i18n";
import { engineText } from "../i18n/engineMessages";
import { answerBoundary, LatestOnly, type BoundaryAnswer, type BoundaryPicture, type BoundaryRequest } from "../worker/boundaryProtocol";
import { lineOnly, markerOnCanvas } from "./markers";
import { MARKERS, seriesColour } from "./okabeIto";
import { useTheme, type Theme } from "./theme";

/** cells per side of the grid */
const GRID = 64;
const M = { left: 40, right: 6, top: 6, bottom: 28 };

/** Answers for the document as it changes: one request in flight, in a worker (in this thread without one). */
export function useBoundary(doc: GraphDoc): { answer: BoundaryAnswer | null; count: number } {
  const [state, setState] = useState<{ answer: BoundaryAnswer | null; count: number }>({ answer: null, count: 0 });
  const queue = useRef<LatestOnly | null>(null);
  useEffect(() => {
    let worker: Worker | null = null;
    let live = true;
    const deliver = (a: BoundaryAnswer) => {
      // an answer that arrives after the graph lost its points or its classes is not shown
      if (live && mayHaveBoundary(useGraph.getState().doc)) setState((s) => ({ answer: a, count: s.count + 1 }));
    };
    let send: (m: BoundaryRequest) => void;
    if (typeof Worker !== "undefined") {
      try {
        worker = new Worker(new URL("../worker/boundary.worker.ts", import.meta.url), { type: "module" });
      } catch {
        worker = null;
      }
    }
    if (worker) {
      const w = worker;
      send = (m) => w.postMessage(m);
      w.onmessage = (e: MessageEvent<BoundaryAnswer>) => q.answer(e.data);
      w.onerror = (e) => {
        e.preventDefault();
        deliver({ type: "boundary", id: -1, ok: false, none: false, reason: e.message || "the boundary worker failed" });
      };
    } else send = (m) => setTimeout(() => q.answer(answerBoundary(m)), 0);
    const q = new LatestOnly((m) => send(m), deliver);
    queue.current = q;
    const first = useGraph.getState().doc;
    if (mayHaveBoundary(first)) q.request(first, GRID);
    return () => {
      live = false;
      queue.current = null;
      worker?.terminate();
    };
  }, []);
  useEffect(() => {
    if (mayHaveBoundary(doc)) queue.current?.request(doc, GRID);
    else setState((s) => (s.answer && (s.answer.ok || !s.answer.none) ? { answer: null, count: s.count } : s));
  }, [doc]);
  return state;
}

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function draw(canvas: HTMLCanvasElement, p: BoundaryPicture, theme: Theme, w: number, h: number, names: [string, string]): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(w * ratio);
  canvas.height = Math.round(h * ratio);
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  const bg = theme === "dark" ? [15, 23, 42] : [255, 255, 255];
  // the regions: one pixel per cell, scaled up without smoothing; row 0 is the bottom
  const img = new ImageData(p.n, p.n);
  const floor = 1 / p.classes;
  for (let j = 0; j < p.n; j++)
    for (let i = 0; i < p.n; i++) {
      const k = j * p.n + i, c = p.cls[k], o = ((p.n - 1 - j) * p.n + i) * 4;
      const rgb = c === 255 ? bg : hexToRgb(seriesColour(c, theme));
      // from a faint tint where the network is unsure to a stronger one where it is sure
      const sure = c === 255 ? 0 : Math.max(0, Math.min(1, (p.confidence[k] - floor) / (1 - floor)));
      const a = 0.12 + 0.4 * sure;
      for (let q = 0; q < 3; q++) img.data[o + q] = Math.round(bg[q] * (1 - a) + rgb[q] * a);
      img.data[o + 3] = 255;
    }
  const cells = document.createElement("canvas");
  cells.width = p.n;
  cells.height = p.n;
  cells.getContext("2d")!.putImageData(img, 0, 0);
  ctx.clearRect(0, 0, w, h);
  ctx.imageSmoothingEnabled = false;
  const pw = w - M.left - M.right, ph = h - M.top - M.bottom;
  ctx.drawImage(cells, M.left, M.top, pw, ph);
  const [x0, x1] = p.bounds.x, [y0, y1] = p.bounds.y;
  const px = (x: number) => M.left + ((x - x0) / (x1 - x0)) * pw;
  const py = (y: number) => M.top + (1 - (y - y0) / (y1 - y0)) * ph;
  // the points, in their class's colour and shape, outlined against the regions
  ctx.lineWidth = 1;
  const outline = theme === "dark" ? "#0f172a" : "#ffffff";
  for (let i = 0; i < p.labels.length; i++) {
    const c = p.labels[i], shape = MARKERS[c % MARKERS.length];
    const colour = seriesColour(c, theme);
    markerOnCanvas(ctx, shape, px(p.points[2 * i]), py(p.points[2 * i + 1]), 3);
    if (lineOnly(shape)) {
      ctx.strokeStyle = colour;
      ctx.stroke();
    } else {
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.strokeStyle = outline;
      ctx.stroke();
    }
  }
  // frame and axes
  const ink = theme === "dark" ? "#cbd5e1" : "#334155";
  ctx.strokeStyle = theme === "dark" ? "#64748b" : "#94a3b8";
  ctx.strokeRect(M.left + 0.5, M.top + 0.5, pw - 1, ph - 1);
  ctx.fillStyle = ink;
  ctx.font = "11px system-ui";
  ctx.textAlign = "center";
  const tx = niceTicks(x0, x1, 3), ty = niceTicks(y0, y1, 3);
  for (const v of tx) ctx.fillText(tickLabel(v, tx), px(v), M.top + ph + 12);
  ctx.textAlign = "right";
  for (const v of ty) ctx.fillText(tickLabel(v, ty), M.left - 4, py(v) + 4);
  ctx.font = "600 11px system-ui";
  ctx.textAlign = "center";
  ctx.fillText(names[0], M.left + pw / 2, h - 2);
  ctx.save();
  ctx.translate(9, M.top + ph / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.fillText(names[1], 0, 0);
  ctx.restore();
}


/** Whether an answer has a picture to draw (or a reason to give): a graph without points N × 2 and class targets has neither. */
export const showsBoundary = (a: BoundaryAnswer | null): boolean => !!a && (a.ok || !a.none);

export function BoundaryPlot({ answer, count, size = 170 }: { answer: BoundaryAnswer | null; count: number; size?: number }) {
  const t = useT();
  const theme = useTheme();
  const canvas = useRef<HTMLCanvasElement>(null);
  const picture = answer?.ok ? answer.picture : null;
  // the axes are the data Input's two columns, x[:, 0] and x[:, 1] in numpy's words (by the node's id)
  const xName = picture ? picture.xId : "x";
  useEffect(() => {
    if (canvas.current && picture) draw(canvas.current, picture, theme, size, size, [`${xName}[:, 0]`, `${xName}[:, 1]`]);
  }, [picture, theme, size, xName]);
  if (!answer || !showsBoundary(answer)) return null;
  if (!answer.ok) return <p className="max-w-[220px] text-[12px] text-slate-600 dark:text-slate-400">{t("boundary.failed", { reason: engineText(answer.reason) })}</p>;
  const p = answer.picture;
  // a fingerprint of the regions, so that a test sees them change
  let hash = 0;
  for (let k = 0; k < p.cls.length; k++) hash = (hash * 31 + p.cls[k]) | 0;
  return (
    <figure data-testid="boundary-plot" data-updates={count} data-regions={hash} data-classes={p.classes} className="flex flex-col gap-1 text-[12px] text-slate-700 dark:text-slate-300">
      <figcaption className="font-medium text-slate-800 dark:text-slate-100">{t("boundary.title")}</figcaption>
      <canvas ref={canvas} style={{ width: size, height: size }} role="img" aria-label={t("boundary.label", { points: p.labels.length, classes: p.classes })} />
      <ul aria-label={t("boundary.title")} className="flex flex-wrap gap-x-2 text-[11px]" style={{ maxWidth: size }}>
        {Array.from({ length: p.classes }, (_, k) => (
          <li key={k} className="flex items-center gap-1">
            <ClassSwatch k={k} theme={theme} />
            {t("boundary.klass", { k })}
          </li>
        ))}
      </ul>
    </figure>
  );
}

function ClassSwatch({ k, theme }: { k: number; theme: Theme }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current?.getContext("2d");
    if (!c) return;
    c.clearRect(0, 0, 12, 12);
    const shape = MARKERS[k % MARKERS.length];
    markerOnCanvas(c, shape, 6, 6, 4);
    c.fillStyle = c.strokeStyle = seriesColour(k, theme);
    if (lineOnly(shape)) c.stroke();
    else c.fill();
  }, [k, theme]);
  return <canvas ref={ref} width={12} height={12} aria-hidden />;
}
