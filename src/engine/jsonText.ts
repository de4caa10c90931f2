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
