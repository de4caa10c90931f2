// The learner's own data: a CSV file, a block copied from a spreadsheet (tab-separated), or a numpy
// print-out (`[[1. 2.] [3. 4.]]`), read as a matrix for an Input. A header row is recognised (a
// first row of words above rows of numbers), and so is a label column (all words, or a column headed
// label/class/target/y): its values become class indices 0, 1, 2, … for a loss's t. A ragged row or
// a cell that is not a number is named with its row and column, and nothing is changed.
import { MAX_ELEMENTS } from "../engine/tensor";

export interface Table {
  /** the numbers, rows × columns (without the label column) */
  value: number[][];
  header?: string[];
  /** the label column, if there is one: its name, the classes in order of index, each row's index */
  labels?: { column: string; classes: string[]; indices: number[] };
}

export type TableResult = { ok: true; table: Table } | { ok: false; error: string };

const LABEL_NAMES = /^(label|labels|class|classes|target|targets|y|t|category)$/i;
const isNumber = (s: string) => s.trim() !== "" && Number.isFinite(Number(s));
const clip = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);

function rowsOf(text: string): string[][] {
  const t = text.trim();
  // a numpy print-out: brackets around rows, numbers apart by spaces (and maybe commas)
  if (/^(array\()?\[/.test(t)) {
    const inner = t.replace(/^array\(/, "").replace(/\)\s*$/, "");
    const rows = inner.match(/\[[^[\]]*\]/g) ?? [];
    return rows.map((r) => r.slice(1, -1).trim().split(/[\s,]+/).filter(Boolean));
  }
  const lines = t.split(/\r?\n/).filter((l) => l.trim() !== "");
  const sep = lines.some((l) => l.includes("\t")) ? "\t" : lines.some((l) => l.includes(",")) ? "," : lines.some((l) => l.includes(";")) ? ";" : null;
  return lines.map((l) => (sep ? l.split(sep) : l.trim().split(/\s+/)).map((c) => c.trim().replace(/^"(.*)"$/, "$1")));
}

export function parseTable(text: string): TableResult {
  let rows = rowsOf(text);
  if (!rows.length || !rows[0].length) return { ok: false, error: "there is no data: paste rows of numbers, or drop a CSV file" };
  let header: string[] | undefined;
  // a header: a first row with a word in it, above rows whose cells are numbers in those columns
  if (rows.length > 1 && rows[0].some((c) => !isNumber(c)) && rows[0].every((c, j) => !isNumber(c) || rows.slice(1).some((r) => !isNumber(r[j] ?? "")))) {
    const numericBelow = rows[0].map((_, j) => rows.slice(1).every((r) => isNumber(r[j] ?? "")));
    if (rows[0].some((c, j) => !isNumber(c) && numericBelow[j]) || rows[0].every((c) => !isNumber(c))) {
      header = rows[0];
      rows = rows.slice(1);
    }
  }
  const width = rows[0].length;
  for (let i = 0; i < rows.length; i++)
    if (rows[i].length !== width) return { ok: false, error: `row ${i + 1 + (header ? 1 : 0)} has ${rows[i].length} cells but the first has ${width}: every row needs the same number` };
  if (rows.length * width > MAX_ELEMENTS) return { ok: false, error: `${rows.length * width} numbers is too many (limit ${MAX_ELEMENTS})` };
  // the label column: a word in every row, or a column headed like one
  let labelCol = -1;
  for (let j = 0; j < width; j++) {
    if (rows.every((r) => r[j].trim() !== "" && !isNumber(r[j]))) {
      if (labelCol >= 0) return { ok: false, error: `columns ${labelCol + 1} and ${j + 1} both hold words: only one column can be the labels` };
      labelCol = j;
    }
  }
  if (labelCol < 0 && header) labelCol = header.findIndex((h) => LABEL_NAMES.test(h.trim()));
  const value: number[][] = [];
  for (let i = 0; i < rows.length; i++) {
    const row: number[] = [];
    for (let j = 0; j < width; j++) {
      if (j === labelCol) continue;
      const c = rows[i][j];
      if (!isNumber(c)) return { ok: false, error: `row ${i + 1 + (header ? 1 : 0)}, column ${j + 1}: ${JSON.stringify(clip(c))} is not a number` };
      row.push(Number(c));
    }
    value.push(row);
  }
  const table: Table = { value };
  if (header) table.header = header.filter((_, j) => j !== labelCol);
  if (labelCol >= 0) {
    const raw = rows.map((r) => r[labelCol].trim());
    // numbers keep their order (0, 1, 2); words their first appearance
    const classes = raw.every(isNumber) ? [...new Set(raw)].sort((a, b) => Number(a) - Number(b)) : [...new Set(raw)];
    const index = new Map(classes.map((c, k) => [c, k]));
    table.labels = { column: header?.[labelCol] ?? `column ${labelCol + 1}`, classes, indices: raw.map((c) => index.get(c)!) };
  }
  if (!value[0].length) return { ok: false, error: "there are labels but no numbers" };
  return { ok: true, table };
}
