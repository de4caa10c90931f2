// Share links (FORMAT.md section 4): every example and notebook case round-trips exactly; a broken,
// cut, empty, foreign or future link gives its message; a graph too big for a link is refused.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import LZString from "lz-string";
import { describe, expect, it } from "vitest";
import { compile } from "../engine/executor";
import { parseGraph } from "../engine/format";
import type { GraphDoc } from "../engine/graph";
import { toRunResult } from "../engine/result";
import { EXAMPLES } from "../examples";
import { crc32, graphFromLink, graphToLink, LINK_KEY, MAX_LINK_LENGTH } from "./link";

const BASE = "https://example.org/gradflow/";
const BROKEN = "this link is broken or cut short: copy the whole link again, or ask for the graph as a file";
const CASES = join(__dirname, "..", "..", "..", "shared", "cases");

function linkOf(doc: GraphDoc, base = BASE): string {
  const r = graphToLink(doc, base);
  if (!r.ok) throw new Error(r.message);
  return r.link;
}

function opened(hash: string): GraphDoc {
  const r = graphFromLink(hash);
  if (!r.ok) throw new Error(r.message);
  return r.doc;
}

const message = (hash: string): string => {
  const r = graphFromLink(hash);
  return r.ok ? "(it opened)" : r.message;
};

/** A payload as a link carries it, made from any text. */
const packed = (text: string) => `#${LINK_KEY}${LZString.compressToEncodedURIComponent(text)}`;

const run = (doc: GraphDoc) => JSON.stringify(toRunResult(compile(doc).run()));

const GRAPHS: [string, GraphDoc][] = [
  ...EXAMPLES.map((e): [string, GraphDoc] => [`example ${e.id}`, e.doc]),
  ...readdirSync(CASES).filter((f) => f.endsWith(".json") && !f.endsWith(".expect.json")).map((f): [string, GraphDoc] => [`case ${f}`, parseGraph(readFileSync(join(CASES, f), "utf8"))]),
];

describe("a graph in a link", () => {
  it.each(GRAPHS)("%s round-trips exactly: the same document and the same run", (_, doc) => {
    const link = linkOf(doc);
    expect(link.startsWith(`${BASE}#${LINK_KEY}`)).toBe(true);
    // only characters that an address carries as they are
    expect(link.slice(BASE.length + 1 + LINK_KEY.length)).toMatch(/^[A-Za-z0-9+\-$]+$/);
    const back = opened(new URL(link).hash);
    expect(back).toStrictEqual(doc);
    expect(run(back)).toBe(run(doc));
  });

  it("reads the fragment with or without its #, or the whole link; replaces the fragment a base already has", () => {
    const doc = EXAMPLES[0].doc;
    const link = linkOf(doc, `${BASE}#graph=old`);
    expect(link.indexOf("#")).toBe(BASE.length);
    expect(link.split("#")).toHaveLength(2);
    const hash = link.slice(BASE.length);
    expect(opened(hash)).toStrictEqual(doc);
    expect(opened(hash.slice(1))).toStrictEqual(doc);
    expect(opened(link)).toStrictEqual(doc);
  });

  it("still opens when a mail program percent-encoded its + and $ or turned + into spaces", () => {
    const hash = new URL(linkOf(EXAMPLES.find((e) => e.id === "two-layer")!.doc)).hash;
    expect(hash).toMatch(/[+$]/);
    const doc = opened(hash);
    expect(opened(hash.replace(/\$/g, "%24").replace(/\+/g, "%2B"))).toStrictEqual(doc);
    expect(opened(hash.replace(/\+/g, " "))).toStrictEqual(doc);
  });

  it("a link made with this version keeps opening in later ones (FORMAT.md's migrations), with its check or without", () => {
    // written by graphToLink when links came (format version 1, with the crc32 field); never regenerate it
    const frozen =
      "#graph=N4IgxgTmDMBMIC4QEMYBMBGAzAptEANCFgPYQC2yALoiAOYTJpYA2JA7oSAG44QDOASxIA7RAEYiI5ORy0AstXkBXFgAIWyAJ5817QVQAWatCWU0pJNDn6IA2qEFpaADy5UtABzlIAkiM9zLk8SISphMQRQNwQABiItRFiAXyI0amREUG5kFmUfOztJWABdAjtoAgAWEpLk1MdnJAB1dy8fEAAFZEZyYNCDCKyQGPiQRIRxKpS0jOGcvIKiglgCaDK7KoIAVgIANlr6gkbacj6iD28FJVV+sKGokcRYPbGJgHYZkHSqTKijk5IEhtK5IADy5kCFhAIXuomGMW2sDeiE+qW+c0eDCY9mWq3W5S2uwOZRAmgwOBYtFMQXqpJwaDoNnsgJAOHEXH4ZigHTcRC5yh5AAlkCI0CwOmZob8IEyaEgzu4enKRWKJa4QA0QE5aDh4PzuWAOq0DYKjarxZKghdlTh5SBFTbZXaLeqWprjtqmmz8KaeadziABcLRZbaFKlc77cCnSrQ26nsk6kA";
    // as FORMAT.md section 4 writes a link, without the check
    const plain =
      "#graph=N4IgZg9gTgtghgFxALhAcynAJmANhAdxABoQA3AUygGcBLCAOxQEZSG4YKUQBZRHgK64ABLjgBPKsIK0EAC2FYIApGwhYK1FAG1QtLNwAeJEAnEAHLqgCSDcypPmIdBPSbJQx5AAZS4lN4AvqRYiHAooGRwuAJW2tqsAEwAusTaAMzEACzJyYHBegaoAOomZpbcAApwmDCOzrJuESBeviD+yMxZQSFhzVExcQnEicTpqdpZxACsxABsufnEhdwwdaTlVrz8QvUuTR4tKIlzbR0A7D0goQjhHksrqBBlFlsA8ir2qiBO+4zNXmmiTOKEuwWufUOGGwOmGo3GaSmswWqRAYgARhRcNwlA58qiKFg0JodI8QBRmCZqMooABjLbGUjUgR0igACTgDCwuC2ym+tygxKQqDWZRqQo5XJ5RhABRA+m4FESVJp9O4pSZqvZnO5vIcG3FFGFIFFBsFRsluvVsuW8qK5PSKpZapF6xAzNZlulT31pkNxueZolOu9R0CeSAA";
    for (const hash of [frozen, plain]) {
      const doc = opened(hash);
      expect(doc.name).toBe("MatMul layer with dout");
      expect(doc.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(["x:Input", "W:Param", "mm:MatMul", "o:Output"]);
      expect(JSON.parse(run(doc)).nodes.x.grads.out).toEqual([[14, 32], [32, 77]]);
    }
    expect(opened(frozen)).toStrictEqual(opened(plain));
  });

  it("carries the CRC-32 of the file's JSON first, a field the file reader ignores", () => {
    expect(crc32("123456789")).toBe("cbf43926"); // the standard check value
    expect(crc32("重み")).toBe("4e9e8063"); // Python: zlib.crc32("重み".encode())
    const doc = EXAMPLES[0].doc;
    const text = LZString.decompressFromEncodedURIComponent(linkOf(doc).split(`#${LINK_KEY}`)[1]);
    expect(text).toBe(`{"crc32":"${crc32(JSON.stringify(doc))}",${JSON.stringify(doc).slice(1)}`);
    expect(parseGraph(text)).toStrictEqual(doc);
  });
});

describe("a link that does not open says why", () => {
  const hash = new URL(linkOf(EXAMPLES.find((e) => e.id === "linear-relu-celoss")!.doc)).hash;

  it("cut short", () => {
    for (const keep of [Math.floor(hash.length / 2), hash.length - 12, 12]) expect(message(hash.slice(0, keep)), `cut at ${keep}`).toBe(BROKEN);
  });

  it("a character changed, anywhere", () => {
    const at = Math.floor(hash.length / 2);
    expect(message(hash.slice(0, at) + "!" + hash.slice(at + 1))).toBe(BROKEN);
    // any other character of the alphabet at any place: the link says it is broken, or (where the
    // change falls in bits that lz-string does not read) unpacks to the same text and opens the same graph
    const doc = opened(hash);
    let broken = 0;
    for (let pos = `#${LINK_KEY}`.length; pos < hash.length; pos++) {
      const changed = hash.slice(0, pos) + (hash[pos] === "A" ? "B" : "A") + hash.slice(pos + 1);
      const r = graphFromLink(changed);
      if (r.ok) expect(r.doc, `changed at ${pos} of ${hash.length}`).toStrictEqual(doc);
      else {
        expect(r.message, `changed at ${pos}`).toBe(BROKEN);
        broken++;
      }
    }
    expect(broken).toBeGreaterThan(0.9 * (hash.length - `#${LINK_KEY}`.length));
  });

  it("a check that does not match what it checks", () => {
    const json = JSON.stringify(EXAMPLES[0].doc);
    expect(message(packed(`{"crc32":"00000000",${json.slice(1)}`))).toBe(BROKEN);
    expect(message(packed(`{"crc32":"${crc32(json)}",${json.slice(1)}`))).toBe("(it opened)");
  });

  it("an empty fragment", () => {
    const none = "this link has no graph in it: there is nothing after its #";
    expect(message("")).toBe(none);
    expect(message("#")).toBe(none);
    expect(message(`${BASE}#`)).toBe(none);
    expect(message(`#${LINK_KEY}`)).toBe("this link has no graph in it: there is nothing after #graph=");
  });

  it("a fragment of another kind", () => {
    expect(message("#section-2")).toBe("this is not a Gradflow graph link: it ends in #section-2, where a graph link has #graph=…");
    expect(message(`${BASE}#lesson=abc`)).toBe("this is not a Gradflow graph link: it ends in #lesson=abc, where a graph link has #graph=…");
    expect(message(`#${"x".repeat(100)}`)).toBe(`this is not a Gradflow graph link: it ends in #${"x".repeat(29)}…, where a graph link has #graph=…`);
  });

  it("something that unpacks, but is no Gradflow graph", () => {
    expect(message(packed("not JSON at all"))).toBe(BROKEN);
    expect(message(packed('{"hello": 1}'))).toBe(BROKEN);
    expect(message(packed("[1, 2, 3]"))).toBe(BROKEN);
    // without the check, a link's JSON starts as a file does, with "format"
    expect(message(packed('{"version": 1, "format": "gradflow", "nodes": [], "edges": []}'))).toBe(BROKEN);
    expect(message(packed('{ "format": "gradflow", "version": 1, "nodes": [], "edges": [] }'))).toBe("(it opened)");
    expect(message(packed('{"format": "gradflow", "version": 1, "nodes": [{"id": "m", "type": "Matmul"}], "edges": []}'))).toBe(
      'this link\'s graph cannot be opened: nodes[0].type: unknown op "Matmul" — did you mean "MatMul"?',
    );
  });

  it("a link of a future version", () => {
    expect(message(packed('{"format": "gradflow", "version": 2, "nodes": [], "edges": []}'))).toBe(
      "this link was made by a newer Gradflow: its graph is version 2, and this one reads version 1. Open it in a newer Gradflow",
    );
  });

  it("longer than any link Gradflow makes", () => {
    expect(message(`#${LINK_KEY}${"A".repeat(MAX_LINK_LENGTH + 1)}`)).toBe("this link is longer than a Gradflow link can be (32,000 characters): ask for the graph as a file");
  });
});

describe("the length limit", () => {
  /** numbers that do not compress: a graph of about 5,000 of them */
  const big: GraphDoc = {
    format: "gradflow", version: 1, nodes: [{ id: "x", type: "Input", data: { value: Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 1000) } }], edges: [],
  };

  it("a graph too big for a link is refused, saying to export a file instead", () => {
    const r = graphToLink(big, BASE);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^this graph is too big for a link: it would be [\d,]+ characters, and a link holds at most 32,000\. Export it as a file instead\.$/);
  });

  it("counts the whole link, the address included: 32,000 characters pass, 32,001 do not", () => {
    const doc = EXAMPLES.find((e) => e.id === "two-layer")!.doc;
    const tail = linkOf(doc, "").length; // "#graph=…"
    const exactly = `https://example.org/${"a".repeat(MAX_LINK_LENGTH - tail - "https://example.org/".length)}`;
    const fits = graphToLink(doc, exactly);
    expect(fits.ok && fits.link.length).toBe(MAX_LINK_LENGTH);
    expect(fits.ok && opened(fits.link)).toStrictEqual(doc);
    const over = graphToLink(doc, `${exactly}b`);
    expect(over.ok).toBe(false);
    expect(!over.ok && over.message).toContain("it would be 32,001 characters");
  });
});
