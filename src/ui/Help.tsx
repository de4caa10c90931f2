// A short guide for a first visit: what the colours mean and how to wire, step and train.
// A modal <dialog>: Escape closes it, Tab stays inside it, and the page behind is inert.
import { useEffect, useRef } from "react";

export function Help({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current!;
    if (!d.open) d.showModal();
    return () => d.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label="Help"
      onClose={onClose}
      onClick={(e) => e.target === ref.current && onClose()}
      className="m-auto max-w-lg rounded-xl bg-transparent p-0 backdrop:bg-slate-900/30"
    >
      <div className="rounded-xl bg-white p-5 text-[13px] leading-relaxed text-slate-700 shadow-2xl">
        <h2 className="mb-2 text-base font-semibold text-slate-900">Gradflow in a minute</h2>
        <ul className="list-disc space-y-1 pl-5">
          <li>Drag an op from the left onto the canvas (or click it). Drag from an <b>out</b> handle to an input to wire.</li>
          <li>
            Every edge shows the <span className="text-blue-700">value</span> it carries and the <span className="text-orange-600">∂ gradient</span> flowing back. Hover or click a label for the whole matrix.
          </li>
          <li>Select a node to edit it on the right: type <code>[[1, 2], [3, 4]]</code>, <code>10</code> or <code>randn(5, 10)</code>.</li>
          <li>
            <b>Reset</b> then <b>Step ▶</b> (→) walks the forward pass node by node, then backward in reverse, explaining each local rule.
          </li>
          <li>
            <b>Check gradients</b> compares every gradient with finite differences; <b>Train</b> moves the Params with SGD, Momentum, Nesterov, AdaGrad, RMSprop or Adam.
          </li>
          <li>Ctrl+Z / Ctrl+Shift+Z undo and redo, Ctrl+C / Ctrl+V copy and paste, Delete removes, Shift+drag selects a box.</li>
        </ul>
        <button type="button" onClick={onClose} className="mt-4 rounded-md bg-sky-600 px-3 py-1.5 font-medium text-white hover:bg-sky-700" autoFocus>
          Got it
        </button>
      </div>
    </dialog>
  );
}
