// An optimizer's state as a file carries it (FORMAT.md, optimizer.state), so that training goes
// on exactly where it stopped: { "t": 30, "slots": { "<param id>": { "v": tensor, ... } } }, each
// tensor nested arrays shaped like its Param. Param ids are the user's: objects keyed by them are
// null-prototype, so "__proto__" is an ordinary id.
import { clip, didYouMean } from "./names";
import { optimizerSpec, type OptimizerSpec, type OptimizerState } from "./optimizers";
import { formatShape, fromNested, MAX_AXES, sameShape, sizeOf, toNested, type Nested } from "./tensor";

export interface OptimizerStateJson {
  t: number;
  slots: Record<string, Record<string, Nested>>;
}

const nullRecord = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** The state as JSON; `shapes` gives each parameter's shape (its Param's). */
export function stateToJson(state: OptimizerState, shapes: ReadonlyMap<string, readonly number[]>): OptimizerStateJson {
  const slots = nullRecord<Record<string, Nested>>();
  for (const [id, rec] of state.slots) {
    const shape = shapes.get(id);
    if (!shape) throw new Error(`optimizer state: no shape for "${id}"`);
    const out = nullRecord<Nested>();
    for (const [name, data] of Object.entries(rec)) {
      if (data.length !== sizeOf(shape)) throw new Error(`optimizer state: ${id}.${name} has ${data.length} numbers, not ${formatShape(shape)}`);
      out[name] = toNested({ shape, data }) as Nested;
    }
    slots[id] = out;
  }
  return { t: state.t, slots };
}

/** The state from JSON that checkOptimizerState has passed. */
export function stateFromJson(raw: unknown): OptimizerState {
  const { t, slots } = raw as OptimizerStateJson;
  const state: OptimizerState = { t, slots: new Map() };
  for (const id of Object.keys(slots)) {
    const rec = nullRecord<Float64Array>();
    for (const name of Object.keys(slots[id])) rec[name] = fromNested(slots[id][name]).data;
    state.slots.set(id, rec);
  }
  return state;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** `.W` or `["my id"]`: a key in a message's path, clipped. */
const member = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? `.${clip(k, 30)}` : `[${clip(JSON.stringify(k), 30)}]`);

/** What a value is, in a message, without quoting more than a little of the file. */
function describe(v: unknown): string {
  if (typeof v === "string") return clip(JSON.stringify(v), 30);
  if (Array.isArray(v)) return "a list";
  if (isObj(v)) return "an object";
  return v === undefined ? "nothing" : String(v);
}

const keeps = (o: OptimizerSpec) => (o.slots.length ? `${o.type} keeps ${o.slots.join(" and ")} for a Param` : `${o.type} keeps no state`);

/**
 * What is wrong with a file's optimizer.state for this optimizer and these Params, as one line
 * ("optimizer.state.slots.W.v: shape (2,3) but the Param W is (3,2)"), or null. A Param may be
 * left out (its state is zeros, as before its first step); one that is listed has all the slots.
 */
export function checkOptimizerState(type: string, raw: unknown, paramShapes: ReadonlyMap<string, readonly number[]>, path: string): string | null {
  const spec = optimizerSpec(type);
  if (!spec) return `${path}: unknown optimizer ${describe(type)}`;
  if (!isObj(raw)) return `${path}: expected { "t": steps taken, "slots": { "<param id>": { ${spec.slots.map((s) => `"${s}": tensor`).join(", ")} } } }`;
  for (const k of Object.keys(raw)) if (k !== "t" && k !== "slots") return `${path}${member(k)}: the state has t and slots, nothing else`;
  if (!Number.isSafeInteger(raw.t) || (raw.t as number) < 0) return `${path}.t: expected the steps taken, a whole number ≥ 0, got ${describe(raw.t)}`;
  if (!isObj(raw.slots)) return `${path}.slots: expected an object keyed by Param id, got ${describe(raw.slots)}`;
  for (const id of Object.keys(raw.slots)) {
    const at = `${path}.slots${member(id)}`;
    const shape = paramShapes.get(id);
    if (!shape) {
      const near = didYouMean(id, paramShapes.keys());
      return `${at}: the graph has no Param with this id${near ? ` — did you mean "${clip(near, 30)}"?` : ""}`;
    }
    const rec = raw.slots[id];
    if (!isObj(rec)) return `${at}: expected an object of slots (${keeps(spec)}), got ${describe(rec)}`;
    for (const name of Object.keys(rec)) if (!spec.slots.includes(name)) return `${at}${member(name)}: no such slot (${keeps(spec)})`;
    for (const name of spec.slots) {
      if (!Object.hasOwn(rec, name)) return `${at}: missing ${name} (${keeps(spec)})`;
      const bad = checkTensor(rec[name], shape, `${at}.${name}`, id);
      if (bad) return bad;
    }
  }
  return null;
}

/** A slot's tensor: nested lists of finite numbers, shaped like the Param. */
function checkTensor(v: unknown, want: readonly number[], path: string, id: string): string | null {
  // the shape is read off the first elements (no deeper than a tensor can be), then every element must agree
  const shape: number[] = [];
  for (let probe = v; Array.isArray(probe); probe = probe[0]) {
    if (shape.length === MAX_AXES) return `${path}: lists nested deeper than a tensor can be (${MAX_AXES} axes)`;
    if (probe.length === 0) return `${path}: an empty list is not a tensor`;
    shape.push(probe.length);
  }
  if (!sameShape(shape, want)) return `${path}: shape ${formatShape(shape)} but the Param ${clip(id, 30)} is ${formatShape(want)}`;
  // the path of a bad element is built on the way out, so a good tensor costs no strings
  const walk = (x: unknown, depth: number): string | null => {
    if (depth === want.length) {
      if (typeof x !== "number") return `: expected a number, got ${describe(x)}`;
      return Number.isFinite(x) ? null : `: ${x} is not a finite number`;
    }
    if (!Array.isArray(x)) return `: expected a list of ${want[depth]}, got ${describe(x)}`;
    if (x.length !== want[depth]) return `: has ${x.length} entries but the others have ${want[depth]} (a tensor must be rectangular)`;
    for (let i = 0; i < x.length; i++) {
      const bad = walk(x[i], depth + 1);
      if (bad) return `[${i}]${bad}`;
    }
    return null;
  };
  const bad = walk(v, 0);
  return bad && path + bad;
}
