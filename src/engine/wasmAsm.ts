// The few pieces of WebAssembly's binary format that Gradflow writes by hand (the matmul kernel in
// gemmWasm.ts, the SIMD ceiling in bench/ceiling.ts): LEB128 numbers, names, locals, sections.

/** WebAssembly code, byte by byte */
export type Code = number[];

/** an unsigned LEB128 number */
export const uleb = (v: number): Code => {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
};
/** a signed LEB128 number */
export const sleb = (v: number): Code => {
  const out: number[] = [];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(byte & 0x40)) || (v === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
/** a name: its length, then its characters */
export const text = (s: string): Code => [...uleb(s.length), ...[...s].map((ch) => ch.charCodeAt(0))];

/** local.get, local.set, local.tee */
export const get = (l: number): Code => [0x20, ...uleb(l)];
export const set = (l: number): Code => [0x21, ...uleb(l)];
export const tee = (l: number): Code => [0x22, ...uleb(l)];

export const SIMD = 0xfd;
export const F64X2_ADD: Code = [SIMD, ...uleb(0xf0)], F64X2_MUL: Code = [SIMD, ...uleb(0xf2)];
/** one double into both lanes: [opcode…, log2(alignment), offset] */
export const load64Splat = (off: number): Code => [SIMD, 0x0a, 3, ...uleb(off)];

/** a section of a module: its id, its size, its content */
export const section = (id: number, content: Code): Code => [id, ...uleb(content.length), ...content];
/** a vector: its length, then its items */
export const vec = (items: Code[]): Code => [...uleb(items.length), ...items.flat()];
/** what every module starts with: the magic number and version 1 */
export const HEADER: Code = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
