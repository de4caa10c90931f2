// powInt against C's pow (Python's math.pow, fixtures/pow.json): every t from 1 to T for 0.9,
// 0.999, 0.99, 0.5, 300 random bases in (0, 1) and three above 1. Where glibc's pow is not
// correctly rounded, the fixture gives the exact value (from Python's Fraction) to equal instead.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import fixture from "./fixtures/pow.json";
import { powInt } from "./pow";

describe("powInt", () => {
  it("equals C's pow for beta1 = 0.9, beta2 = 0.999 and others, t = 1..64, where V8's ** does not", () => {
    const offByV8: string[] = [];
    for (const [base, want] of Object.entries(fixture.named)) {
      const x = Number(base);
      want.forEach((w, i) => {
        expect(powInt(x, i + 1), `${base}^${i + 1}`).toBe(w);
        if (x ** (i + 1) !== w) offByV8.push(`${base}^${i + 1}`);
      });
    }
    // the reason this file exists: with ** Adam would leave numpy's trajectory here
    expect(offByV8).toContain("0.9^4");
    expect(offByV8).toContain("0.999^16");
  });

  it(`equals C's pow for every t to ${fixture.T} (sha256), except where C's pow is not correctly rounded`, () => {
    const T = fixture.T;
    const got = new Float64Array(T);
    let exactOnly = 0;
    for (const { x, sha256, differ } of fixture.bases) {
      for (let t = 1; t <= T; t++) got[t - 1] = powInt(x, t);
      for (const [t, pow, exact] of differ) {
        expect(got[t - 1], `${x}^${t}`).toBe(exact);
        got[t - 1] = pow; // so that the digest compares everything else with C's pow
        exactOnly++;
      }
      // the digest is of little-endian float64s, as the machine's own bytes are here
      expect(createHash("sha256").update(new Uint8Array(got.buffer)).digest("hex"), `x = ${x}`).toBe(sha256);
    }
    expect(fixture.bases.length).toBeGreaterThan(300);
    expect(exactOnly).toBeGreaterThan(0); // glibc's pow does miss: the exact branch is exercised
  }, 60_000); // 6 million powers: a few seconds

  it("rounds subnormal results once, ties to even", () => {
    expect(powInt(0.5, 1074)).toBe(5e-324);
    expect(powInt(0.5, 1075)).toBe(0); // exactly half the smallest step: to even, 0
    expect(powInt(0.75, 2)).toBe(0.5625);
    expect(powInt(2 ** -537, 2)).toBe(2 ** -1074);
    expect(powInt(1.5 * 2 ** -538, 2)).toBe(2 ** -1074); // 2.25 · 2^-1076 = 0.5625 of a step: up
    expect(powInt(2 ** -1074, 1)).toBe(5e-324); // a subnormal base
    expect(powInt(3 * 2 ** -1074, 1)).toBe(3 * 2 ** -1074);
  });

  it("keeps C's pow's special values and signs", () => {
    expect(powInt(Number.NaN, 0)).toBe(1);
    expect(powInt(0, 0)).toBe(1);
    expect(powInt(0.9, 0)).toBe(1);
    expect(powInt(0.9, 1)).toBe(0.9);
    expect(powInt(-0.9, 3)).toBe(-powInt(0.9, 3));
    expect(powInt(-0.9, 4)).toBe(powInt(0.9, 4));
    expect(Object.is(powInt(-0, 3), -0)).toBe(true);
    expect(powInt(Number.NaN, 2)).toBeNaN();
    expect(powInt(1.5, 2000)).toBe(Infinity);
    expect(powInt(-1.5, 2001)).toBe(-Infinity);
    expect(powInt(2, 1023)).toBe(2 ** 1023);
    expect(powInt(2, 1024)).toBe(Infinity);
    expect(powInt(1, Number.MAX_SAFE_INTEGER)).toBe(1);
    expect(powInt(0.9, Number.MAX_SAFE_INTEGER)).toBe(0);
  });

  it("refuses an n that is not a whole number ≥ 0", () => {
    for (const n of [-1, 0.5, Number.NaN, Infinity]) expect(() => powInt(0.9, n)).toThrow(RangeError);
  });
});
