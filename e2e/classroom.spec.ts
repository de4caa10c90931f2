// Issue 12 in the page: Share link puts the whole graph in the address, a link opens like an
// import (good: opens, with the previous graph one Undo away; broken: says why, changes nothing),
// and Export code downloads a Python script of the graph.
import { expect, test } from "./fixtures/test";
import { mulDoc } from "./fixtures/graphs";

test("Share link, then the link opens the same graph in a fresh page; Undo goes back to what was there", async ({ app, browser }) => {
  await app.loadExample("two-layer");
  const shared = await app.getDoc();
  await app.button("Share link").click();
  const box = app.page.getByRole("textbox", { name: "Link", exact: true });
  await expect(box).toBeVisible();
  const link = await box.inputValue();
  expect(link).toMatch(/#graph=/);

  const other = await browser.newPage();
  const { GradflowApp } = await import("./pages/GradflowApp");
  const second = new GradflowApp(other);
  await second.goto();
  await second.loadDoc(mulDoc);
  await expect.poll(async () => (await second.savedDoc())?.nodes.map((n) => n.id)).toEqual(["x", "y", "mul"]);
  const before = await second.getDoc();
  await other.goto(link.replace(/^https?:\/\/[^/]+/, ""));
  await expect.poll(async () => (await second.getDoc()).nodes.map((n) => n.id)).toEqual(shared.nodes.map((n) => n.id));
  const opened = await second.getDoc();
  expect(opened.nodes.map((n) => n.data)).toEqual(shared.nodes.map((n) => n.data));
  expect(opened.edges).toEqual(shared.edges);
  await expect(other).toHaveURL(/^[^#]*$/);
  // autosave still holds what was there until the learner edits
  expect((await second.savedDoc())?.nodes.map((n) => n.id)).toEqual(before.nodes.map((n) => n.id));
  await second.button("Undo").click();
  await expect.poll(async () => (await second.getDoc()).nodes.map((n) => n.id)).toEqual(before.nodes.map((n) => n.id));
  await other.close();
});

test("a broken link says what is wrong and changes nothing", async ({ app }) => {
  await app.loadDoc(mulDoc);
  const before = await app.getDoc();
  await app.page.evaluate(() => (location.hash = "#graph=N4IgdghgtgpiBcIAqBPADgYwAQB0AaAq"));
  await expect(app.toast.last()).toContainText(/cannot be opened/);
  expect(await app.getDoc()).toEqual(before);
});

test("Export code downloads the graph as a NumPy script in the notebooks' style, and as PyTorch", async ({ app }) => {
  await app.loadExample("add-mul-div");
  for (const [name, want] of [["NumPy", /class MulLayer[\s\S]*def forward[\s\S]*def backward/], ["PyTorch", /import torch[\s\S]*backward/]] as const) {
    await app.button("Export code").click();
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.page.getByRole("menuitem", { name: new RegExp(name) }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.py$/);
    const { readFile } = await import("node:fs/promises");
    expect(await readFile((await download.path())!, "utf8")).toMatch(want);
  }
});
