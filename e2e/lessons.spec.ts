// Lessons and Predict, as a learner and a teacher use them: every built-in lesson played to the
// end with Next in English and in Japanese (its text, its rings, its predictions answered right and
// wrong, its bug hunts clicked wrong then right, Previous); a teacher's 2-step lesson written,
// exported, imported and played; Predict mode while stepping backward.
import { expect, test } from "@playwright/test";
import { compile } from "../src/engine/executor";
import { formatShape } from "../src/engine/tensor";
import { LESSONS } from "../src/lessons";
import { fmt } from "../src/notation/numbers";
import { questionFor } from "../src/teach/predict";
import { GradflowApp } from "./pages/GradflowApp";
import { LessonsPage } from "./pages/Lessons";

for (const lang of ["en", "ja"] as const) {
  test(`every built-in lesson plays to the end with Next, in ${lang === "en" ? "English" : "Japanese"}`, async ({ page }) => {
    test.setTimeout(120_000);
    const app = new GradflowApp(page);
    await app.goto();
    if (lang === "ja") await app.setLanguage("日本語");
    const L = new LessonsPage(app);
    let predictions = 0;
    const answered = { right: 0, wrong: 0 };
    for (const lesson of LESSONS) {
      await L.open(lesson.id);
      const { title, steps } = lesson.doc.lesson!;
      await expect(L.title).toHaveText(title[lang]);
      const run = compile(lesson.doc).run();
      const n = steps.length;
      for (let i = 0; i < n; i++) {
        const step = steps[i];
        await expect(L.text, `${lesson.id} step ${i + 1}`).toHaveText(step.text[lang]);
        await expect(L.counter).toHaveText(lang === "en" ? `Step ${i + 1} of ${n}` : `ステップ ${i + 1} / ${n}`);
        for (const id of step.highlight ?? []) await expect.poll(() => L.ringed(id), `${lesson.id} step ${i + 1}: ${id} ringed`).toBe(true);
        if (step.predict) {
          const { edge, what } = step.predict;
          const role = what === "grad" ? "grad" : "value";
          await expect(L.prediction).toBeVisible();
          // held back until answered
          expect(await L.edgeShows(edge, role), `${lesson.id}: ${edge}'s ${role} hidden`).toBe("");
          const truth = questionFor(run, edge, what)!.truth;
          const right = predictions++ % 2 === 0;
          const text = what === "shape" ? (right ? formatShape(truth.shape) : formatShape([...truth.shape, 7])) : right ? fmt(truth.data[0]) : String(truth.data[0] * 2 + 1);
          await L.answer(text, right ? "enter" : "click");
          await expect(L.verdict).toHaveAttribute("data-right", String(right));
          answered[right ? "right" : "wrong"]++;
          await expect.poll(() => L.edgeShows(edge, role), `${lesson.id}: ${edge}'s ${role} revealed`).not.toBe("");
        }
        if (step.find) {
          const other = lesson.doc.nodes.find((x) => x.id !== step.find)!.id;
          await app.selectNode(other);
          await expect(L.panel.getByTestId("lesson-find").getByRole("status")).toHaveAttribute("data-right", "false");
          await app.selectNode(step.find);
          await expect(L.panel.getByTestId("lesson-find").getByRole("status")).toHaveAttribute("data-right", "true");
          await expect.poll(() => L.ringed(step.find!)).toBe(true);
        }
        if (i < n - 1) await L.button("Next").click();
      }
      await expect(L.button("Next")).toBeDisabled();
      // Previous goes back one step, and its text comes back
      await L.button("Previous").click();
      await expect(L.text).toHaveText(steps[n - 2].text[lang]);
      await expect(L.counter).toHaveText(lang === "en" ? `Step ${n - 1} of ${n}` : `ステップ ${n - 1} / ${n}`);
    }
    expect(answered.right).toBeGreaterThan(3);
    expect(answered.wrong).toBeGreaterThan(3);
    // closing the panel leaves the graph
    const nodes = await app.nodeIds();
    await L.button("Close lesson").click();
    await expect(L.panel).toHaveCount(0);
    expect(await app.nodeIds()).toEqual(nodes);
    // the lesson came in as an example does: the previous document one Undo away
    await app.button("Undo").click();
    await expect.poll(async () => (await app.getDoc()).lesson?.title.en).toBe(LESSONS[LESSONS.length - 2].doc.lesson!.title.en);
  });
}

test("at 1024 × 768, a bug hunt's step shows the whole graph (at zoom 0.7 or more), so that the node to find is on screen, and a click on it is right", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const app = new GradflowApp(page);
  await app.goto();
  const L = new LessonsPage(app);
  for (const lesson of LESSONS.filter((l) => l.doc.lesson!.steps.some((s) => s.find))) {
    await L.open(lesson.id);
    const steps = lesson.doc.lesson!.steps;
    const at = steps.findIndex((s) => s.find);
    for (let i = 0; i < at; i++) await L.button("Next").click();
    const find = steps[at].find!;
    await app.nextFrames();
    const zoom = await page.evaluate(() => new DOMMatrix(getComputedStyle(document.querySelector(".react-flow__viewport")!).transform).a);
    expect(zoom, `${lesson.id}: zoom`).toBeGreaterThanOrEqual(0.7 - 1e-9);
    const outside = await page.evaluate(() => {
      const pane = document.querySelector(".react-flow")!.getBoundingClientRect();
      return [...document.querySelectorAll(".react-flow__node")].filter((n) => {
        const b = n.getBoundingClientRect();
        return b.left < pane.left || b.top < pane.top || b.right > pane.right || b.bottom > pane.bottom;
      }).map((n) => n.getAttribute("data-id"));
    });
    expect(outside, `${lesson.id}: nodes off screen`).toEqual([]);
    await app.selectNode(find);
    await expect(L.panel.getByTestId("lesson-find").getByRole("status")).toHaveAttribute("data-right", "true");
  }
});

test("at 1024 × 768, a lesson's question and then its verdict are scrolled into the docked panels' view", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const app = new GradflowApp(page);
  await app.goto();
  const L = new LessonsPage(app);
  for (const lesson of LESSONS.filter((l) => l.doc.lesson!.steps.some((s) => s.predict)).slice(0, 3)) {
    await L.open(lesson.id);
    const at = lesson.doc.lesson!.steps.findIndex((s) => s.predict);
    for (let i = 0; i < at; i++) await L.button("Next").click();
    const box = page.getByRole("textbox", { name: "Your prediction", exact: true });
    await expect(box, `${lesson.id}: the question`).toBeInViewport({ ratio: 1 });
    await box.fill(lesson.doc.lesson!.steps[at].predict!.what === "shape" ? "(9, 9)" : "12345");
    await box.press("Enter");
    await expect(page.getByTestId("predict-verdict"), `${lesson.id}: the verdict`).toBeInViewport({ ratio: 1 });
  }
});

test("a teacher writes a 2-step lesson, exports it, imports it and plays it", async ({ page }) => {
  const app = new GradflowApp(page);
  await app.goto();
  await app.loadExample("mul");
  const L = new LessonsPage(app);
  await L.writeNew();
  const editor = L.panel.getByTestId("lesson-editor");
  await editor.getByLabel("Lesson title (English)").fill("Mul by hand");
  await editor.getByLabel("Lesson title (Japanese)").fill("乗算を手で");

  // a step without text in both languages is refused where it happened
  await app.selectNode("x");
  await editor.getByLabel("Step text (English)").fill("x is 10.");
  await L.button("Add step").click();
  await expect(editor.getByRole("alert")).toHaveText("Write the step's text in both English and Japanese.");
  await editor.getByLabel("Step text (Japanese)").fill("x は 10 です。");
  await L.button("Add step").click();

  await L.selectEdge("xm");
  await expect(editor.getByTestId("lesson-selection")).toContainText("xm");
  await editor.getByLabel("Step text (English)").fill("What reaches x?");
  await editor.getByLabel("Step text (Japanese)").fill("x に届く勾配は？");
  await editor.getByRole("combobox", { name: "Ask" }).selectOption("grad");
  await L.button("Add step").click();
  const rows = editor.getByTestId("lesson-draft-steps").getByRole("listitem");
  await expect(rows).toHaveCount(2);
  // reorder both ways
  await rows.nth(1).getByRole("button", { name: "Move up" }).click();
  await expect(rows.nth(0)).toContainText("What reaches x?");
  await rows.nth(0).getByRole("button", { name: "Move down" }).click();
  await expect(rows.nth(0)).toContainText("x is 10.");
  // a third step, deleted again
  await editor.getByLabel("Step text (English)").fill("extra");
  await editor.getByLabel("Step text (Japanese)").fill("余分");
  await L.button("Add step").click();
  await expect(rows).toHaveCount(3);
  await rows.nth(2).getByRole("button", { name: "Delete step" }).click();
  await expect(rows).toHaveCount(2);
  // preview the second step, then back
  await rows.nth(1).getByRole("button", { name: "Preview" }).click();
  await expect(L.text).toHaveText("What reaches x?");
  await expect(L.prediction).toBeVisible();
  await L.button("Back to editing").click();
  await expect(rows).toHaveCount(2);

  await L.button("Save lesson").click();
  const saved = (await app.getDoc()).lesson;
  expect(saved).toEqual({
    title: { en: "Mul by hand", ja: "乗算を手で" },
    steps: [
      { text: { en: "x is 10.", ja: "x は 10 です。" }, highlight: ["x"] },
      { text: { en: "What reaches x?", ja: "x に届く勾配は？" }, highlight: ["xm"], predict: { edge: "xm", what: "grad" } },
    ],
  });
  // saving is one undo step
  await app.button("Undo").click();
  await expect.poll(async () => (await app.getDoc()).lesson).toBeUndefined();
  await app.button("Redo").click();
  await expect.poll(async () => (await app.getDoc()).lesson).toEqual(saved);

  const file = await app.exportFile();
  expect(JSON.parse(file.text).lesson).toEqual(saved);
  await app.newGraph();
  await expect(L.panel).toHaveCount(0);

  await app.importWithButton(file);
  await expect(L.panel).toBeVisible();
  await expect(L.title).toHaveText("Mul by hand");
  await expect(L.text).toHaveText("x is 10.");
  await expect.poll(() => L.ringed("x")).toBe(true);
  await L.button("Next").click();
  await expect(L.text).toHaveText("What reaches x?");
  expect(await L.edgeShows("xm", "grad")).toBe("");
  await L.answer("20");
  await expect(L.verdict).toHaveAttribute("data-right", "true");
  await expect.poll(() => L.edgeShows("xm", "grad")).toContain("20");
  await L.button("Previous").click();
  await expect(L.text).toHaveText("x is 10.");
  // in Japanese, the Japanese text
  await app.setLanguage("日本語");
  await expect(L.text).toHaveText("x は 10 です。");
});

test("Predict mode while stepping backward: a right answer, a wrong one explained by the rule, a skip, the score", async ({ page }) => {
  const app = new GradflowApp(page);
  await app.goto();
  await app.loadExample("add-mul-div");
  const L = new LessonsPage(app);
  const predict = L.button("Predict");
  await expect(predict).toHaveAttribute("aria-pressed", "false");
  await predict.click();
  await expect(predict).toHaveAttribute("aria-pressed", "true");
  await app.button("Reset").click();
  for (let i = 0; i < 5; i++) await app.button("Step forward").click();
  await expect(L.prediction).toHaveCount(0);
  expect(await app.stepPosition()).toEqual({ at: 5, of: 10 });

  // the first backward step (Div) waits for a prediction of x's share, 0.05
  await app.button("Step forward").click();
  await expect(L.prediction).toBeVisible();
  expect(await app.stepPosition()).toEqual({ at: 5, of: 10 });
  expect(await L.edgeShows("xd", "grad")).toBe("");
  const score = page.getByTestId("predict-score");
  await expect(score).toHaveText("0 of 0");

  // not an answer: said where, nothing scored
  await L.answer("(2, 3)");
  await expect(page.getByTestId("predict-problem")).toHaveText("This one is a single number, not a tensor: type the number.");
  await expect(score).toHaveText("0 of 0");

  await L.answer("0.05", "enter");
  await expect(L.verdict).toHaveAttribute("data-right", "true");
  await expect(score).toHaveText("1 of 1");
  expect(await app.stepPosition()).toEqual({ at: 6, of: 10 });
  await expect.poll(() => L.edgeShows("xd", "grad")).toContain("0.05");

  // Mul: x's share is y = 20; 10 is wrong, and the rule says why
  await app.button("Step forward").click();
  await expect(L.prediction).toBeVisible();
  await L.answer("10");
  await expect(L.verdict).toHaveAttribute("data-right", "false");
  await expect(L.verdict).toContainText("you said 10, it is 20");
  await expect(page.getByTestId("predict-why")).toContainText("1 × 20 = 20");
  await expect(score).toHaveText("1 of 2");

  // Add: skipped with Reveal, not scored
  await app.button("Step forward").click();
  await expect(L.prediction).toBeVisible();
  await L.button("Reveal").click();
  await expect(L.prediction).toHaveCount(0);
  expect(await app.stepPosition()).toEqual({ at: 8, of: 10 });
  await expect(score).toHaveText("1 of 2");

  // the step buttons still work: a question is skipped by stepping on past it
  await app.button("Step back").click();
  await app.button("Step back").click();
  expect(await app.stepPosition()).toEqual({ at: 6, of: 10 });
  // answered once, asked once: stepping forward again over Mul asks nothing
  await app.button("Step forward").click();
  await expect(L.prediction).toHaveCount(0);
  expect(await app.stepPosition()).toEqual({ at: 7, of: 10 });

  // off: stepping reveals at once
  await predict.click();
  await app.button("Reset").click();
  for (let i = 0; i < 6; i++) await app.button("Step forward").click();
  await expect(L.prediction).toHaveCount(0);
  expect(await app.stepPosition()).toEqual({ at: 6, of: 10 });
});

for (const dark of [false, true])
  test(`axe finds nothing serious in the lesson panel, the Predict box and the lesson editor (${dark ? "dark" : "light"})`, async ({ page }) => {
    const app = new GradflowApp(page);
    await app.goto();
    await app.setDarkMode(dark);
    const L = new LessonsPage(app);
    const serious = (found: Awaited<ReturnType<GradflowApp["audit"]>>) => found.filter((f) => f.impact === "serious" || f.impact === "critical");
    await L.open("matmul");
    await L.button("Next").click();
    await expect(L.prediction).toBeVisible();
    expect(serious(await app.audit())).toEqual([]);
    await L.answer("(2, 3)");
    await expect(L.verdict).toHaveAttribute("data-right", "false");
    expect(serious(await app.audit())).toEqual([]);
    await L.button("Edit lesson").click();
    await expect(L.panel.getByTestId("lesson-editor")).toBeVisible();
    expect(serious(await app.audit())).toEqual([]);
  });
