// The table of built-in datasets in docs/format.md, written from datasets.ts by `npm run docs`
// (as the ops table is from the registry), so the page lists exactly what the reader accepts.
import { DATASETS } from "./datasets";

export const DATASETS_START = "<!-- datasets table: written by `npm run docs` from src/engine/datasets.ts; edit the datasets, not this table -->";
export const DATASETS_END = "<!-- end of the datasets table -->";

export function datasetTable(): string {
  const rows = DATASETS.map((d) => {
    const classes = d.classes.min === d.classes.max ? `${d.classes.min}` : `${d.classes.default} (${d.classes.min} to ${d.classes.max})`;
    return `| \`${d.name}\` | ${d.summary.replaceAll("|", "\\|")} | ${classes} | ${d.noise} |`;
  });
  return ["| `init` | points | `classes` (default) | `noise` (default) |", "|---|---|---|---|", ...rows].join("\n");
}

/** `md` with the text between the datasets table's markers replaced by the table. */
export function withDatasetTable(md: string): string {
  const start = md.indexOf(DATASETS_START), end = md.indexOf(DATASETS_END);
  if (start < 0 || end < start) throw new Error(`docs/format.md has lost its datasets table markers (${DATASETS_START} … ${DATASETS_END})`);
  return `${md.slice(0, start + DATASETS_START.length)}\n${datasetTable()}\n${md.slice(end)}`;
}
