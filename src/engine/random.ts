// numpy's legacy RandomState, bit for bit: MT19937 seeded by init_genrand, 53-bit doubles
// (`rand`), and the polar Box–Muller method with its cached second value (`randn`).
// `np.random.seed(s); np.random.randn(*shape)` and `randnArray(shape, s)` give the same numbers.

const N = 624;
const M = 397;

export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gaussCache = 0;

  constructor(seed: number) {
    const mt = this.mt;
    mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // 1812433253 * prev + i, modulo 2^32, without losing bits to float64
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      let v = mt[(i + M) % N] ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v >>> 0;
    }
    this.pos = 0;
  }

  /** The next 32-bit output of MT19937. */
  uint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** Uniform [0, 1) with 53 random bits, numpy's `random_sample`. */
  double(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal, numpy's legacy `gauss`. */
  gauss(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      return this.gaussCache;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.double() - 1;
      x2 = 2 * this.double() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gaussCache = f * x1;
    this.hasGauss = true;
    return f * x2;
  }
}

/** A fresh seed for generators that have none, so that a saved graph reproduces. */
export function pickSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}

export function fillRandom(out: Float64Array, kind: "randn" | "rand", seed: number, skip = 0, scale = 1): void {
  const rs = new RandomState(seed);
  const draw = kind === "randn" ? () => rs.gauss() : () => rs.double();
  for (let i = 0; i < skip; i++) draw();
  for (let i = 0; i < out.length; i++) out[i] = scale === 1 ? draw() : draw() * scale;
}
