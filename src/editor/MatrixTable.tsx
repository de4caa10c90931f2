// A tensor in full, with numbers: what hovering an edge or the inspector shows.
import type { Tensor } from "../engine/tensor";
import { formatShape } from "../engine/tensor";
import { asMatrix, fmt } from "../notation/numbers";
import { cellColor, type Role } from "./TensorHeatmap";

const LIMIT = 40;

export function MatrixTable({ t, role, testId }: { t: Tensor; role: Role; testId?: string }) {
  const { rows, cols } = asMatrix(t);
  let max = 0;
  for (const x of t.data) if (Number.isFinite(x)) max = Math.max(max, Math.abs(x));
  const r = Math.min(rows, LIMIT), c = Math.min(cols, LIMIT);
  return (
    <div data-testid={testId} data-role={role}>
      <div className="mb-1 text-[11px] text-slate-500">
        {role === "value" ? "value" : "∂ gradient"} · shape {formatShape(t.shape)}
        {t.shape.length > 2 && " (leading axes as rows)"}
      </div>
      <div className="max-h-72 max-w-full overflow-auto">
        <table className="border-collapse font-mono text-[11px] tabular-nums">
          <tbody>
            {Array.from({ length: r }, (_, i) => (
              <tr key={i}>
                {Array.from({ length: c }, (_, j) => {
                  const x = t.data[i * cols + j];
                  const bad = !Number.isFinite(x);
                  return (
                    <td key={j} className={`border border-white px-1.5 py-0.5 text-right ${bad ? "font-bold text-white" : "text-slate-800"}`} style={{ background: cellColor(x, max, role, 0.45) }}>
                      {fmt(x)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {(rows > r || cols > c) && <div className="mt-1 text-[11px] text-slate-400">showing {r} × {c} of {rows} × {cols}</div>}
    </div>
  );
}
