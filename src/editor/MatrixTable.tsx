// A tensor in full, with numbers: what hovering an edge or the inspector shows.
import type { Tensor } from "../engine/tensor";
import { formatShape } from "../engine/tensor";
import { asMatrix, fmt } from "../notation/numbers";
import { cellColor, type Role } from "./TensorHeatmap";
import { useT } from "../i18n";
import { useTheme } from "../ui/theme";
import { useGraph } from "../state/store";
import { unflat } from "../engine/ops/worked";

const LIMIT = 40;

/** `pick`: the node whose output (or gradient) this is; its cells then pick the element the explanation works out. */
export function MatrixTable({ t, role, testId, pick }: { t: Tensor; role: Role; testId?: string; pick?: string }) {
  const tr = useT();
  const picked = useGraph((s) => (pick && s.picked?.node === pick ? s.picked.index.join(",") : null));
  const theme = useTheme();
  const what = role === "value" ? tr("matrix.value") : tr("matrix.grad");
  const { rows, cols } = asMatrix(t);
  let max = 0;
  for (const x of t.data) if (Number.isFinite(x)) max = Math.max(max, Math.abs(x));
  const r = Math.min(rows, LIMIT), c = Math.min(cols, LIMIT);
  return (
    <div data-testid={testId} data-role={role}>
      <div className="mb-1 text-[11px] text-slate-600 dark:text-slate-300">
        {what} · {tr("matrix.shape", { shape: formatShape(t.shape) })}
        {t.shape.length > 2 && tr("matrix.leadingAxes")}
      </div>
      {/* a region that scrolls takes focus, so that the keyboard can scroll it too */}
      <div role="region" aria-label={tr("matrix.scroll", { what })} tabIndex={0} className="max-h-72 max-w-full overflow-auto rounded outline-none focus-visible:ring-2 focus-visible:ring-sky-500">
        <table className="border-collapse font-mono text-[11px] tabular-nums">
          <tbody>
            {Array.from({ length: r }, (_, i) => (
              <tr key={i}>
                {Array.from({ length: c }, (_, j) => {
                  const x = t.data[i * cols + j];
                  const bad = !Number.isFinite(x);
                  const index = pick ? unflat(t.shape, i * cols + j) : null;
                  const on = index !== null && picked === index.join(",");
                  return (
                    <td key={j} className={`border border-white ${index ? "p-0" : "px-1.5 py-0.5"} text-right dark:border-slate-900 ${bad ? "font-bold text-white" : "text-slate-800 dark:text-slate-50"} ${on ? "outline outline-2 -outline-offset-2 outline-amber-500" : ""}`} style={{ background: cellColor(x, max, role, 0.45, theme) }}>
                      {index ? (
                        <button
                          type="button"
                          data-testid="matrix-cell"
                          data-index={index.join(",")}
                          aria-pressed={on}
                          // the name starts with the number shown (WCAG 2.5.3); the cell is a 24 px target (2.5.8)
                          aria-label={`${fmt(x)}: ${tr("explainView.pick", { index: `[${index.join(",")}]` })}`}
                          title={tr("explainView.pick", { index: `[${index.join(",")}]` })}
                          onClick={() => useGraph.getState().pick({ node: pick!, index })}
                          className="min-h-6 w-full min-w-6 px-1.5 text-right outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-sky-500"
                        >
                          {fmt(x)}
                        </button>
                      ) : (
                        fmt(x)
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(rows > r || cols > c) && <div className="mt-1 text-[11px] text-slate-600 dark:text-slate-400">{tr("matrix.showing", { r, c, rows, cols })}</div>}
    </div>
  );
}
