// Two themes (issue 9): the Dark mode switch toggles the dark class and is remembered, the system's
// setting counts until then, a dark visit never flashes white, and values stay blue and gradients
// orange in both.
import { expect, test } from "./fixtures/test";

/** r, g, b of a computed colour "rgb(r, g, b)" */
const rgb = (c: string) => (c.match(/\d+/g) ?? []).slice(0, 3).map(Number);

test("the Dark mode switch toggles the dark class, React Flow's colour mode follows, and the choice is kept", async ({ app }) => {
  expect(await app.isDark()).toBe(false);
  await app.setDarkMode(true);
  expect(await app.isDark()).toBe(true);
  expect(await app.canvasIsDark()).toBe(true);
  await app.reload();
  expect(await app.isDark()).toBe(true);
  await expect(app.darkModeSwitch).toHaveAttribute("aria-checked", "true");
  await app.setDarkMode(false);
  expect(await app.canvasIsDark()).toBe(false);
  await app.reload();
  expect(await app.isDark()).toBe(false);
});

test("values are blue and gradients orange in both themes", async ({ app }) => {
  await app.loadExample("mul");
  for (const dark of [false, true]) {
    await app.setDarkMode(dark);
    const { value, grad } = await app.edgeColours("xm");
    const [vr, , vb] = rgb(value), [gr, , gb] = rgb(grad);
    expect(vb, `value blue (${value}), dark ${dark}`).toBeGreaterThan(vr);
    expect(gr, `gradient orange (${grad}), dark ${dark}`).toBeGreaterThan(gb);
  }
});

test.describe("a system set to dark", () => {
  test.use({ colorScheme: "dark" });

  test("opens dark, and a choice of light overrides it from then on", async ({ app }) => {
    expect(await app.isDark()).toBe(true);
    await expect(app.darkModeSwitch).toHaveAttribute("aria-checked", "true");
    await app.setDarkMode(false);
    await app.reload();
    expect(await app.isDark()).toBe(false);
  });

  test("never flashes white: the page is dark before its script has run", async ({ page }) => {
    // hold the application's script back: what shows meanwhile is the page's own
    await page.route(/\/assets\/.*\.js$/, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    // the page parsed (the module script, deferred, still held): DOMContentLoaded would wait for it
    await page.goto("/", { waitUntil: "commit" });
    await page.waitForFunction(() => document.readyState !== "loading");
    const state = await page.evaluate(() => ({ dark: document.documentElement.classList.contains("dark"), bg: getComputedStyle(document.documentElement).backgroundColor, app: !!document.querySelector(".react-flow") }));
    expect(state.app, "the app has not drawn yet").toBe(false);
    expect(state.dark).toBe(true);
    expect(Math.max(...rgb(state.bg))).toBeLessThan(40);
  });
});
