// Page object for the inspector's slope plot (issue 10, "The gradient as a slope").
import { expect, type Locator } from "@playwright/test";
import type { GradflowApp } from "./GradflowApp";

export class SlopePlot {
  readonly root: Locator;
  readonly plot: Locator;
  readonly sentence: Locator;
  readonly step: Locator;
  readonly tangent: Locator;
  readonly numeric: Locator;
  readonly landing: Locator;
  readonly errors: Locator;
  readonly cells: Locator;
  readonly checkLine: Locator;
  readonly indexError: Locator;

  constructor(readonly app: GradflowApp) {
    this.root = app.inspector.getByTestId("slope");
    this.plot = this.root.getByTestId("slope-plot");
    this.sentence = this.root.getByTestId("slope-sentence");
    this.step = this.root.getByTestId("slope-step");
    this.tangent = this.root.getByTestId("slope-tangent");
    this.numeric = this.root.getByTestId("slope-numeric");
    this.landing = this.root.getByTestId("slope-landing");
    this.errors = this.root.getByTestId("slope-errors");
    this.cells = this.root.getByTestId("slope-error-cell");
    this.checkLine = this.root.getByTestId("slope-check-line");
    this.indexError = this.root.getByTestId("slope-index-error");
  }

  /** The element chooser's field for one axis. */
  indexField(axis: number): Locator {
    return this.root.getByTestId(`slope-index-${axis}`);
  }

  /** Picks an element with the chooser's number fields, as a learner types them. */
  async choose(index: number[]): Promise<void> {
    for (let a = 0; a < index.length; a++) await this.indexField(a).fill(String(index[a]));
  }

  /** The slope a drawn line stands for (its data-slope). */
  async slopeOf(line: Locator): Promise<number> {
    await expect(line).toBeVisible();
    return Number(await line.getAttribute("data-slope"));
  }

  /** The numbers of the sentence, as written ("−0.7" read as −0.7). */
  async sentenceNumbers(): Promise<number[]> {
    const text = (await this.sentence.textContent()) ?? "";
    return [...text.replace(/−/g, "-").matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)].map((m) => Number(m[0]));
  }
}
