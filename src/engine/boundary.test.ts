// The engine imports nothing but itself: no React, no mathjs, no view, no Node module, so it runs
// unchanged in Node, the page and a Worker (STYLE.md). Its tsconfig.json keeps DOM and Node
// globals out; this keeps imports out. Tests may import what they like.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ENGINE = __dirname;

/** every .ts file of the engine that is not a test, as a path relative to src/engine */
const sources = (readdirSync(ENGINE, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort();

/** the specifiers of a file's import and export ... from statements, and of dynamic import() */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** what is wrong with one import of `file`, or null */
function outside(file: string, spec: string): string | null {
  if (!spec.startsWith(".")) return `${file} imports the package "${spec}"`;
  const target = relative(ENGINE, resolve(dirname(join(ENGINE, file)), spec));
  return target.startsWith("..") ? `${file} imports ${spec}, outside src/engine` : null;
}

describe("the engine's boundary", () => {
  it("finds every kind of import", () => {
    const text = 'import { a } from "./a";\nimport type { B } from "../ui/b";\nexport { c } from "mathjs";\nimport "react";\nconst d = import("node:fs");\n// "from" in a comment';
    expect(importsOf(text)).toEqual(["./a", "../ui/b", "mathjs", "react", "node:fs"]);
    expect(outside("ops/x.ts", "../tensor")).toBeNull();
    expect(outside("ops/x.ts", "../../ui/numbers")).toMatch(/outside src\/engine/);
    expect(outside("x.ts", "mathjs")).toMatch(/the package "mathjs"/);
  });

  it("no engine file imports from outside the engine", () => {
    expect(sources.length).toBeGreaterThan(10);
    const problems = sources.flatMap((f) => importsOf(readFileSync(join(ENGINE, f), "utf8")).map((s) => outside(f, s)).filter((p) => p !== null));
    expect(problems).toEqual([]);
  });
});
