// Page object for the Gradflow editor. Every selector here comes from UI.md's hook table or
// the project's hooks (briefs/hooks.md); specs talk to the app only through this class.
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";
import type { GraphDoc } from "../../src/engine/graph";
import { LABEL_MIN_ZOOM } from "../../src/editor/zoomLevels";

/** The test-only hook of hooks.md (typed here, not through the app's own global declaration). */
interface Hooks {
  getDoc(): GraphDoc;
  loadDoc(doc: GraphDoc): unknown;
}
type HookedWindow = { __gradflow?: Hooks };

export interface EdgeText {
  value: string;
  grad: string;
}
export type EdgeTexts = Record<string, EdgeText>;

export interface Point {
  x: number;
  y: number;
}

/** What the axe audit reports, in short: a rule, how bad, where. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  /** where, each with axe's words on why */
  targets: string[];
  /** each place's aria-label, if it has one */
  labels: (string | null)[];
}

/** WCAG 2.2 AA, the bar: every rule axe tags for A and AA up to 2.2. */
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export const EXAMPLE_IDS = ["mul", "add-mul-div", "sigmoid", "repeat-sum", "matmul", "affine", "linear-relu-celoss", "two-layer", "rnn"] as const;

/** Matches a label whose number is exactly `n`, allowing a leading symbol such as "∂". */
export function numberText(n: string): RegExp {
  return new RegExp(`^[^0-9.\\-−]*${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

/** Does a label's text show a number (or a tensor's shape, or NaN/Infinity)? */
export const showsNumber = (text: string): boolean => /\d|NaN|Inf/.test(text);

export class GradflowApp {
  readonly canvas: Locator;
  readonly pane: Locator;
  readonly nodes: Locator;
  readonly edgeLabels: Locator;
  readonly toast: Locator;
  readonly inspector: Locator;
  readonly valueBox: Locator;
  readonly valueError: Locator;
  readonly search: Locator;
  readonly paletteItems: Locator;
  readonly stepPanel: Locator;
  readonly stepCounter: Locator;
  readonly trainPanel: Locator;
  readonly trainLoss: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.locator(".react-flow");
    this.pane = page.locator(".react-flow__pane");
    this.nodes = page.locator(".react-flow__node");
    this.edgeLabels = page.getByTestId("edge-label");
    this.toast = page.getByTestId("toast");
    this.inspector = page.getByTestId("inspector");
    this.valueBox = page.getByRole("textbox", { name: "Value", exact: true });
    this.valueError = page.getByTestId("value-error");
    this.search = page.getByLabel("Search ops", { exact: true });
    this.paletteItems = page.getByTestId("palette-item");
    this.stepPanel = page.getByTestId("step-panel");
    this.stepCounter = page.getByTestId("step-counter");
    this.trainPanel = page.getByTestId("train-panel");
    this.trainLoss = page.getByTestId("train-loss");
  }

  // ---- page and document -------------------------------------------------------------

  async goto(): Promise<void> {
    await this.page.goto("/");
    await expect(this.canvas).toBeVisible();
    await this.page.waitForFunction(() => !!(window as unknown as HookedWindow).__gradflow);
    await this.settled();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await expect(this.canvas).toBeVisible();
    await this.page.waitForFunction(() => !!(window as unknown as HookedWindow).__gradflow);
    await this.settled();
  }

  button(name: string): Locator {
    return this.page.getByRole("button", { name, exact: true });
  }

  /** The document, read through the test-only hook. */
  getDoc(): Promise<GraphDoc> {
    return this.page.evaluate(() => (window as unknown as HookedWindow).__gradflow!.getDoc());
  }

  /** Fixture set-up through the test-only hook (journeys themselves go through the UI). */
  async loadDoc(doc: GraphDoc): Promise<void> {
    // passed as plain JSON: Playwright's serialisable type of GraphDoc would recurse without end
    await this.page.evaluate((d) => (window as unknown as HookedWindow).__gradflow!.loadDoc(JSON.parse(d) as GraphDoc), JSON.stringify(doc));
    await expect.poll(() => this.nodeIds().then((ids) => ids.sort())).toEqual(doc.nodes.map((n) => n.id).sort());
    await this.settled();
  }

  /** Waits until the canvas shows exactly the document's nodes, and one label per edge. */
  async settled(): Promise<void> {
    await expect
      .poll(async () => {
        const doc = await this.getDoc();
        const ids = (await this.nodeIds()).sort();
        const labels = (await this.edgeLabelIds()).sort();
        // a collapsed group shows as one box: its nodes and the wires inside it are not drawn
        const hidden = new Map<string, string>();
        for (const g of doc.groups ?? []) if (g.collapsed) for (const n of g.nodes) hidden.set(n, g.id);
        const shown = [...doc.nodes.filter((n) => !hidden.has(n.id)).map((n) => n.id), ...(doc.groups ?? []).filter((g) => g.collapsed).map((g) => `group:${g.id}`)];
        const wires = doc.edges.filter((e) => !(hidden.has(e.source) && hidden.get(e.source) === hidden.get(e.target))).map((e) => e.id);
        // zoomed out below the readable zoom, labels are not drawn (src/editor/lowZoom.ts), but the current step's or an open one
        if ((await this.zoom()) < LABEL_MIN_ZOOM) return ids.join() === shown.sort().join() && labels.every((l) => wires.includes(l));
        return ids.join() === shown.sort().join() && labels.join() === wires.sort().join();
      })
      .toBe(true);
  }

  /** The canvas's zoom, read off React Flow's viewport transform. */
  async zoom(): Promise<number> {
    const m = await this.page.locator(".react-flow__viewport").evaluate((el) => getComputedStyle(el).transform);
    const a = /matrix\(([-\d.e]+)/.exec(m);
    return a ? Number(a[1]) : 1;
  }

  async loadExample(id: string): Promise<GraphDoc> {
    await this.button("Examples").click();
    await this.page.locator(`[role="menuitem"][data-example-id="${id}"]`).click();
    // the menu closes and the example's nodes are on the canvas
    await expect(this.page.locator(`[role="menuitem"][data-example-id="${id}"]`)).toHaveCount(0);
    await this.settled();
    const doc = await this.getDoc();
    expect(doc.nodes.length, `example ${id} has nodes`).toBeGreaterThan(0);
    return doc;
  }

  async newGraph(): Promise<void> {
    await this.button("New").click();
    await expect(this.nodes).toHaveCount(0);
  }

  async savedDoc(): Promise<GraphDoc | null> {
    const text = await this.page.evaluate(() => localStorage.getItem("gradflow.document"));
    return text === null ? null : (JSON.parse(text) as GraphDoc);
  }

  async shot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/screens/${name}.png` });
  }

  // ---- nodes, ports, edges -----------------------------------------------------------

  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  handle(nodeId: string, port: string): Locator {
    return this.node(nodeId).locator(`.react-flow__handle[data-handleid="${port}"]`);
  }

  edgeLabel(edgeId: string): Locator {
    return this.page.locator(`[data-testid="edge-label"][data-edge-id="${edgeId}"]`);
  }

  edgeValue(edgeId: string): Locator {
    return this.edgeLabel(edgeId).locator('[data-role="value"]');
  }

  edgeGrad(edgeId: string): Locator {
    return this.edgeLabel(edgeId).locator('[data-role="grad"]');
  }

  nodeIds(): Promise<string[]> {
    return this.nodes.evaluateAll((els) => els.map((e) => e.getAttribute("data-id") ?? ""));
  }

  edgeLabelIds(): Promise<string[]> {
    return this.edgeLabels.evaluateAll((els) => els.map((e) => e.getAttribute("data-edge-id") ?? ""));
  }

  /** Every edge label's shown value and gradient text ("" when hidden or absent). */
  edgeTexts(): Promise<EdgeTexts> {
    return this.edgeLabels.evaluateAll((els) => {
      const out: Record<string, { value: string; grad: string }> = {};
      for (const el of els) {
        const text = (role: string) => {
          const r = el.querySelector<HTMLElement>(`[data-role="${role}"]`);
          return r && r.checkVisibility({ visibilityProperty: true, opacityProperty: true }) ? (r.textContent ?? "").trim() : "";
        };
        out[el.getAttribute("data-edge-id") ?? ""] = { value: text("value"), grad: text("grad") };
      }
      return out;
    });
  }

  /** Clicks a node on its top strip, away from its ports and previews. */
  async selectNode(id: string, modifiers: ("Control" | "Shift")[] = []): Promise<void> {
    const node = this.node(id);
    let box = await node.boundingBox();
    if (!box) throw new Error(`node ${id} is not on screen`);
    // a node outside the canvas's view (a docked panel took its room) is brought in first, as a
    // keyboard selection brings it (the store's select; the camera follows), then clicked
    const flow = (await this.page.locator(".react-flow").boundingBox())!;
    const inView = (b: { x: number; y: number; width: number; height: number }) => b.x >= flow.x && b.y >= flow.y && b.x + b.width <= flow.x + flow.width && b.y + Math.min(8, b.height / 2) + 4 <= flow.y + flow.height;
    if (!inView(box) && !modifiers.length) {
      await this.page.evaluate((id) => (window as unknown as { __gradflow: { store: { getState(): { select(n: string[], e: string[]): void } } } }).__gradflow.store.getState().select([id], []), id);
      await expect.poll(async () => { const b = await node.boundingBox(); return !!b && inView(b); }, { message: `node ${id} brought into view` }).toBe(true);
      box = (await node.boundingBox())!;
    }
    await node.click({ position: { x: box.width / 2, y: Math.min(8, box.height / 2) }, modifiers });
  }

  /** A point of the pane that no node, label or panel covers (in page coordinates). */
  async emptyPanePoint(): Promise<Point> {
    const p = await this.pane.evaluate((pane) => {
      const r = pane.getBoundingClientRect();
      for (let fy = 0.1; fy < 0.95; fy += 0.08)
        for (let fx = 0.1; fx < 0.95; fx += 0.08) {
          const x = r.left + r.width * fx, y = r.top + r.height * fy;
          if (document.elementFromPoint(x, y) === pane) return { x, y };
        }
      return null;
    });
    if (!p) throw new Error("no empty spot on the canvas");
    return p;
  }

  /** Clicks an empty spot of the canvas: deselects, and takes focus out of text boxes. */
  async clickEmptyCanvas(): Promise<void> {
    const p = await this.emptyPanePoint();
    await this.page.mouse.click(p.x, p.y);
  }

  /** Drags from one port to another with the mouse, as a learner wires. */
  async connect(source: string, sourcePort: string, target: string, targetPort: string): Promise<void> {
    const from = await this.handle(source, sourcePort).boundingBox();
    const to = await this.handle(target, targetPort).boundingBox();
    if (!from || !to) throw new Error(`port ${source}.${sourcePort} or ${target}.${targetPort} is not on screen`);
    const m = this.page.mouse;
    await m.move(from.x + from.width / 2, from.y + from.height / 2);
    await m.down();
    await m.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 4 });
    await m.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    // hover a moment over the port before letting go, as a hand does: React Flow finds the
    // port under the pointer while it moves, and a loaded machine may not have caught up
    await m.move(to.x + to.width / 2 + 1, to.y + to.height / 2, { steps: 1 });
    await m.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 1 });
    await this.nextFrames();
    await m.up();
  }

  /** A locator's box once it has stopped moving (the camera glides to a new node). */
  async stableBox(l: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
    let last = "";
    await expect
      .poll(async () => {
        const b = JSON.stringify(await l.boundingBox());
        const still = b === last && b !== "null";
        last = b;
        return still;
      }, { intervals: [100, 100, 150, 200] })
      .toBe(true);
    return JSON.parse(last);
  }

  /** Drags a wire from a port and lets it go at a screen point (over empty canvas: the Add op search opens there). */
  async dragWireTo(source: string, port: string, at: Point): Promise<void> {
    const from = await this.stableBox(this.handle(source, port));
    if (!from) throw new Error(`port ${source}.${port} is not on screen`);
    const m = this.page.mouse;
    await m.move(from.x + from.width / 2, from.y + from.height / 2);
    await m.down();
    await m.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 5, { steps: 4 });
    await m.move(at.x, at.y, { steps: 12 });
    await this.nextFrames();
    await m.up();
  }

  /** The search box that adds an op at the pointer (UI.md). */
  get addOp(): Locator {
    return this.page.getByRole("combobox", { name: "Add op", exact: true });
  }

  /** Double-clicks an empty spot of the canvas, types into the Add op box and presses Enter; returns the new node's id. */
  async addBySearch(query: string, at?: Point): Promise<string> {
    const before = await this.nodeIds();
    const p = at ?? (await this.emptyPanePoint());
    await this.page.mouse.dblclick(p.x, p.y);
    await this.addOp.fill(query);
    await this.addOp.press("Enter");
    return this.newNodeId(before);
  }

  group(id: string): Locator {
    return this.page.locator(`[data-testid="group"][data-group-id="${id}"]`);
  }

  /** Waits for two animation frames, so the page has handled what came before. */
  async nextFrames(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  }

  // ---- palette -----------------------------------------------------------------------

  paletteItem(op: string): Locator {
    return this.page.locator(`[data-testid="palette-item"][data-op="${op}"]`);
  }

  /** Drags a palette entry onto the canvas at `at` (relative to the pane); returns the new node's id. */
  async dragOpToCanvas(op: string, at: Point): Promise<string> {
    const before = await this.nodeIds();
    await this.paletteItem(op).dragTo(this.pane, { targetPosition: at });
    return this.newNodeId(before);
  }

  /** Waits for exactly one node more than `before` and returns its id. */
  async newNodeId(before: string[]): Promise<string> {
    await expect.poll(() => this.nodeIds().then((ids) => ids.length)).toBe(before.length + 1);
    const added = (await this.nodeIds()).filter((id) => !before.includes(id));
    expect(added).toHaveLength(1);
    return added[0];
  }

  // ---- inspector ---------------------------------------------------------------------

  /** Types into the inspector's Value box of the selected node and commits with Enter. */
  async typeValue(text: string): Promise<void> {
    await this.valueBox.fill(text);
    await this.valueBox.press("Enter");
  }

  /** The Value box's error text; "" when there is none. */
  async valueErrorText(): Promise<string> {
    return (await this.valueError.allTextContents()).join(" ").trim();
  }

  async setNodeValue(nodeId: string, text: string): Promise<void> {
    await this.selectNode(nodeId);
    await expect(this.valueBox).toBeVisible();
    await this.typeValue(text);
  }

  // ---- files -------------------------------------------------------------------------

  async exportFile(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent("download"), this.button("Export JSON").click()]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(path, "utf8") };
  }

  /** Imports through the toolbar button and the file chooser it opens. */
  async importWithButton(file: { name: string; text: string } | string): Promise<void> {
    const [chooser] = await Promise.all([this.page.waitForEvent("filechooser"), this.button("Import JSON").click()]);
    await chooser.setFiles(typeof file === "string" ? file : { name: file.name, mimeType: "application/json", buffer: Buffer.from(file.text) });
  }

  /** Imports by setting the hidden file input directly (hooks.md). */
  async importWithInput(file: { name: string; text: string } | string): Promise<void> {
    await this.page
      .getByTestId("import-file")
      .setInputFiles(typeof file === "string" ? file : { name: file.name, mimeType: "application/json", buffer: Buffer.from(file.text) });
  }

  // ---- stepping ----------------------------------------------------------------------

  async stepPosition(): Promise<{ at: number; of: number }> {
    const text = (await this.stepCounter.textContent()) ?? "";
    const m = /(\d+)\s*\/\s*(\d+)/.exec(text);
    if (!m) throw new Error(`step counter reads "${text}", expected "k / n"`);
    return { at: +m[1], of: +m[2] };
  }

  /** Ids of the nodes carrying the gf-current class. */
  currentNodes(): Promise<string[]> {
    return this.page.locator(".react-flow__node.gf-current, .react-flow__node:has(.gf-current)").evaluateAll((els) => els.map((e) => e.getAttribute("data-id") ?? ""));
  }

  /** Every edge label's heatmap pixels (tensor labels show a shape and a heatmap, not numbers). */
  edgeHeatmaps(): Promise<Record<string, string>> {
    return this.edgeLabels.evaluateAll((els) =>
      Object.fromEntries(els.map((el) => [el.getAttribute("data-edge-id") ?? "", [...el.querySelectorAll("canvas, img")].map((c) => (c instanceof HTMLCanvasElement ? c.toDataURL() : (c.getAttribute("src") ?? ""))).join()])),
    );
  }

  // ---- languages and themes ------------------------------------------------------------

  /** The Language select (UI.md: its name stays "Language", its options "English" and "日本語"). */
  get languageSelect(): Locator {
    return this.page.getByRole("combobox", { name: "Language", exact: true });
  }

  /** The Dark mode switch (UI.md: its name stays "Dark mode" in both languages). */
  get darkModeSwitch(): Locator {
    return this.page.getByRole("switch", { name: "Dark mode", exact: true });
  }

  async setLanguage(name: "English" | "日本語"): Promise<void> {
    await this.languageSelect.selectOption({ label: name });
    await expect(this.page.locator("html")).toHaveAttribute("lang", name === "English" ? "en" : "ja");
  }

  async setDarkMode(on: boolean): Promise<void> {
    if ((await this.isDark()) !== on) await this.darkModeSwitch.click();
    await expect(this.darkModeSwitch).toHaveAttribute("aria-checked", String(on));
  }

  htmlLang(): Promise<string | null> {
    return this.page.locator("html").getAttribute("lang");
  }

  isDark(): Promise<boolean> {
    return this.page.locator("html").evaluate((h) => h.classList.contains("dark"));
  }

  /** The page's background colour as computed (the root's, which shows before anything is drawn). */
  htmlBackground(): Promise<string> {
    return this.page.locator("html").evaluate((h) => getComputedStyle(h).backgroundColor);
  }

  /** Does React Flow draw its dark mode (its colorMode follows the theme)? */
  canvasIsDark(): Promise<boolean> {
    return this.canvas.evaluate((c) => c.classList.contains("dark"));
  }

  /** The colours an edge label gives its value and its gradient, as computed. */
  edgeColours(edgeId: string): Promise<{ value: string; grad: string }> {
    return this.edgeLabel(edgeId).evaluate((el) => {
      const c = (role: string) => getComputedStyle(el.querySelector(`[data-role="${role}"]`)!).color;
      return { value: c("value"), grad: c("grad") };
    });
  }

  /** The box with the graph's name (its label is the shown language's). */
  get graphName(): Locator {
    return this.page.getByRole("main").getByRole("textbox").first();
  }

  /** An Examples menu entry's shown title. */
  exampleTitle(id: string): Locator {
    return this.page.locator(`[role="menuitem"][data-example-id="${id}"] > div`).first();
  }

  /** The palette's group headings as shown. */
  paletteGroups(): Promise<string[]> {
    return this.page.getByRole("navigation").getByRole("heading").allTextContents();
  }

  /** The inspector's headings as shown. */
  inspectorHeadings(): Promise<string[]> {
    return this.inspector.getByRole("heading").allTextContents();
  }

  // ---- screens the audit visits --------------------------------------------------------

  /** The Help button; its name is the shown language's ("Help", "ヘルプ"), not one of UI.md's hooks. */
  get helpButton(): Locator {
    return this.page.getByRole("banner").getByRole("button", { name: /^(Help|ヘルプ)$/ });
  }

  async openHelp(): Promise<Locator> {
    await this.helpButton.click();
    const dialog = this.page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async openExamplesMenu(): Promise<Locator> {
    await this.button("Examples").click();
    const menu = this.page.getByRole("menu");
    await expect(menu).toBeVisible();
    return menu;
  }

  /** Reset and one step: the step panel open with an explanation in it. */
  async openStepPanel(): Promise<void> {
    await this.button("Reset").click();
    await this.button("Step forward").click();
    await expect(this.stepPanel.getByRole("heading")).toBeVisible();
  }

  /** Steps forward until the step panel explains a backward step (its heading, in either language). */
  async stepIntoBackward(): Promise<void> {
    const backward = this.stepPanel.getByRole("heading", { name: /^(Backward|逆伝播)/ });
    const { of } = await this.stepPosition();
    for (let i = 0; i < of && !(await backward.isVisible()); i++) await this.button("Step forward").click();
    await expect(backward).toBeVisible();
  }

  async openTrainPanel(): Promise<void> {
    if (!(await this.trainPanel.isVisible())) await this.button("Train").click();
    await expect(this.trainPanel).toBeVisible();
  }

  /** Runs axe with WCAG 2.2 AA's rules on the page as it is now. */
  async audit(): Promise<AxeFinding[]> {
    const r = await new AxeBuilder({ page: this.page }).withTags(WCAG_AA).analyze();
    return r.violations.map((v) => ({ id: v.id, impact: v.impact ?? "unknown", help: v.help, targets: v.nodes.map((n) => `${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/^Fix (any|all) of the following:\s*/, "").replace(/\s+/g, " ")}`), labels: v.nodes.map((n) => /^<[^>]*\saria-label="([^"]*)"/.exec(n.html)?.[1] ?? null) }));
  }

  // ---- training ----------------------------------------------------------------------

  async trainState(): Promise<{ state: string; first: number; last: number }> {
    const [state, first, last] = await Promise.all([
      this.trainLoss.getAttribute("data-state"),
      this.trainLoss.getAttribute("data-first-loss"),
      this.trainLoss.getAttribute("data-last-loss"),
    ]);
    return { state: state ?? "", first: Number(first), last: Number(last) };
  }

  async trainProgress(): Promise<number> {
    // aria-valuenow on a custom bar, .value on a native <progress>
    return this.trainPanel
      .getByRole("progressbar")
      .evaluate((el) => Number(el.getAttribute("aria-valuenow") ?? (el as HTMLProgressElement).value));
  }
}
