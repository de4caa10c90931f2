// Issue 9, "Nothing lost, even while training", and the keyboard: a running or paused run holds
// the document (and says so), whatever replaces the document ends the run first, an autosave that
// cannot be read is kept and offered, a failing save keeps saying so, stepping keys never edit.
import { expect, test } from "./fixtures/test";
import { mulDoc, wideTrainDoc } from "./fixtures/graphs";
import type { GradflowApp } from "./pages/GradflowApp";
import type { GraphDoc } from "../src/engine/graph";

const params = (doc: GraphDoc) => doc.nodes.filter((n) => n.type === "Param").map((n) => JSON.stringify(n.data.value));

async function startTraining(app: GradflowApp, doc: GraphDoc, steps = 100_000): Promise<void> {
  await app.loadDoc(doc);
  await app.button("Train").click();
  const stepsBox = app.trainPanel.getByLabel("Steps", { exact: true });
  await stepsBox.fill(String(steps));
  await stepsBox.press("Tab");
  await app.trainPanel.getByRole("button", { name: "Start", exact: true }).click();
  await expect(app.trainLoss).toHaveAttribute("data-state", "running");
}
/**
 * A run that cannot end while a test acts on it: 100,000 steps of a 64×128 · 128×64 product take
 * half a minute or more here. (16×32 · 32×16 finished in a few seconds, before a test could press Stop.)
 */
const longRun = () => wideTrainDoc(64, 128, 64);
const trainButton = (app: GradflowApp, name: string) => app.trainPanel.getByRole("button", { name, exact: true });

test.describe("training and editing, every transition", () => {
  test("a running run locks the document and says so; edits are refused, nothing is half-applied", async ({ app }) => {
    await startTraining(app, longRun());
    await expect(app.page.getByTestId("training-lock")).toBeVisible();
    await expect(app.button("Undo")).toBeDisabled();
    // the inspector's fields are disabled while the run holds the document
    await app.selectNode("x");
    await expect(app.valueBox).toBeDisabled();
    // a keyboard edit is refused with the reason
    const nodes = await app.nodeIds();
    await app.page.keyboard.press("Control+z");
    expect(await app.nodeIds()).toEqual(nodes);
    await trainButton(app, "Stop").click();
    await expect(app.trainLoss).toHaveAttribute("data-state", "stopped");
    await expect(app.page.getByTestId("training-lock")).toBeHidden();
    await expect(app.valueBox).toBeEnabled();
  });

  test("paused, the document stays locked; Resume goes on from the same Params, and one Undo takes the run back", async ({ app }) => {
    const doc = longRun();
    await startTraining(app, doc);
    await trainButton(app, "Pause").click();
    await expect(app.trainLoss).toHaveAttribute("data-state", "paused");
    await expect(app.page.getByTestId("training-lock")).toContainText(/paused/i);
    await app.selectNode("x");
    await expect(app.valueBox).toBeDisabled();
    const pausedParams = params(await app.getDoc());
    await trainButton(app, "Resume").click();
    await expect.poll(async () => params(await app.getDoc())).not.toEqual(pausedParams);
    await trainButton(app, "Stop").click();
    await expect(app.trainLoss).toHaveAttribute("data-state", "stopped");
    await app.button("Undo").click();
    await expect.poll(async () => params(await app.getDoc())).toEqual(params(doc));
  });

  test("Pause, then New, then Start: the run ended with New, and a new one starts", async ({ app }) => {
    await startTraining(app, longRun());
    await trainButton(app, "Pause").click();
    await expect(app.trainLoss).toHaveAttribute("data-state", "paused");
    await app.button("New").click();
    await expect.poll(() => app.nodeIds()).toEqual([]);
    await expect(app.page.getByTestId("training-lock")).toBeHidden();
    await app.loadDoc(wideTrainDoc(8, 16, 8));
    await app.trainPanel.getByRole("button", { name: "Start", exact: true }).click();
    await expect.poll(() => app.trainProgress(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  test("opening an example during a run ends the run first; the example stays", async ({ app }) => {
    await startTraining(app, longRun());
    await app.button("Examples").click();
    await app.page.locator('[role="menuitem"][data-example-id="mul"]').click();
    await expect.poll(() => app.nodeIds().then((ids) => ids.sort())).toEqual(["mul", "x", "y"]);
    await expect(app.trainLoss).not.toHaveAttribute("data-state", "running");
    // a moment later the run has not written itself back over the example
    await app.page.waitForTimeout(800);
    expect((await app.nodeIds()).sort()).toEqual(["mul", "x", "y"]);
  });

  test("a file imported during a run ends the run first; the file stays", async ({ app }) => {
    await startTraining(app, longRun());
    await app.importWithInput({ name: "mul.json", text: JSON.stringify(mulDoc) });
    await expect.poll(() => app.nodeIds().then((ids) => ids.sort())).toEqual([...mulDoc.nodes.map((n) => n.id)].sort());
    await app.page.waitForTimeout(800);
    expect((await app.nodeIds()).sort()).toEqual([...mulDoc.nodes.map((n) => n.id)].sort());
    await expect(app.trainLoss).not.toHaveAttribute("data-state", "running");
  });

  test("training that diverges stops, says so, and keeps finite Params that export and import again", async ({ app }) => {
    await app.loadDoc(mulDoc);
    const doc: GraphDoc = {
      format: "gradflow",
      version: 1,
      nodes: [
        { id: "W", type: "Param", position: { x: 0, y: 0 }, data: { value: [0.5, -1] } },
        { id: "sq", type: "Mul", position: { x: 200, y: 0 }, data: {} },
        { id: "L", type: "Sum", position: { x: 400, y: 0 }, data: { axis: null, keepdims: false } },
      ],
      edges: [
        { id: "a", source: "W", target: "sq", targetHandle: "a" },
        { id: "b", source: "W", target: "sq", targetHandle: "b" },
        { id: "c", source: "sq", target: "L", targetHandle: "x" },
      ],
      optimizer: { type: "SGD", lr: 1000000 },
    };
    await app.loadDoc(doc);
    await app.button("Train").click();
    await app.trainPanel.getByRole("button", { name: "Start", exact: true }).click();
    await expect(app.trainLoss).toHaveAttribute("data-state", "diverged");
    await expect(app.toast).toContainText(/training diverged at step \d+/);
    const file = await app.exportFile();
    const values = JSON.parse(file.text).nodes.filter((n: { type: string }) => n.type === "Param").map((n: { data: { value?: unknown } }) => n.data.value);
    expect(JSON.stringify(values)).not.toMatch(/null|NaN|Infinity/);
    await app.importWithInput({ name: file.name, text: file.text });
    await expect(app.toast.last()).toContainText(/Imported/);
  });
});

test.describe("saving", () => {
  test("an autosave that cannot be read is kept, said at once, offered as a download, and not overwritten", async ({ app }) => {
    const newer = JSON.stringify({ ...mulDoc, version: 2 });
    // the damaged save is there when the page opens (as after an update of Gradflow, or a bad disk)
    await app.page.addInitScript((t) => {
      if (!sessionStorage.getItem("planted")) {
        localStorage.setItem("gradflow.document", t);
        sessionStorage.setItem("planted", "1");
      }
    }, newer);
    await app.reload();
    const rescue = app.page.getByTestId("save-rescue");
    await expect(rescue).toBeVisible();
    await expect(rescue).toContainText("version: 2 is newer than this Gradflow reads (1)");
    const [download] = await Promise.all([app.page.waitForEvent("download"), rescue.getByRole("button").first().click()]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    expect(await app.page.evaluate(() => localStorage.getItem("gradflow.document.unreadable"))).toBe(newer);
  });

  test("when storage is full, the screen keeps saying so until a save succeeds", async ({ app }) => {
    await app.page.evaluate(() => {
      const real = Storage.prototype.setItem;
      (window as unknown as { __full: boolean }).__full = true;
      Storage.prototype.setItem = function (k: string, v: string) {
        if ((window as unknown as { __full: boolean }).__full) throw new DOMException("full", "QuotaExceededError");
        return real.call(this, k, v);
      };
    });
    await app.loadDoc(mulDoc);
    await app.setNodeValue("x", "3");
    const failed = app.page.getByTestId("save-failed");
    await expect(failed).toBeVisible();
    await app.setNodeValue("x", "4");
    await app.page.waitForTimeout(500);
    await expect(failed).toBeVisible();
    await app.page.evaluate(() => ((window as unknown as { __full: boolean }).__full = false));
    await app.setNodeValue("x", "5");
    await expect(failed).toBeHidden();
  });
});

test.describe("keyboard", () => {
  test("← and → step, and never move the selected node or add an undo entry", async ({ app }) => {
    await app.loadDoc(mulDoc);
    await app.selectNode("x");
    const before = (await app.getDoc()).nodes.find((n) => n.id === "x")!.position;
    const history = () => app.page.evaluate(() => window.__gradflow!.store.getState().past.length);
    const entries = await history();
    await app.node("x").focus();
    await app.page.keyboard.press("ArrowRight");
    await app.page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await app.stepPosition()).at).toBe(2);
    await app.page.keyboard.press("ArrowLeft");
    await expect.poll(async () => (await app.stepPosition()).at).toBe(1);
    expect((await app.getDoc()).nodes.find((n) => n.id === "x")!.position).toEqual(before);
    expect(await history()).toBe(entries);
  });

  test("Ctrl+Z undoes with the focus on a checkbox", async ({ app }) => {
    await app.loadDoc(mulDoc);
    await app.setNodeValue("x", "7");
    await app.dragOpToCanvas("Sum", { x: 500, y: 300 });
    const sum = (await app.nodeIds()).find((id) => id.startsWith("sum"))!;
    await app.selectNode(sum);
    const box = app.inspector.getByRole("checkbox");
    await box.click();
    const keep = await box.isChecked();
    await box.focus();
    await app.page.keyboard.press("Control+z");
    await expect(box).toBeChecked({ checked: !keep });
  });

  for (const menu of ["Examples", "Lessons"])
  test(`the ${menu} menu: ↓ opens it on its first item, Escape closes it and returns focus, Tab away closes it`, async ({ app }) => {
    const examples = app.button(menu);
    await examples.focus();
    await app.page.keyboard.press("ArrowDown");
    const items = app.page.locator('[role="menuitem"]');
    await expect(items.first()).toBeFocused();
    await app.page.keyboard.press("ArrowDown");
    await expect(items.nth(1)).toBeFocused();
    await app.page.keyboard.press("Escape");
    await expect(items).toHaveCount(0);
    await expect(examples).toBeFocused();
    await app.page.keyboard.press("ArrowDown");
    await expect(items.first()).toBeFocused();
    await app.page.keyboard.press("Tab");
    await expect(items).toHaveCount(0);
  });

  test("Help: Escape closes it, and Tab stays inside it", async ({ app }) => {
    await app.button("Help").click();
    const dialog = app.page.getByRole("dialog");
    await expect(dialog).toBeVisible();
    for (let i = 0; i < 4; i++) {
      await app.page.keyboard.press("Tab");
      expect(await dialog.evaluate((d) => d.contains(document.activeElement) || document.activeElement === document.body)).toBe(true);
    }
    await app.page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
  });

  test("wiring from the keyboard: the inspector's input choices connect and disconnect", async ({ app }) => {
    await app.loadDoc({ ...mulDoc, edges: [] });
    await app.selectNode("mul");
    const a = app.inspector.getByLabel("a from", { exact: true });
    await a.selectOption("x");
    await app.inspector.getByLabel("b from", { exact: true }).selectOption("y");
    await expect.poll(async () => (await app.getDoc()).edges.map((e) => `${e.source}>${e.targetHandle}`).sort()).toEqual(["x>a", "y>b"]);
    await a.selectOption("");
    await expect.poll(async () => (await app.getDoc()).edges.map((e) => `${e.source}>${e.targetHandle}`)).toEqual(["y>b"]);
  });
});
