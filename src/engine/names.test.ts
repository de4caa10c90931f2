import { describe, expect, it } from "vitest";
import { clip, didYouMean, editDistance, flagName, quoted } from "./names";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["MatMul", "MatMul", 0],
    ["Matmul", "MatMul", 1], // case counts here; didYouMean ignores it
    ["kitten", "sitting", 3],
    ["adm", "adam", 1],
    ["sdg", "sgd", 2], // a swap is two edits in Levenshtein's count
    ["flaw", "lawn", 2],
  ])("%s → %s: %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("didYouMean", () => {
  const OPTS = ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"];
  it("prefers the same letters in another case, then the nearest within two letters", () => {
    expect(didYouMean("adam", OPTS)).toBe("Adam");
    expect(didYouMean("ADAGRAD", OPTS)).toBe("AdaGrad");
    expect(didYouMean("Adm", OPTS)).toBe("Adam");
    expect(didYouMean("SDG", OPTS)).toBe("SGD");
    expect(didYouMean("momentun", OPTS)).toBe("Momentum");
    expect(didYouMean("RMSprp", OPTS)).toBe("RMSprop");
  });

  it("suggests nothing far off, and nothing for a name too short to be a near miss", () => {
    expect(didYouMean("LBFGS", OPTS)).toBeUndefined();
    expect(didYouMean("Adamax", OPTS)).toBe("Adam"); // two letters off
    expect(didYouMean("AdaDelta", OPTS)).toBeUndefined();
    expect(didYouMean("x", ["W", "b"])).toBeUndefined();
    expect(didYouMean("w", ["W", "b"])).toBe("W");
    expect(didYouMean("Wx", ["W", "b"])).toBe("W");
    expect(didYouMean("", ["W"])).toBeUndefined();
    expect(didYouMean("abc", [])).toBeUndefined();
  });

  it("breaks a tie by the order of the candidates, and takes any iterable", () => {
    expect(didYouMean("ab", ["aa", "bb"])).toBe("aa");
    expect(didYouMean("ab", ["bb", "aa"])).toBe("bb");
    expect(didYouMean("W1", new Map([["W", 1], ["b", 2]]).keys())).toBe("W");
  });
});

describe("flags and quotes", () => {
  it("derives a setting's flag from its name", () => {
    expect(flagName("decay_rate")).toBe("--decay-rate");
    expect(flagName("lr")).toBe("--lr");
    expect(flagName("beta1")).toBe("--beta1");
  });

  it("clips what it quotes", () => {
    expect(clip("abc", 5)).toBe("abc");
    expect(clip("abcdef", 5)).toBe("abcd…");
    expect(quoted("Adm")).toBe('"Adm"');
    expect(quoted("x".repeat(100))).toHaveLength(40);
    expect(quoted('a"b')).toBe('"a\\"b"');
  });
});
