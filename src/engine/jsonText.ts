// What JSON.parse lets through and a graph file must not have: nesting deeper than the format can
// be, and a key written twice in one object (JSON.parse silently keeps the last one, so the file
// would mean something other than what its author reads). Both are found in one pass over the
// text, with an explicit stack: a file nested 200,000 deep must not overflow the call stack.

/** The deepest a graph file can be: optimizer.state.slots.<id>.<slot> holds a tensor of 8 axes (13), with room to spare. */
export const MAX_DEPTH = 16;

/** How much of a file a message quotes at most. */
export const QUOTE_LIMIT = 80;

/** A piece of a file (a value, an id) as a message quotes it: JSON, at most 80 characters, invisible characters escaped. */
export function quote(v: unknown, limit = QUOTE_LIMIT): string {
  let s: string;
  try {
    s = typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(v);
  }
  // JSON.stringify leaves these as they are; a message must show them
  s = s.replace(/[\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return s.length <= limit ? s : s.slice(0, limit - 1) + "…";
}

/** A path as messages write it, cut to the limit from the front (the end says where). */
export function clipPath(path: string): string {
  return path.length <= QUOTE_LIMIT ? path : "…" + path.slice(path.length - QUOTE_LIMIT + 1);
}

interface Frame {
  /** an object's keys so far; null for an array */
  keys: Set<string> | null;
  /** the path to this container */
  path: string;
  /** the index of the next element of an array */
  index: number;
  /** the key whose value comes next (objects) */
  key: string | null;
}

/**
 * Scans text that JSON.parse accepted. Returns what is wrong ("nodes[0].data: the key "value"
 * appears twice") or null.
 */
export function scanJson(text: string, maxDepth = MAX_DEPTH): string | null {
  const stack: Frame[] = [];
  const n = text.length;
  const childPath = (f: Frame | undefined): string => {
    if (!f) return "";
    if (f.keys === null) return `${f.path}[${f.index}]`;
    const k = f.key!;
    const part = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `[${quote(k, 40)}]`;
    return f.path ? (part.startsWith("[") ? f.path + part : `${f.path}.${part}`) : part;
  };
  const where = (p: string) => (p === "" ? "the file" : clipPath(p));
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // a string: a key when the innermost container is an object waiting for one
      let j = i + 1;
      let escaped = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) {
          escaped = true;
          j += 2;
          continue;
        }
        if (d === 0x22) break;
        j++;
      }
      const top = stack[stack.length - 1];
      if (top && top.keys !== null && top.key === null) {
        const raw = text.slice(i + 1, j);
        const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key)) return `${where(top.path)}: the key ${quote(key)} appears twice (a key may be written once)`;
        top.keys.add(key);
        top.key = key;
      }
      i = j;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const parent = stack[stack.length - 1];
      const path = childPath(parent);
      if (stack.length >= maxDepth) return `${where(path)}: nested deeper than a graph file can be (more than ${maxDepth} levels)`;
      stack.push({ keys: c === 0x7b ? new Set() : null, path, index: 0, key: null });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      const top = stack[stack.length - 1];
      if (top) top.key = null;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top.keys === null) top.index++;
      else top.key = null;
    } else if (c === 0x3a /* : */) {
      // the value of top.key follows
    } else {
      // a number, true, false, null or white space: ends a value in an object
      const top = stack[stack.length - 1];
      if (top && top.keys !== null && top.key !== null && c > 0x20) {
        // skip the rest of the literal
        while (i + 1 < n && !",}] \t\r\n".includes(text[i + 1])) i++;
      }
    }
  }
  return null;
}

/** The same depth rule for a value that did not come as text (an object built in code, a worker message). */
export function depthProblem(value: unknown, maxDepth = MAX_DEPTH): string | null {
  const stack: [unknown, number, string][] = [[value, 0, ""]];
  while (stack.length) {
    const [v, depth, path] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= maxDepth) return `${path === "" ? "the file" : clipPath(path)}: nested deeper than a graph file can be (more than ${maxDepth} levels)`;
    if (Array.isArray(v)) {
      // a long list of numbers needs no walk: only lists and objects nest
      for (let i = 0; i < v.length; i++) if (typeof v[i] === "object" && v[i] !== null) stack.push([v[i], depth + 1, `${path}[${i}]`]);
    } else for (const [k, x] of Object.entries(v)) if (typeof x === "object" && x !== null) stack.push([x, depth + 1, path ? `${path}.${k}` : k]);
  }
  return null;
}

/** "line 3, column 12": where a position of the text is, counted as an editor counts (from 1, in characters). */
function lineColumn(text: string, at: number): string {
  let line = 1, start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  // characters, not UTF-16 units: the second half of a surrogate pair is not one
  let column = 1;
  for (let k = start; k < at; k++) {
    const c = text.charCodeAt(k);
    if (c < 0xdc00 || c > 0xdfff) column++;
  }
  return `line ${line}, column ${column}`;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;
const ESCAPE = /^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/;

/**
 * Where text that JSON.parse refused goes wrong, and what is wrong there, in words of our own
 * ("line 3, column 12: expected "," or "}" after the value"): JSON.parse's own message differs from
 * one browser to another, some give no place at all, and it is English whatever the learner reads.
 * One pass with an explicit stack, as scanJson. Null when the text is JSON after all.
 */
export function jsonSyntaxProblem(text: string): string | null {
  const n = text.length;
  const at = (i: number, what: string) => `${lineColumn(text, i)}: ${what}`;
  const stack: ("}" | "]")[] = [];
  const space = (i: number) => {
    while (i < n && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
    return i;
  };
  /** the end of the string that starts at i, or what is wrong in it */
  const string = (i: number): number | string => {
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x22) return j + 1;
      if (c < 0x20) return at(j, "a line break or control character inside a text in double quotes (write \\n for a line break)");
      if (c === 0x5c) {
        if (!ESCAPE.test(text.slice(j + 1, j + 6))) {
          if (text[j + 1] === "u") return at(j, "\\u needs four hexadecimal digits, like \\u00e9");
          const seq = text.slice(j, j + 2);
          return at(j, `${/^\\[!-~]$/.test(seq) ? seq : quote(seq)} is not an escape JSON knows (use \\n, \\t, \\", \\\\ or \\u and four hexadecimal digits)`);
        }
        j += text[j + 1] === "u" ? 5 : 1;
      }
    }
    return at(i, "a text in double quotes is not closed");
  };
  const word = (i: number) => {
    WORD.lastIndex = i;
    return WORD.exec(text)?.[0] ?? null;
  };
  const early = (i: number) => at(i, `the file ends too early (a ${quote(stack[stack.length - 1] ?? "}")} is missing, or the file was cut short)`);
  const trailing = (i: number) => at(i, `a comma with no item after it, before ${quote(text[i])} (JSON allows no comma after the last item)`);
  const comment = (i: number) => text[i] === "/" && (text[i + 1] === "/" || text[i + 1] === "*");

  let i = space(0);
  if (i === n) return "the file is empty";
  // what comes next: a value (first: an array may close instead), a key (first: an object may close), ":", or what follows a value
  let want: "value" | "firstValue" | "key" | "firstKey" | "colon" | "after" = "value";
  // a value or a key may not follow a comma at the end of a list or an object
  let afterComma = false;
  for (;; i = space(i)) {
    const c = text[i];
    if (want === "after" && stack.length === 0) return i === n ? null : comment(i) ? at(i, "JSON has no comments") : at(i, "more after the end of the JSON (a file holds one value)");
    if (i === n) return early(i);
    if (comment(i)) return at(i, "JSON has no comments");
    if (c === "'") return at(i, "text is written in double quotes in JSON, not single quotes");
    const comma = afterComma;
    afterComma = false;
    if (want === "value" || want === "firstValue") {
      if (c === "{") {
        stack.push("}");
        [i, want] = [i + 1, "firstKey"];
      } else if (c === "[") {
        stack.push("]");
        [i, want] = [i + 1, "firstValue"];
      } else if (c === "]" && want === "firstValue") {
        stack.pop();
        want = "after";
        i++;
      } else if ((c === "]" || c === "}") && comma) return trailing(i);
      else if (c === '"') {
        const end = string(i);
        if (typeof end === "string") return end;
        [i, want] = [end, "after"];
      } else if (c === "-" || c === "." || c === "+" || (c >= "0" && c <= "9")) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text)?.[0] ?? "";
        if (!m || /[\w.+-]/.test(text[i + m.length] ?? "")) return at(i, `${quote(/^[\w.+-]+/.exec(text.slice(i, i + 30))![0])} is not a number as JSON writes one (like 0.5, -2 or 1e-3)`);
        [i, want] = [i + m.length, "after"];
      } else {
        const w = word(i);
        if (w === null) return at(i, "expected a value (a number, text in double quotes, true, false, null, [...] or {...})");
        if (w !== "true" && w !== "false" && w !== "null") return at(i, `${quote(w, 24)} is not a JSON value (use true, false, null, a number or text in double quotes)`);
        [i, want] = [i + w.length, "after"];
      }
    } else if (want === "key" || want === "firstKey") {
      if (c === "}" && want === "firstKey") {
        stack.pop();
        [i, want] = [i + 1, "after"];
      } else if (c === "}") return trailing(i);
      else if (c === '"') {
        const end = string(i);
        if (typeof end === "string") return end;
        [i, want] = [end, "colon"];
      } else {
        const w = word(i);
        const shown = w !== null && w.length > 24 ? `${w.slice(0, 23)}…` : w;
        return at(i, shown === null ? "expected a key in double quotes" : `the key ${shown} needs double quotes: "${shown}"`);
      }
    } else if (want === "colon") {
      if (c !== ":") return at(i, `expected ":" after the key`);
      [i, want] = [i + 1, "value"];
    } else {
      const close = stack[stack.length - 1];
      if (c === ",") [i, want, afterComma] = [i + 1, close === "}" ? "key" : "value", true];
      else if (c === close) {
        stack.pop();
        i++;
      } else return at(i, `expected "," or ${quote(close)} after the value`);
    }
  }
}
