// Two languages (issue 9, UI.md "Readable at every size"): the Language select switches every text
// of the interface and <html lang>, the choice survives a reload, a first visit follows the
// browser, and UI.md's hooks keep their English names in both.
import { expect, test } from "./fixtures/test";
import type { GraphDoc } from "../src/engine/graph";
import { numberText } from "./pages/GradflowApp";

/** A MatMul missing its W, and an Input typed wrong: messages the engine writes in English. */
const broken: GraphDoc = {
  format: "gradflow",
  version: 1,
  nodes: [
    { id: "x", type: "Input", position: { x: 0, y: 0 }, data: { value: [[1, 2]] } },
    { id: "mm", type: "MatMul", position: { x: 260, y: 0 }, data: {} },
  ],
  edges: [{ id: "e", source: "x", sourceHandle: "out", target: "mm", targetHandle: "x" }],
};

test("日本語 switches the interface, <html lang> follows, a reload keeps it, and English comes back", async ({ app }) => {
  expect(await app.htmlLang()).toBe("en");
  expect(await app.paletteGroups()).toContain("Activations");
  expect(await app.inspectorHeadings()).toEqual(["Inspector"]);

  await app.setLanguage("日本語");
  await expect(app.page).toHaveTitle("Gradflow — 計算グラフで逆伝播を見る");
  expect(await app.paletteGroups()).toEqual(expect.arrayContaining(["入力とパラメータ", "活性化関数", "損失関数"]));
  expect(await app.inspectorHeadings()).toEqual(["インスペクタ"]);
  // the hooks keep their English names; what they show is Japanese
  await expect(app.button("Step forward")).toHaveText(/進む/);
  await expect(app.button("Train")).toHaveText("学習");
  await expect(app.languageSelect).toHaveValue("ja");

  // the step panel
  await app.button("Reset").click();
  await expect(app.stepPanel).toContainText("準備完了");
  await app.button("Step forward").click();
  await expect(app.stepPanel.getByRole("heading")).toHaveText(/^順伝播: /);
  await app.stepIntoBackward();
  await expect(app.stepPanel.getByRole("heading")).toHaveText(/^逆伝播: /);
  // the train panel
  await app.openTrainPanel();
  await expect(app.trainPanel.getByRole("heading")).toHaveText("Param の学習");
  await expect(app.trainPanel.getByRole("button", { name: "開始", exact: true })).toBeVisible();
  // the inspector of a node
  await app.selectNode("mul");
  await expect(app.inspector).toContainText("要素ごとの積");
  expect(await app.inspectorHeadings()).toEqual(expect.arrayContaining([expect.stringMatching(/^出力/), "勾配 ∂L/∂out"]));

  await app.reload();
  expect(await app.htmlLang()).toBe("ja");
  expect(await app.paletteGroups()).toContain("活性化関数");

  await app.setLanguage("English");
  expect(await app.paletteGroups()).toContain("Activations");
  expect(await app.inspectorHeadings()).toEqual(["Inspector"]);
  await expect(app.button("Step forward")).toHaveText(/Step/);
  await app.reload();
  expect(await app.htmlLang()).toBe("en");
});

test("examples open with their titles, names and labels in Japanese, and the same numbers", async ({ app }) => {
  await app.setLanguage("日本語");
  await app.openExamplesMenu();
  await expect(app.exampleTitle("two-layer")).toHaveText("2 層ニューラルネットがらせんを学習");
  await app.button("Examples").click();
  const doc = await app.loadExample("two-layer");
  expect(doc.name).toBe("3 クラスのらせんを学ぶ 2 層ネット");
  expect(doc.nodes.find((n) => n.id === "affine2")?.data.label).toBe("スコア");
  await expect(app.graphName).toHaveValue("3 クラスのらせんを学ぶ 2 層ネット");
  await app.loadExample("mul");
  await expect(app.edgeGrad("xm")).toHaveText(numberText("20"));
});

test("engine messages reach the learner in Japanese: a node's error, the Value box, an import", async ({ app }) => {
  await app.setLanguage("日本語");
  await app.loadDoc(broken);
  await expect(app.node("mm").getByTestId("node-error")).toHaveText("⚠ 入力 W がつながっていません");
  await app.setNodeValue("x", "[[1, 2], [3]]");
  await expect(app.valueError).toHaveText("行によって長さが違います（2 と 1）");
  await app.importWithInput({ name: "broken.json", text: "{ nodes: [" });
  await expect(app.toast.filter({ hasText: "broken.json を読み込めません: JSON ではありません" })).toBeVisible();
});

test("an import's error says, in Japanese words, where the JSON breaks and what is missing: nothing of the browser's English, no undefined", async ({ app }) => {
  await app.setLanguage("日本語");
  await app.importWithInput({ name: "broken.json", text: "{ nodes: [" });
  // not JSON.parse's "Expected property name or '}' in JSON at position 2"
  await expect(app.toast.filter({ hasText: 'broken.json を読み込めません: JSON ではありません: 1 行目の 3 文字目: キー nodes は二重引用符で囲んでください: "nodes"' })).toBeVisible();
  // a JSON file of another kind: its format is missing, not "undefined"
  await app.importWithInput({ name: "other.json", text: '{ "nodes": [] }' });
  await expect(app.toast.filter({ hasText: 'other.json を読み込めません: format: 指定がありません（Gradflow のグラフファイルには "format": "gradflow" があります）' })).toBeVisible();
});

test.describe("a browser set to Japanese", () => {
  test.use({ locale: "ja-JP" });

  test("opens in Japanese on a first visit", async ({ app }) => {
    expect(await app.htmlLang()).toBe("ja");
    await expect(app.languageSelect).toHaveValue("ja");
    expect(await app.paletteGroups()).toContain("活性化関数");
    // the first example, in Japanese too
    await expect(app.graphName).toHaveValue("乗算レイヤ (x = 10, y = 20)");
  });

  test("keeps English once the learner picks it", async ({ app }) => {
    await app.setLanguage("English");
    await app.reload();
    expect(await app.htmlLang()).toBe("en");
    expect(await app.paletteGroups()).toContain("Activations");
  });
});

test("a new graph is named in the learner's language: 無題 in Japanese, untitled in English", async ({ app }) => {
  await app.setLanguage("日本語");
  await app.newGraph();
  expect((await app.getDoc()).name).toBe("無題");
  await app.setLanguage("English");
  await app.newGraph();
  expect((await app.getDoc()).name).toBe("untitled");
});
