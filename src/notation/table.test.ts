import { describe, expect, it } from "vitest";
import { parseTable } from "./table";

const ok = (text: string) => {
  const r = parseTable(text);
  if (!r.ok) throw new Error(r.error);
  return r.table;
};

describe("parseTable: the learner's own data", () => {
  it("a CSV with a header and a label column of words", () => {
    const t = ok("x1,x2,species\n1.5,2,setosa\n3,4.25,virginica\n0,-1,setosa\n");
    expect(t.value).toEqual([[1.5, 2], [3, 4.25], [0, -1]]);
    expect(t.header).toEqual(["x1", "x2"]);
    expect(t.labels).toEqual({ column: "species", classes: ["setosa", "virginica"], indices: [0, 1, 0] });
  });

  it("a block copied from a spreadsheet (tabs), no header", () => {
    expect(ok("1\t2\t3\n4\t5\t6").value).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it("a numpy print-out", () => {
    expect(ok("[[ 1.   2.5]\n [-3.   4. ]]").value).toEqual([[1, 2.5], [-3, 4]]);
    expect(ok("array([[1, 2], [3, 4]])").value).toEqual([[1, 2], [3, 4]]);
  });

  it("a numeric label column named so becomes class indices in numeric order", () => {
    const t = ok("a b label\n0.1 0.2 2\n0.3 0.4 0\n0.5 0.6 2");
    expect(t.labels).toEqual({ column: "label", classes: ["0", "2"], indices: [1, 0, 1] });
    expect(t.value).toEqual([[0.1, 0.2], [0.3, 0.4], [0.5, 0.6]]);
  });

  it("says where a row is ragged or a cell is not a number", () => {
    expect(parseTable("1,2,3\n4,5\n")).toEqual({ ok: false, error: "row 2 has 2 cells but the first has 3: every row needs the same number" });
    expect(parseTable("a,b\n1,2\n3,x\n")).toEqual({ ok: false, error: 'row 3, column 2: "x" is not a number' });
    expect(parseTable("  \n")).toMatchObject({ ok: false });
  });
});
