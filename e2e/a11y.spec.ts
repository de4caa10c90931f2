// Issue 9's accessibility bar: an axe audit (WCAG 2.2 AA rules) of the main screens, in both
// themes and both languages, finds nothing serious or critical. Lesser findings are printed.
//
// One known exception, in Japanese only: UI.md keeps the toolbar's accessible names English (its
// test hooks) while the buttons show Japanese, which WCAG 2.5.3 (label in name) counts against
// them. Those findings are accepted on exactly UI.md's hooked controls and printed; any other
// control whose name differs from its text still fails.
import { expect, test } from "./fixtures/test";
import type { GraphDoc } from "../src/engine/graph";
import type { AxeFinding, GradflowApp } from "./pages/GradflowApp";

/** A MatMul missing its W: the node shows its error. */
const BROKEN: GraphDoc = {
  format: "gradflow",
  version: 1,
  nodes: [
    { id: "x", type: "Input", position: { x: 0, y: 0 }, data: { value: [[1, 2]] } },
    { id: "mm", type: "MatMul", position: { x: 260, y: 0 }, data: {} },
  ],
  edges: [{ id: "e", source: "x", sourceHandle: "out", target: "mm", targetHandle: "x" }],
};

type Screen = [name: string, open: (app: GradflowApp) => Promise<unknown>];

const SCREENS: Screen[] = [
  ["editor with an example", async () => {}],
  ["inspector showing a node", (app) => app.selectNode("affine1")],
  ["step panel", (app) => app.openStepPanel()],
  ["train panel", (app) => app.openTrainPanel()],
  ["compare optimizers, after a race", async (app) => {
    await app.openTrainPanel();
    await app.trainPanel.getByRole("button", { name: "Compare optimizers", exact: true }).click();
    const race = app.page.getByTestId("race-view");
    await race.getByRole("button", { name: /^(Compare|比べる)$/ }).click();
    await expect(race).toHaveAttribute("data-state", "done", { timeout: 45_000 });
  }],
  ["step panel, backward", (app) => app.openStepPanel().then(() => app.stepIntoBackward())],
  // (a popover can cover a neighbouring label, which axe counts against that label's target size:
  // where popovers go is the layout's work; this one, on the first wire, covers none)
  ["an edge's full matrix", async (app) => {
    await app.edgeLabel("ex").hover();
    await expect(app.page.getByTestId("matrix-popover")).toBeVisible();
  }],
  ["a node's error and a toast", async (app) => {
    await app.importWithInput({ name: "broken.json", text: "{ nodes: [" });
    await expect(app.toast).toBeVisible();
    await app.loadDoc(BROKEN);
    await expect(app.page.getByTestId("node-error")).toBeVisible();
  }],
  ["Examples menu", (app) => app.openExamplesMenu()],
  ["Help", (app) => app.openHelp()],
];

/** UI.md's controls found by an English accessible name (Pause is Play's other state; Compare optimizers is issue 13's). */
const HOOK_NAMES = new Set(["New", "Export JSON", "Import JSON", "Examples", "Undo", "Redo", "Auto layout", "Step forward", "Step back", "Play", "Pause", "Reset", "Train", "Explain", "Share link", "Export code", "Lessons", "Group", "Predict", "Dark mode", "Language", "Compare optimizers"]);

const serious = (f: AxeFinding) => f.impact === "serious" || f.impact === "critical";

/** The Japanese toolbar's English names, accepted as the contract asks; everything else stays. */
function withoutContractNames(f: AxeFinding, japanese: boolean): AxeFinding | null {
  if (!japanese || f.id !== "label-content-name-mismatch") return f;
  const keep = f.targets.map((_, i) => i).filter((i) => !HOOK_NAMES.has(f.labels[i] ?? ""));
  return keep.length ? { ...f, targets: keep.map((i) => f.targets[i]), labels: keep.map((i) => f.labels[i]) } : null;
}

for (const dark of [false, true])
  for (const language of ["English", "日本語"] as const)
    for (const [screen, open] of SCREENS)
      test(`axe finds nothing serious: ${screen}, ${dark ? "dark" : "light"}, ${language}`, async ({ app }) => {
        const where = `${screen}, ${dark ? "dark" : "light"}, ${language}`;
        await app.setLanguage(language);
        await app.setDarkMode(dark);
        await app.loadExample("two-layer");
        await open(app);
        const found = await app.audit();
        const accepted = found.filter((f) => withoutContractNames(f, language === "日本語") === null);
        if (accepted.length) console.log(`[${where}] accepted by UI.md's contract: ${accepted.map((f) => `${f.id} on ${f.labels.join(", ")}`).join("; ")}`);
        const rest = found.map((f) => withoutContractNames(f, language === "日本語")).filter((f): f is AxeFinding => f !== null);
        const minor = rest.filter((f) => !serious(f));
        if (minor.length) console.log(`[${where}] ${minor.map((f) => `${f.id} (${f.impact}): ${f.targets.join("; ")}`).join(" | ")}`);
        expect(rest.filter(serious)).toEqual([]);
      });
