// The command line over the engine (FORMAT.md section 3):
//   run FILE | train FILE --steps N [--optimizer NAME] [--lr X] [--out OUT] | check FILE
// A bad file or bad arguments: exit 1 with one line on stderr and nothing on stdout.
import { readFileSync, writeFileSync } from "node:fs";
import { compile } from "./engine/executor";
import { FormatError, parseGraph, withSeeds } from "./engine/format";
import { gradCheck } from "./engine/gradcheck";
import { optimizerSpec, OPTIMIZERS } from "./engine/optimizers";
import { jsonNumber, tensorToJson, toRunResult } from "./engine/result";
import { Trainer, TrainError, withParams } from "./engine/train";
import type { GraphDoc } from "./engine/graph";

class UsageError extends Error {}

const USAGE = `usage: gradflow run FILE | train FILE --steps N [--optimizer NAME] [--lr X] [--out OUT] | check FILE   (FILE may be - for stdin)`;

function readGraph(file: string | undefined): GraphDoc {
  if (!file) throw new UsageError(`missing FILE. ${USAGE}`);
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  try {
    return withSeeds(parseGraph(text));
  } catch (e) {
    if (e instanceof FormatError) throw new UsageError(`${file === "-" ? "stdin" : file}: ${e.message}`);
    throw e;
  }
}

function parseFlags(args: string[], allowed: string[]): { positional: string[]; flags: Map<string, string> } {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const [name, inline] = a.slice(2).split("=", 2);
      if (!allowed.includes(name)) throw new UsageError(`unknown option --${name}. ${USAGE}`);
      const v = inline ?? args[++i];
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, v);
    } else positional.push(a);
  }
  return { positional, flags };
}

function numberFlag(flags: Map<string, string>, name: string, check: (x: number) => boolean, what: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!(v.trim() !== "" && Number.isFinite(x) && check(x))) throw new UsageError(`--${name}: expected ${what}, got "${v}"`);
  return x;
}

function run(args: string[]): number {
  const { positional } = parseFlags(args, []);
  const doc = readGraph(positional[0]);
  print(toRunResult(compile(doc).run()));
  return 0;
}

function train(args: string[]): number {
  const { positional, flags } = parseFlags(args, ["steps", "optimizer", "lr", "out"]);
  const doc = readGraph(positional[0]);
  const steps = numberFlag(flags, "steps", (x) => Number.isInteger(x) && x >= 1 && x <= 10_000_000, "a whole number ≥ 1");
  if (steps === undefined) throw new UsageError(`train needs --steps N`);
  const name = flags.get("optimizer") ?? doc.optimizer?.type ?? "SGD";
  if (!optimizerSpec(name)) throw new UsageError(`--optimizer: unknown optimizer "${name}" (use one of ${OPTIMIZERS.map((o) => o.type).join(", ")})`);
  // hyper-parameters from the file when it names the same optimizer, then --lr, then defaults
  const given: Record<string, unknown> = doc.optimizer?.type === name ? { ...doc.optimizer } : {};
  const lr = numberFlag(flags, "lr", (x) => x > 0, "a number > 0");
  if (lr !== undefined) given.lr = lr;
  const trainer = new Trainer(doc, { ...given, type: name });
  for (let i = 0; i < steps; i++) trainer.step();
  const params = trainer.params();
  const out = flags.get("out");
  if (out) writeFileSync(out, JSON.stringify(withParams(doc, params, trainer.optimizer), null, 1) + "\n");
  const paramsJson = Object.create(null) as Record<string, unknown>;
  for (const [id, t] of params) paramsJson[id] = tensorToJson(t);
  print({ losses: trainer.losses.map(jsonNumber), params: paramsJson });
  return 0;
}

function check(args: string[]): number {
  const { positional } = parseFlags(args, []);
  const doc = readGraph(positional[0]);
  const report = gradCheck(doc);
  const nodes = Object.create(null) as Record<string, unknown>;
  for (const [id, c] of report.nodes) nodes[id] = c;
  print({ tolerance: report.tolerance, pass: report.pass, nodes });
  return report.pass ? 0 : 1;
}

function print(v: unknown): void {
  process.stdout.write(JSON.stringify(v) + "\n");
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case "run":
        return run(rest);
      case "train":
        return train(rest);
      case "check":
        return check(rest);
      case undefined:
      case "-h":
      case "--help":
        process.stdout.write(USAGE + "\n");
        return cmd === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command "${cmd}". ${USAGE}`);
    }
  } catch (e) {
    const known = e instanceof UsageError || e instanceof TrainError;
    process.stderr.write(`gradflow: ${known ? e.message : `internal error: ${(e as Error).message}`}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
