// The lesson panel, the Lessons menu and the Predict box, on top of the GradflowApp page object.
// Selectors are UI.md's hooks: [data-testid="lesson"] with Next and Previous, the Lessons and Predict
// toolbar buttons, the text box "Your prediction" and the button Check.
import { expect, type Locator, type Page } from "@playwright/test";
import type { GradflowApp } from "./GradflowApp";

export class LessonsPage {
  readonly page: Page;
  readonly panel: Locator;
  readonly text: Locator;
  readonly title: Locator;
  readonly counter: Locator;
  readonly predictBox: Locator;
  readonly prediction: Locator;
  readonly verdict: Locator;

  constructor(readonly app: GradflowApp) {
    this.page = app.page;
    this.panel = this.page.getByTestId("lesson");
    this.text = this.panel.getByTestId("lesson-text");
    this.title = this.panel.getByTestId("lesson-title");
    this.counter = this.panel.getByTestId("lesson-counter");
    this.predictBox = this.page.getByTestId("predict");
    this.prediction = this.page.getByRole("textbox", { name: "Your prediction", exact: true });
    this.verdict = this.page.getByTestId("predict-verdict");
  }

  button(name: string): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }

  async open(id: string): Promise<void> {
    await this.button("Lessons").click();
    await this.page.locator(`[role="menuitem"][data-lesson-id="${id}"]`).click();
    await expect(this.panel).toBeVisible();
  }

  async writeNew(): Promise<void> {
    await this.button("Lessons").click();
    await this.page.getByTestId("write-lesson").click();
    await expect(this.panel.getByTestId("lesson-editor")).toBeVisible();
  }

  /** Is this node or edge label ringed (a solid outline)? */
  async ringed(id: string): Promise<boolean> {
    return this.page.evaluate((id) => {
      const q = JSON.stringify(id);
      const el = document.querySelector(`.react-flow__node[data-id=${q}] .gf-node`) ?? document.querySelector(`[data-testid="edge-label"][data-edge-id=${q}]`);
      return !!el && getComputedStyle(el).outlineStyle === "solid" && parseFloat(getComputedStyle(el).outlineWidth) >= 2;
    }, id);
  }

  /** What an edge's label shows for its gradient (or value): "" while hidden. */
  async edgeShows(edge: string, role: "value" | "grad"): Promise<string> {
    const el = this.page.locator(`[data-testid="edge-label"][data-edge-id="${edge}"] [data-role="${role}"]`);
    return (await el.count()) ? ((await el.first().textContent()) ?? "").trim() : "";
  }

  async answer(text: string, how: "click" | "enter" = "click"): Promise<void> {
    await this.prediction.fill(text);
    if (how === "enter") await this.prediction.press("Enter");
    else await this.button("Check").click();
  }

  /** Clicks a wire (not its label) a quarter of the way along, which selects it. */
  async selectEdge(id: string): Promise<void> {
    const p = await this.page.evaluate((id) => {
      const path = document.querySelector<SVGPathElement>(`.react-flow__edge[data-id="${id}"] path.react-flow__edge-path`);
      if (!path) return null;
      const pt = path.getPointAtLength(path.getTotalLength() * 0.2);
      const m = path.getScreenCTM()!;
      return { x: pt.x * m.a + pt.y * m.c + m.e, y: pt.x * m.b + pt.y * m.d + m.f };
    }, id);
    if (!p) throw new Error(`edge ${id} is not drawn`);
    await this.page.mouse.click(p.x, p.y);
  }
}
