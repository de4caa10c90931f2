// Every text of the interface exists in English and Japanese: the same keys, no empty text, the
// same {{placeholders}}; every op of the registry has its Japanese summary and note.
import { describe, expect, it } from "vitest";
import { OPS } from "../engine/ops";
import { en } from "./en";
import { ja } from "./ja";
import { opTextsEn } from "./index";

type Tree = { [k: string]: string | Tree };
function leaves(t: Tree, prefix = ""): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") m.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) m.set(kk, vv);
  }
  return m;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  const E = leaves({ ...en, ops: opTextsEn() } as unknown as Tree);
  const J = leaves(ja as unknown as Tree);

  it("Japanese has every English key and no other", () => {
    expect([...J.keys()].sort()).toEqual([...E.keys()].sort());
  });

  it("no text is empty, and placeholders agree", () => {
    for (const [k, v] of E) {
      expect(v.trim(), k).not.toBe("");
      expect(J.get(k)?.trim(), k).not.toBe("");
      expect(placeholders(J.get(k) ?? ""), k).toEqual(placeholders(v));
    }
  });

  it("every op has a Japanese summary, and a note where it has one", () => {
    for (const op of OPS) {
      expect(ja.ops[op.type]?.summary, op.type).toBeTruthy();
      if (op.rule.note) expect(ja.ops[op.type]?.note, op.type).toBeTruthy();
    }
  });
});
