// Which example a document is, for the race settings an example brings; chapter 6's six
// contestants give the fixture's numpy paths; the spiral example learns in a few hundred steps.
import { describe, expect, it } from "vitest";
import { CHAPTER6_RACE, EXAMPLES } from "./index";
import { graphShape, racePresetOf } from "./match";
import { raceOptimizers } from "../engine/race";
import { Trainer } from "../engine/train";
import { localizedExample } from "../i18n/examples";
import fixtures from "../engine/fixtures/optimizers.json";

const example = (id: string) => EXAMPLES.find((e) => e.id === id)!;

describe("racePresetOf", () => {
  it("finds an example's race settings on its graph, trained, renamed or moved, and nowhere else", () => {
    const withRace = EXAMPLES.filter((e) => e.race);
    expect(withRace.map((e) => e.id)).toEqual(["optimizers-ch6"]);
    // no two examples with race settings share a graph
    expect(new Set(withRace.map((e) => graphShape(e.doc))).size).toBe(withRace.length);
    for (const ex of EXAMPLES) expect(racePresetOf(ex.doc)).toBe(ex.race ?? null);
    const ch6 = example("optimizers-ch6");
    const tr = new Trainer(ch6.doc);
    for (let k = 0; k < 5; k++) tr.step();
    const trained = { ...tr.trainedDoc(ch6.doc), name: "anything", nodes: tr.trainedDoc(ch6.doc).nodes.map((n) => ({ ...n, position: { x: 1, y: 2 } })) };
    expect(racePresetOf(trained)).toBe(ch6.race);
    expect(racePresetOf(localizedExample(ch6))).toBe(ch6.race);
    // one wire less: not the example any more
    expect(racePresetOf({ ...ch6.doc, edges: ch6.doc.edges.slice(1) })).toBeNull();
  });
});

describe("chapter 6's race", () => {
  it("races all six optimizers for the book's 30 steps, each on numpy's path", () => {
    const race = example("optimizers-ch6").race!;
    expect(race.steps).toBe(30);
    expect(race.contestants.map((c) => c.type)).toEqual(["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"]);
    const lanes = raceOptimizers(example("optimizers-ch6").doc, race.contestants, 30, { track: [{ id: "x" }, { id: "y" }] });
    for (const [i, c] of CHAPTER6_RACE.entries()) expect(lanes[i].path, c.type).toEqual(fixtures.compare.runs.find((r) => r.type === c.type)!.path);
  });
});

describe("the spiral example", () => {
  it("learns: Adam brings the loss from about ln 3 to under 0.1 in 300 steps", () => {
    const tr = new Trainer(example("spiral").doc);
    for (let k = 0; k < 300; k++) tr.step();
    expect(tr.losses[0]).toBeGreaterThan(1);
    expect(tr.losses[299]).toBeLessThan(0.1);
  });
});
