# numpy's side of `npm run bench`, on one thread (the bench sets OPENBLAS_NUM_THREADS=1 and its
# kin): the MLP of bench/graphs.ts (mlpDoc) trained with SGD, and square matrix products. It takes
# commands on stdin, one per line, and answers each with one line of JSON, so that the bench can
# time numpy and Gradflow in turns, side by side:
#   mlp N           N SGD steps        -> {"ms": per step, "loss": the loss before the first of them}
#   matmul n R      R products n×n·n×n -> {"ms": per product}
import json
import sys
import time

import numpy as np


class MLP:
    """x (64, 784) → Affine(784, 128) → Sigmoid → Affine(128, 10) → SoftmaxWithLoss, as mlpDoc builds it."""

    def __init__(self):
        np.random.seed(0)
        self.x = np.random.randn(64, 784)
        self.t = np.array([(i * 7) % 10 for i in range(64)])
        np.random.seed(1)
        self.W1 = np.random.randn(784, 128) * np.sqrt(1 / 784)
        self.b1 = np.zeros(128)
        np.random.seed(2)
        self.W2 = np.random.randn(128, 10) * np.sqrt(1 / 128)
        self.b2 = np.zeros(10)
        self.lr = 0.1

    def step(self):
        x, t, n = self.x, self.t, self.x.shape[0]
        a1 = x @ self.W1 + self.b1
        s1 = 1 / (1 + np.exp(-a1))
        a2 = s1 @ self.W2 + self.b2
        e = np.exp(a2 - a2.max(axis=1, keepdims=True))
        y = e / e.sum(axis=1, keepdims=True)
        loss = -np.sum(np.log(y[np.arange(n), t] + 1e-7)) / n
        d = y.copy()
        d[np.arange(n), t] -= 1
        d /= n
        dW2, db2, ds1 = s1.T @ d, d.sum(axis=0), d @ self.W2.T
        da1 = ds1 * (1 - s1) * s1
        dW1, db1 = x.T @ da1, da1.sum(axis=0)
        self.W1 -= self.lr * dW1
        self.b1 -= self.lr * db1
        self.W2 -= self.lr * dW2
        self.b2 -= self.lr * db2
        return loss


def main():
    mlp = MLP()
    mats = {}
    for line in sys.stdin:
        cmd = line.split()
        if not cmd:
            continue
        if cmd[0] == "mlp":
            steps = int(cmd[1])
            t0 = time.perf_counter()
            loss = mlp.step()
            for _ in range(steps - 1):
                mlp.step()
            out = {"ms": (time.perf_counter() - t0) * 1000 / steps, "loss": float(loss)}
        elif cmd[0] == "matmul":
            n, reps = int(cmd[1]), int(cmd[2])
            if n not in mats:
                rs = np.random.RandomState(n)
                mats[n] = (rs.randn(n, n), rs.randn(n, n))
            a, b = mats[n]
            t0 = time.perf_counter()
            for _ in range(reps):
                a @ b
            out = {"ms": (time.perf_counter() - t0) * 1000 / reps}
        else:
            out = {"error": f"unknown command {cmd[0]}"}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
