// x^n for a whole n ≥ 0, correctly rounded. Adam's bias correction needs beta^t to the last bit
// (OPS.md), and V8's ** is off by one ulp for some t (0.9 ** 4, 0.999 ** 16).
//
// How: binary exponentiation in double-double arithmetic (about 104 bits; products made exact
// by Dekker's splitting, since JS has no fma), with the binary exponent kept apart so that no
// step overflows or underflows, then one rounding at the end, subnormal results included. The
// error before that rounding is at most about 2^-97 relative (106 products for n < 2^53), so the
// result is the correctly rounded power unless the exact one lies closer than that to a midpoint.

const SPLIT = 134217729; // 2^27 + 1: splits a double into two halves of 26 bits
const bits = new DataView(new ArrayBuffer(8));

/** 2^e, exactly, for e in [-1074, 1023]. */
function twoTo(e: number): number {
  if (e < -1022) return twoTo(e + 200) * twoTo(-200); // a product of powers of two: exact
  bits.setUint32(0, (e + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

// What mul() and split() give: (hi + lo) · 2^exp, in globals so that the loop allocates nothing.
let hi = 0, lo = 0, exp = 0;

/** x > 0 finite as hi · 2^exp with hi in [1, 2). */
function split(x: number): void {
  let shift = 0;
  if (x < 2 ** -1022) {
    x *= 2 ** 64; // a subnormal: make it normal first
    shift = -64;
  }
  bits.setFloat64(0, x);
  const high = bits.getUint32(0);
  exp = ((high >>> 20) & 0x7ff) - 1023 + shift;
  bits.setUint32(0, (high & 0xfffff) | (1023 << 20));
  hi = bits.getFloat64(0);
}

/**
 * (hi + lo) · 2^exp = (ah + al) · 2^ae · (bh + bl) · 2^be as a double-double with fl(hi + lo) = hi,
 * hi brought back to [1, 2) (scaling by 2 is exact).
 */
function mul(ah: number, al: number, ae: number, bh: number, bl: number, be: number): void {
  const p = ah * bh;
  let c = SPLIT * ah;
  const ah1 = c - (c - ah), ah2 = ah - ah1;
  c = SPLIT * bh;
  const bh1 = c - (c - bh), bh2 = bh - bh1;
  // p's rounding error exactly (Dekker), then the cross terms; al·bl is below 2^-104
  const e = ah1 * bh1 - p + ah1 * bh2 + ah2 * bh1 + ah2 * bh2 + (ah * bl + al * bh);
  hi = p + e;
  lo = e - (hi - p);
  exp = ae + be;
  if (hi >= 2) {
    hi /= 2;
    lo /= 2;
    exp++;
  } else if (hi < 1) {
    hi *= 2;
    lo *= 2;
    exp--;
  }
}

/** (h + l) · 2^e rounded once to the nearest double, ties to even. */
function round(h: number, l: number, e: number): number {
  if (e > 1023) return Infinity;
  if (e >= -1022) return h * twoTo(e); // h is already fl(h + l), and scaling it is exact
  // A subnormal: round (h + l) · 2^s to a whole number of the smallest step 2^-1074.
  const s = e + 1074;
  if (s < -1) return 0; // below a quarter of the smallest step
  const scale = twoTo(s);
  const X = h * scale, Y = l * scale; // exact: both stay normal
  const whole = Math.floor(X);
  const d = X - whole - 0.5 + Y; // X - whole - 0.5 is exact, so d has the sign of the exact excess
  const k = d > 0 || (d === 0 && whole % 2 === 1) ? whole + 1 : whole;
  return k * twoTo(-1074);
}

/**
 * x^n correctly rounded, for a whole n ≥ 0. This is C's pow wherever that is correctly rounded;
 * glibc's is not always (within 0.52 ulp: about 1 in 7000 of pow.test.ts's inputs).
 */
export function powInt(x: number, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`powInt: n must be a whole number ≥ 0, got ${n}`);
  if (n === 0) return 1; // as C's pow: even for NaN
  if (x === 0 || !Number.isFinite(x)) return x ** n; // 0, ±Infinity, NaN: no rounding to get wrong
  split(Math.abs(x));
  let bh = hi, bl = 0, be = exp; // the base, squared as n is read bit by bit
  let rh = 1, rl = 0, re = 0; // the result
  for (let m = n; ; ) {
    if (m % 2 === 1) {
      mul(rh, rl, re, bh, bl, be);
      rh = hi;
      rl = lo;
      re = exp;
    }
    m = Math.floor(m / 2);
    if (m === 0) break;
    mul(bh, bl, be, bh, bl, be);
    bh = hi;
    bl = lo;
    be = exp;
  }
  const r = round(rh, rl, re);
  return x < 0 && n % 2 === 1 ? -r : r;
}
