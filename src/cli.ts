// The command line over the engine (FORMAT.md section 3). Every command reads one graph file (or
// - for standard input). A bad file or bad arguments: exit 1 with one line on stderr and nothing
// on stdout. Training that diverges: exit 3. Results are written in pieces, so that one larger
// than a JavaScript string can hold still comes out, and a closed pipe (`| head`) ends quietly.
import { accessSync, closeSync, constants, openSync, readFileSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { BudgetError, compile } from "./engine/executor";
import { ExportError, exportCode, EXPORT_TARGETS } from "./engine/export";
import { FormatError, parseGraph, validateGraph, withSeeds } from "./engine/format";
import { DEFAULT_TOLERANCE, gradCheck } from "./engine/gradcheck";
import type { GraphDoc, OptimizerSpec } from "./engine/graph";
import { didYouMean, flagName } from "./engine/names";
import { findOptimizer, HYPER_FLAGS, hyperRange, inHyperRange, OPTIMIZERS } from "./engine/optimizers";
import { ChunkWriter, jsonNumber, writeJson, writeObject, writeRunResult, writeTensor } from "./engine/result";
import { TrainDiverged, Trainer, TrainError } from "./engine/train";
import { installFormulas } from "./notation/formula";

// an Expr's formula is read by the formula reader, which the engine does not carry itself
installFormulas();

class UsageError extends Error {}

/** Exit statuses: 1 for what the caller must fix, 3 when training diverged (FORMAT.md section 3). */
const EXIT_BAD = 1, EXIT_DIVERGED = 3;

/** The most steps one call trains. */
const MAX_STEPS = 10_000_000;


/** A flag: the value it takes (shown in --help), none for a switch, and what it does. */
interface Flag {
  value?: string;
  doc: string;
}

interface Command {
  usage: string;
  /** by name, without the -- */
  flags: Record<string, Flag>;
  main(file: GraphDoc, flags: Map<string, string>): number;
}

const COMMANDS: Record<string, Command> = {
  run: {
    usage: "gradflow run FILE [--target ID]\n  Runs forward and backward; prints the values and gradients of every node and edge as JSON.",
    flags: { target: { value: "ID", doc: "differentiate this node's output instead of the graph's seeds" } },
    main: (doc, flags) => {
      writeRunResult(compile(withTarget(doc, flags)).run(), out);
      return 0;
    },
  },
  train: {
    usage:
      "gradflow train FILE --steps N [--optimizer NAME] [--lr X] [--momentum X] [--decay-rate X] [--beta1 X] [--beta2 X] [--trace [--every K]] [--out OUT]\n" +
      "  Runs N optimizer steps on the Param nodes; prints { losses, params } (and trace) as JSON. --out writes the trained graph,\n" +
      "  with the optimizer's state, so that training it further continues exactly.",
    flags: {
      steps: { value: "N", doc: `how many steps (1 to ${MAX_STEPS.toLocaleString("en-US")})` },
      optimizer: { value: "NAME", doc: `${OPTIMIZERS.map((o) => o.type).join(", ")} (any case); default: the file's, else SGD` },
      ...Object.fromEntries([...HYPER_FLAGS].map(([flag, h]) => [flag.slice(2), { value: "X", doc: `the optimizer's ${h} (OPS.md)` }])),
      trace: { doc: "also print every step's loss and params" },
      every: { value: "K", doc: "with --trace, every K-th step only" },
      out: { value: "OUT", doc: "write the trained graph file here" },
    },
    main: train,
  },
  check: {
    usage: "gradflow check FILE [--tolerance X] [--target ID]\n  Compares every Input/Param gradient with central finite differences; exits 1 when one is off by more than the tolerance.",
    flags: {
      tolerance: { value: "X", doc: `the largest relative error that passes (default ${DEFAULT_TOLERANCE})` },
      target: { value: "ID", doc: "differentiate this node's output" },
    },
    main: check,
  },
  export: {
    usage:
      "gradflow export FILE --to numpy|pytorch [--out OUT] [--target ID]\n" +
      "  Writes a Python script that rebuilds the graph and prints each node's value and gradient as JSON lines, the numbers run\n" +
      "  gives: NumPy layers with forward and backward in the notebooks' style, or PyTorch autograd, which also checks its gradients.",
    flags: {
      to: { value: EXPORT_TARGETS.join("|"), doc: "numpy: a class per layer, forward and backward by hand; pytorch: torch tensors and autograd" },
      out: { value: "OUT", doc: "write the script here instead of standard output" },
      target: { value: "ID", doc: "differentiate this node's output instead of the graph's seeds" },
    },
    main: exportScript,
  },
};

const USAGE = `usage: gradflow COMMAND FILE [options]   (FILE may be - for standard input)\n\n${Object.values(COMMANDS).map((c) => c.usage).join("\n\n")}\n\ngradflow COMMAND --help shows a command's options.`;

// ---- output -----------------------------------------------------------------------------

let pipeClosed = false;
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  // the reader went away (`gradflow train … | head`): nothing more to say to anyone
  if (e.code === "EPIPE") {
    pipeClosed = true;
    process.exit(process.exitCode ?? 0);
  }
  throw e;
});

function out(chunk: string): void {
  if (!pipeClosed) process.stdout.write(chunk);
}

// ---- arguments --------------------------------------------------------------------------

function parseArgs(args: string[], cmd: string, command: Command): { file: string | undefined; flags: Map<string, string> } {
  const flags = new Map<string, string>();
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const flag = Object.hasOwn(command.flags, name) ? command.flags[name] : undefined;
      if (flag === undefined) {
        const near = didYouMean(name, Object.keys(command.flags));
        throw new UsageError(`${cmd}: unknown option --${name}${near ? ` — did you mean --${near}?` : ""} (gradflow ${cmd} --help lists them)`);
      }
      if (flags.has(name)) throw new UsageError(`--${name} is given twice`);
      if (flag.value) {
        const v = eq < 0 ? args[++i] : a.slice(eq + 1);
        if (v === undefined) throw new UsageError(`--${name} needs a value: --${name} ${flag.value}`);
        flags.set(name, v);
      } else {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        flags.set(name, "");
      }
    } else if (file === undefined) file = a;
    else throw new UsageError(`${cmd}: one FILE only, but also got ${JSON.stringify(a.slice(0, 40))}`);
  }
  return { file, flags };
}

/** A number flag: what Number() reads of the whole text, and then `ok`. */
function numberFlag(flags: Map<string, string>, name: string, ok: (x: number) => boolean, what: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!(v.trim() !== "" && Number.isFinite(x) && ok(x))) throw new UsageError(`--${name}: expected ${what}, got ${JSON.stringify(v.slice(0, 40))}`);
  return x;
}

function readGraph(file: string | undefined): GraphDoc {
  if (file === undefined) throw new UsageError(`missing FILE (- reads standard input). gradflow --help shows the usage`);
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (e as Error).message}`);
  }
  try {
    return withSeeds(parseGraph(text));
  } catch (e) {
    if (e instanceof FormatError) throw new UsageError(`${file === "-" ? "stdin" : file}: ${e.message}`);
    throw e;
  }
}

function withTarget(doc: GraphDoc, flags: Map<string, string>): GraphDoc {
  const target = flags.get("target");
  if (target === undefined) return doc;
  try {
    return validateGraph({ ...doc, target });
  } catch (e) {
    throw new UsageError(`--target: ${(e as Error).message.replace(/^target: /, "")}`);
  }
}

/** Fails now, not after training, when OUT cannot be written. */
function checkWritable(path: string): void {
  const dir = dirname(resolve(path));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new UsageError(`--out: the folder ${dir} does not exist`);
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`--out: ${path} is a folder`);
  } catch (e) {
    if (e instanceof UsageError) throw e;
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`--out: cannot write in ${dir}`);
  }
}

// ---- commands ---------------------------------------------------------------------------

/** The optimizer to train with: --optimizer over the file's, settings from the file (same optimizer), then flags. */
function chooseOptimizer(doc: GraphDoc, flags: Map<string, string>): OptimizerSpec {
  const name = flags.get("optimizer") ?? doc.optimizer?.type ?? "SGD";
  const spec = findOptimizer(name);
  if (typeof spec === "string") throw new UsageError(`--optimizer: ${spec}`);
  const chosen: OptimizerSpec = doc.optimizer && doc.optimizer.type === spec.type ? { ...doc.optimizer } : { type: spec.type };
  for (const [dashed, h] of HYPER_FLAGS) {
    const flag = dashed.slice(2);
    const v = flags.get(flag);
    if (v === undefined) continue;
    const setting = spec.hyper.find((s) => s.name === h);
    if (!setting) throw new UsageError(`--${flag}: ${spec.type} has no setting ${h} (its settings: ${spec.hyper.map((s) => flagName(s.name)).join(", ")})`);
    chosen[h] = numberFlag(flags, flag, (x) => inHyperRange(setting, x), `a number in ${hyperRange(setting)}`)!;
  }
  return chosen;
}

function train(doc: GraphDoc, flags: Map<string, string>): number {
  const steps = numberFlag(flags, "steps", (x) => Number.isInteger(x) && x >= 1 && x <= MAX_STEPS, `a whole number from 1 to ${MAX_STEPS.toLocaleString("en-US")}`);
  if (steps === undefined) throw new UsageError(`train needs --steps N`);
  const every = numberFlag(flags, "every", (x) => Number.isInteger(x) && x >= 1, "a whole number ≥ 1");
  if (every !== undefined && !flags.has("trace")) throw new UsageError(`--every goes with --trace`);
  const outFile = flags.get("out");
  if (outFile !== undefined) checkWritable(outFile);
  const trainer = new Trainer(doc, chooseOptimizer(doc, flags));
  const trace: string[] = [];
  const progress = new Progress(steps);
  let diverged: TrainDiverged | null = null;
  for (let i = 1; i <= steps; i++) {
    try {
      trainer.step();
    } catch (e) {
      if (!(e instanceof TrainDiverged)) throw e;
      diverged = e;
      break;
    }
    if (flags.has("trace") && (i % (every ?? 1) === 0 || i === steps)) trace.push(traceEntry(trainer, i));
    progress.tick(i, trainer.losses[i - 1]);
  }
  progress.done();
  if (outFile !== undefined) writeFile(outFile, trainer.trainedDoc(doc));
  const w = new ChunkWriter(out);
  w.write(`{"losses":[${trainer.losses.map((l) => JSON.stringify(jsonNumber(l))).join(",")}],"params":`);
  writeObject(w, trainer.params(), (t) => writeTensor(w, t));
  if (flags.has("trace")) w.write(`,"trace":[${trace.join(",")}]`);
  w.write("}\n");
  w.flush();
  if (diverged) {
    process.stderr.write(`gradflow: ${diverged.message}${outFile !== undefined ? ` (${outFile} holds the last finite state)` : ""}\n`);
    return EXIT_DIVERGED;
  }
  return 0;
}

/** One step of the trace: the loss before the update and the params after it. */
function traceEntry(trainer: Trainer, step: number): string {
  let s = "";
  const w = new ChunkWriter((c) => (s += c));
  w.write(`{"step":${step},"loss":${JSON.stringify(jsonNumber(trainer.losses[step - 1]))},"params":`);
  writeObject(w, trainer.params(), (t) => writeTensor(w, t));
  w.write("}");
  w.flush();
  return s;
}

function writeFile(path: string, doc: GraphDoc): void {
  const fd = openSync(path, "w");
  try {
    const w = new ChunkWriter((c) => void writeSync(fd, c));
    writeJson(w, doc);
    w.write("\n");
    w.flush();
  } finally {
    closeSync(fd);
  }
}

/** A line on stderr that says how far training is, when someone watches it (a terminal) and it takes a while. */
class Progress {
  private readonly start = Date.now();
  private last = 0;
  private shown = false;
  constructor(private readonly steps: number) {}
  tick(i: number, loss: number): void {
    if (!process.stderr.isTTY || (i & 63) !== 0) return;
    const now = Date.now();
    if (now - this.start < 1000 || now - this.last < 200) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\rtraining: step ${i} of ${this.steps}, loss ${loss.toPrecision(6)}\x1b[K`);
  }
  done(): void {
    if (this.shown) process.stderr.write("\r\x1b[K");
  }
}

function check(doc: GraphDoc, flags: Map<string, string>): number {
  const tolerance = numberFlag(flags, "tolerance", (x) => x > 0 && x < 1, "a number between 0 and 1") ?? DEFAULT_TOLERANCE;
  const target = flags.get("target");
  const report = gradCheck(withTarget(doc, flags), { tolerance, ...(target !== undefined ? { target } : {}) });
  const nodes = Object.create(null) as Record<string, unknown>;
  for (const [id, c] of report.nodes) nodes[id] = { ...c, relError: c.relError === null ? null : jsonNumber(c.relError), ...(c.worst ? { worst: { index: c.worst.index, analytic: jsonNumber(c.worst.analytic), numeric: jsonNumber(c.worst.numeric) } } : {}) };
  out(JSON.stringify({ tolerance, pass: report.pass, ...(report.reason ? { reason: report.reason } : {}), nodes }) + "\n");
  if (report.reason) process.stderr.write(`gradflow: ${report.reason}\n`);
  return report.pass ? 0 : EXIT_BAD;
}

function exportScript(doc: GraphDoc, flags: Map<string, string>): number {
  const to = flags.get("to");
  if (to === undefined) throw new UsageError(`export needs --to ${EXPORT_TARGETS.join(" or --to ")}`);
  const target = EXPORT_TARGETS.find((t) => t === to.toLowerCase());
  if (!target) {
    const near = didYouMean(to, EXPORT_TARGETS);
    throw new UsageError(`--to: unknown language ${JSON.stringify(to.slice(0, 40))}${near ? ` — did you mean "${near}"?` : ""} (use ${EXPORT_TARGETS.join(" or ")})`);
  }
  const outFile = flags.get("out");
  if (outFile !== undefined) checkWritable(outFile);
  const script = exportCode(withTarget(doc, flags), target);
  if (outFile !== undefined) writeFileSync(outFile, script);
  else out(script);
  return 0;
}

// ---- main -------------------------------------------------------------------------------

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === "-h" || cmd === "--help" || cmd === "help") {
      out(USAGE + "\n");
      return 0;
    }
    if (cmd === undefined) throw new UsageError(`no command given.\n${USAGE}`);
    const command = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
    if (!command) {
      const near = didYouMean(cmd, Object.keys(COMMANDS));
      throw new UsageError(`unknown command ${JSON.stringify(cmd.slice(0, 40))}${near ? ` — did you mean "${near}"?` : ""} (commands: ${Object.keys(COMMANDS).join(", ")})`);
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      const heads = Object.entries(command.flags).map(([f, { value, doc }]) => [`  --${f}${value ? ` ${value}` : ""}`, doc]);
      const width = Math.max(20, ...heads.map(([h]) => h.length + 2));
      const lines = heads.map(([h, doc]) => h.padEnd(width) + doc);
      out(`usage: ${command.usage}\n\noptions:\n${lines.join("\n")}\n`);
      return 0;
    }
    const { file, flags } = parseArgs(rest, cmd, command);
    return command.main(readGraph(file), flags);
  } catch (e) {
    const known = e instanceof UsageError || e instanceof TrainError || e instanceof BudgetError || e instanceof FormatError || e instanceof ExportError;
    const msg = (e as Error).message ?? String(e);
    process.stderr.write(`gradflow: ${known ? msg : `internal error: ${msg.split("\n")[0].slice(0, 200)}`}\n`);
    return EXIT_BAD;
  }
}

process.exitCode = main(process.argv.slice(2));
