// Share links (FORMAT.md section 4): the whole graph file in the address's fragment, compressed
// with lz-string, so that nothing goes to any server. Opening one validates it exactly as an import
// does (parseGraph, migrations included, so that a link made today opens in later versions) and
// comes back with the document or one message that says what is wrong. No React: the editor's
// `Share link` and its start-up read both sides of it from here.
//
// lz-string has no check of its own, and a changed character can unpack to another valid graph.
// So the JSON in a link begins with one more field, "crc32": the CRC-32 of the file's JSON without
// it. The file reader ignores it (an optional field, FORMAT.md section 1); this reader checks it
// when it is there, and opens a link without one (made by hand, as FORMAT.md section 4 says) when
// its JSON starts with "format", as every file does that FORMAT.md or Gradflow writes.
import LZString from "lz-string";
import { FORMAT_VERSION, FormatError, parseGraph } from "../engine/format";
import type { GraphDoc } from "../engine/graph";

/** The longest link Gradflow offers (FORMAT.md section 4). */
export const MAX_LINK_LENGTH = 32_000;

/** What comes before the compressed graph in a link's fragment. */
export const LINK_KEY = "graph=";

export type LinkResult = { ok: true; link: string } | { ok: false; message: string };
export type OpenedLink = { ok: true; doc: GraphDoc } | { ok: false; message: string };

/** CRC-32 (IEEE, as zlib.crc32) of a text's UTF-8 bytes, as 8 hex digits. */
export function crc32(text: string): string {
  let c = ~0;
  for (const byte of new TextEncoder().encode(text)) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (~c >>> 0).toString(16).padStart(8, "0");
}

/** The field a link's JSON starts with. */
const CHECKED = /^\{"crc32":"([0-9a-f]{8})",/;

/** How a link without the check begins: as FORMAT.md and the editor write a file, with "format". */
const UNCHECKED = /^\{\s*"format"\s*:/;

/** compressToEncodedURIComponent writes only these characters. */
const ALPHABET = /^[A-Za-z0-9+\-$]*$/;

/**
 * `base#graph=<the file's JSON, compressed>`: any fragment `base` already has is replaced. A link
 * longer than MAX_LINK_LENGTH is refused, with what to do instead.
 */
export function graphToLink(doc: GraphDoc, base: string): LinkResult {
  const hash = base.indexOf("#");
  const json = JSON.stringify(doc);
  // first, so that a changed character anywhere after it either garbles the rest or fails the check
  const text = `{"crc32":"${crc32(json)}",${json.slice(1)}`;
  const link = `${hash < 0 ? base : base.slice(0, hash)}#${LINK_KEY}${LZString.compressToEncodedURIComponent(text)}`;
  if (link.length > MAX_LINK_LENGTH)
    return {
      ok: false,
      message: `this graph is too big for a link: it would be ${link.length.toLocaleString("en-US")} characters, and a link holds at most ${MAX_LINK_LENGTH.toLocaleString("en-US")}. Export it as a file instead.`,
    };
  return { ok: true, link };
}

const BROKEN = "this link is broken or cut short: copy the whole link again, or ask for the graph as a file";

/**
 * The graph in a link's fragment (`#graph=…`, with or without the #, or a whole address), checked
 * as an import is; or the one message to show when it cannot be opened.
 */
export function graphFromLink(hashOrLink: string): OpenedLink {
  const at = hashOrLink.indexOf("#");
  const fragment = at < 0 ? hashOrLink : hashOrLink.slice(at + 1);
  if (fragment === "") return { ok: false, message: "this link has no graph in it: there is nothing after its #" };
  if (!fragment.startsWith(LINK_KEY)) {
    const shown = fragment.length > 30 ? `${fragment.slice(0, 29)}…` : fragment;
    return { ok: false, message: `this is not a Gradflow graph link: it ends in #${shown}, where a graph link has #${LINK_KEY}…` };
  }
  let payload = fragment.slice(LINK_KEY.length);
  if (payload === "") return { ok: false, message: `this link has no graph in it: there is nothing after #${LINK_KEY}` };
  if (payload.length > MAX_LINK_LENGTH) return { ok: false, message: `this link is longer than a Gradflow link can be (${MAX_LINK_LENGTH.toLocaleString("en-US")} characters): ask for the graph as a file` };
  // a mail program or a chat may have percent-encoded the link's + and $, or turned + into a space
  if (payload.includes("%")) {
    try {
      payload = decodeURIComponent(payload);
    } catch {
      return { ok: false, message: BROKEN };
    }
  }
  payload = payload.replace(/ /g, "+");
  if (!ALPHABET.test(payload)) return { ok: false, message: BROKEN };
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(payload);
  } catch {
    text = null;
  }
  if (!text) return { ok: false, message: BROKEN };
  const check = CHECKED.exec(text);
  if (check) {
    text = `{${text.slice(check[0].length)}`;
    if (crc32(text) !== check[1]) return { ok: false, message: BROKEN };
  } else if (!UNCHECKED.test(text)) {
    // a changed character early in a link can garble the check's own key: then the JSON starts
    // with neither "crc32" nor "format", where a link without the check starts as a file does
    return { ok: false, message: BROKEN };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, message: BROKEN };
  }
  // a corrupted character can still decompress, to JSON whose keys are changed: broken too
  const file = raw as { format?: unknown; version?: unknown } | null;
  if (typeof file !== "object" || file === null || Array.isArray(file) || file.format !== "gradflow") return { ok: false, message: BROKEN };
  if (typeof file.version === "number" && file.version > FORMAT_VERSION)
    return { ok: false, message: `this link was made by a newer Gradflow: its graph is version ${file.version}, and this one reads version ${FORMAT_VERSION}. Open it in a newer Gradflow` };
  try {
    return { ok: true, doc: parseGraph(text) };
  } catch (e) {
    if (e instanceof FormatError) return { ok: false, message: `this link's graph cannot be opened: ${e.message}` };
    throw e;
  }
}
