// The message texts written in a source file, read from its text: every string or template
// literal that is returned, thrown, failed with or given as a message. The engine-message test
// uses this to be sure its collected messages cover every message the engine can write.

/** A message as written in code: literal pieces between ${…} holes. */
export interface WrittenMessage {
  file: string;
  line: number;
  /** literal text, one more piece than holes */
  pieces: string[];
}

/** Reads the template literal starting at `i` (a backtick); returns its pieces and where it ends. */
function readTemplate(src: string, i: number): { pieces: string[]; end: number } {
  const pieces: string[] = [];
  let cur = "";
  let j = i + 1;
  while (j < src.length && src[j] !== "`") {
    if (src[j] === "\\") {
      cur += src[j + 1] === "`" || src[j + 1] === "$" || src[j + 1] === "\\" ? src[j + 1] : src.slice(j, j + 2);
      j += 2;
    } else if (src[j] === "$" && src[j + 1] === "{") {
      pieces.push(cur);
      cur = "";
      j = skipExpression(src, j + 2);
    } else cur += src[j++];
  }
  pieces.push(cur);
  return { pieces, end: j + 1 };
}

/** Skips a ${…} expression (which may hold strings and templates of its own); returns the index after its `}`. */
function skipExpression(src: string, j: number): number {
  let depth = 1;
  while (j < src.length && depth > 0) {
    const c = src[j];
    if (c === "`") j = readTemplate(src, j).end;
    else if (c === '"' || c === "'") j = readQuoted(src, j).end;
    else {
      if (c === "{") depth++;
      else if (c === "}") depth--;
      j++;
    }
  }
  return j;
}

function readQuoted(src: string, i: number): { text: string; end: number } {
  const q = src[i];
  let j = i + 1, text = "";
  while (j < src.length && src[j] !== q) {
    if (src[j] === "\\") {
      text += src[j + 1];
      j += 2;
    } else text += src[j++];
  }
  return { text, end: j + 1 };
}

/** Skips a regular expression literal (its quotes are not strings); returns the index of its closing slash. */
function skipRegex(src: string, i: number): number {
  let j = i + 1, inClass = false;
  while (j < src.length && src[j] !== "\n") {
    if (src[j] === "\\") j++;
    else if (src[j] === "[") inClass = true;
    else if (src[j] === "]") inClass = false;
    else if (src[j] === "/" && !inClass) return j;
    j++;
  }
  return j;
}

/**
 * Where a string is a message: after these on its line, a ternary's branches included (` ? `,
 * ` : `; an object's `key: ` has no space before its colon). `also` adds a file's own.
 */
const MESSAGE_CONTEXT = /(?:\breturn|\bthrow new \w*Error\(|\bfail\(|\b(?:message|error): |\? |\s: )\s*$/;

export function writtenMessages(file: string, src: string, also?: RegExp): WrittenMessage[] {
  const out: WrittenMessage[] = [];
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      i = src.indexOf("\n", i);
      if (i < 0) break;
      continue;
    }
    if (c === "/" && src[i + 1] === "*") {
      i = src.indexOf("*/", i) + 1;
      continue;
    }
    if (c === "/" && /[(,=:[!&|?{};]\s*$|^\s*$/.test(src.slice(src.lastIndexOf("\n", i - 1) + 1, i))) {
      i = skipRegex(src, i);
      continue;
    }
    if (c === "'") {
      // a quoted character or word ('"', 'x'): skipped, so that its quote starts nothing
      i = readQuoted(src, i).end - 1;
      continue;
    }
    if (c !== "`" && c !== '"') continue;
    const lineStart = src.lastIndexOf("\n", i - 1) + 1;
    const before = src.slice(lineStart, i);
    const t = c === "`" ? readTemplate(src, i) : (() => { const r = readQuoted(src, i); return { pieces: [r.text], end: r.end }; })();
    // a message has words in it: "(2, 3)" or a path piece "[0]" is not one
    if ((MESSAGE_CONTEXT.test(before) || also?.test(before)) && /[a-z]{3,}/i.test(t.pieces.join(" "))) out.push({ file, line: src.slice(0, i).split("\n").length, pieces: t.pieces });
    i = t.end - 1;
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A regular expression that a message made from this text matches (holes match anything). */
export function writtenPattern(m: WrittenMessage): RegExp {
  return new RegExp(m.pieces.map(escape).join("[\\s\\S]*?"));
}
