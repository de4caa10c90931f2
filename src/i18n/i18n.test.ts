// Every text of the interface exists in English and Japanese: the same keys, no empty text, the
// same {{placeholders}} and <tags>; every op of the registry and every example has its Japanese.
import { describe, expect, it } from "vitest";
import { OPS } from "../engine/ops";
import { EXAMPLES } from "../examples";
import { en } from "./en";
import { ja } from "./ja";
import { i18next, isWorded, registryTextsEn, setLanguage, t } from "./core";
import { localizedExample } from "./examples";

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
const tags = (s: string) => [...s.matchAll(/<\/?(\w+)>/g)].map((m) => m[0]).sort();

describe("translations", () => {
  const E = leaves({ ...en, ...registryTextsEn() } as unknown as Tree);
  const J = leaves(ja as unknown as Tree);

  it("Japanese has every English key and no other", () => {
    expect([...J.keys()].sort()).toEqual([...E.keys()].sort());
  });

  it("no text is empty, and placeholders and tags agree", () => {
    for (const [k, v] of E) {
      expect(v.trim(), k).not.toBe("");
      expect(J.get(k)?.trim(), k).not.toBe("");
      expect(placeholders(J.get(k) ?? ""), k).toEqual(placeholders(v));
      expect(tags(J.get(k) ?? ""), k).toEqual(tags(v));
    }
  });

  it("every op has a Japanese summary, and a note where it has one", () => {
    for (const op of OPS) {
      expect(ja.ops[op.type]?.summary, op.type).toBeTruthy();
      if (op.rule.note) expect(ja.ops[op.type]?.note, op.type).toBeTruthy();
    }
  });

  it("every parameter of every op has its name in both languages, and the Japanese keeps the file's key beside its word", () => {
    const names = new Set(OPS.flatMap((op) => op.params.map((p) => p.name)));
    expect([...names].sort()).toEqual(Object.keys(en.inspector.paramNames).sort());
    for (const name of names) {
      expect(en.inspector.paramNames[name as keyof typeof en.inspector.paramNames].toLowerCase(), name).toBe(name.toLowerCase());
      expect(ja.inspector.paramNames[name as keyof typeof ja.inspector.paramNames], name).toMatch(new RegExp(`^\\p{Script=Han}|^\\p{Script=Hiragana}|^\\p{Script=Katakana}`, "u"));
      expect(ja.inspector.paramNames[name as keyof typeof ja.inspector.paramNames], name).toContain(`（${name}）`);
    }
  });

  it("texts written in Japanese are Japanese, not English left in place", () => {
    const kana = /[\u3040-\u30ff\u4e00-\u9fff]/;
    for (const [k, v] of E) {
      const j = J.get(k)!;
      // symbols, shapes, names of things (Gradflow, dout) and milliseconds are the same in both
      if (!/[a-z]{3,}\s+[a-z]{3,}/i.test(v.replace(/\{\{\w+\}\}/g, ""))) continue;
      expect(j, k).toMatch(kana);
    }
  });

  it("a rule's words translate, and its symbols stay apart from them (the step panel replaces symbols)", () => {
    for (const op of OPS) {
      const rules = ja.ops[op.type].rule;
      if (!rules) continue;
      const symbols = [...op.inputs.map((p) => p.name), ...op.params.map((p) => p.name), "g", "out"];
      for (const text of [rules.forward, ...Object.values(rules.backward ?? {})].filter((x): x is string => !!x)) {
        for (const s of symbols) {
          // a kana or kanji right before or after the symbol (\w is ASCII only here)
          const glued = new RegExp(`(?:(?!\\w)\\p{L})${s}(?!\\w)|(?<![\\w.])${s}(?:(?!\\w)\\p{L})`, "u");
          expect(text, `${op.type}: ${text}`).not.toMatch(glued);
        }
      }
    }
    // and an English rule with words is what gets a Japanese version
    const relu = OPS.find((o) => o.type === "ReLU")!;
    expect(isWorded(relu.rule.forward, relu)).toBe(true);
    const matmul = OPS.find((o) => o.type === "MatMul")!;
    expect(isWorded(matmul.rule.forward, matmul)).toBe(false);
  });

  it("every example has its title, blurb, name and labels in both languages", () => {
    for (const ex of EXAMPLES) {
      expect(ja.examples[ex.id]?.title, ex.id).toBeTruthy();
      expect(ja.examples[ex.id].blurb.length, ex.id).toBeLessThan(160);
      for (const n of ex.doc.nodes) if (typeof n.data.label === "string") expect(ja.examples[ex.id].labels?.[n.id], `${ex.id}.${n.id}`).toBeTruthy();
      for (const g of ex.doc.groups ?? []) if (g.label) expect(ja.examples[ex.id].groups?.[g.id], `${ex.id} group ${g.id}`).toBeTruthy();
    }
  });

  it("an example opened in Japanese shows its groups' labels in Japanese; the example itself keeps the English", () => {
    const withGroups = EXAMPLES.filter((ex) => ex.doc.groups?.some((g) => g.label));
    expect(withGroups.map((ex) => ex.id)).toEqual(expect.arrayContaining(["affine-from-matmul-add", "rnn-unrolled"]));
    try {
      setLanguage("ja");
      for (const ex of withGroups) {
        const english = ex.doc.groups!.map((g) => g.label);
        const shown = localizedExample(ex).groups!.map((g) => g.label);
        expect(shown, ex.id).toEqual(ex.doc.groups!.map((g) => ja.examples[ex.id].groups![g.id]));
        expect(ex.doc.groups!.map((g) => g.label), ex.id).toEqual(english);
      }
      setLanguage("en");
      for (const ex of withGroups) expect(localizedExample(ex).groups!.map((g) => g.label), ex.id).toEqual(ex.doc.groups!.map((g) => g.label));
    } finally {
      setLanguage("en");
    }
  });

  it("switching the language switches t()", () => {
    setLanguage("ja");
    expect(i18next.language).toBe("ja");
    expect(t("ops.Mul.summary")).toBe(ja.ops.Mul.summary);
    setLanguage("en");
    expect(t("ops.Mul.summary")).toBe(OPS.find((o) => o.type === "Mul")!.summary);
  });
});
