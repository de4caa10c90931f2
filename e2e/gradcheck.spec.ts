// Issue 4: "Check gradients" puts a pass badge with the relative error on every Input and Param.
import { expect, test } from "./fixtures/test";
import { EXAMPLE_IDS } from "./pages/GradflowApp";

for (const id of EXAMPLE_IDS) {
  test(`gradient check passes on example ${id}`, async ({ app }) => {
    const doc = await app.loadExample(id);
    await app.button("Check gradients").click();
    const sources = doc.nodes.filter((n) => n.type === "Input" || n.type === "Param");
    expect(sources.length).toBeGreaterThan(0);
    const errors: number[] = [];
    for (const n of sources) {
      const badge = app.node(n.id).getByTestId("gradcheck-badge");
      await expect(badge, `node ${n.id} has a badge`).toBeVisible();
      await expect(badge, `node ${n.id} passes`).toHaveAttribute("data-pass", "true");
      const m = /\d(\.\d+)?(e[-−+]?\d+)?/i.exec((await badge.textContent()) ?? "");
      if (m) errors.push(Number(m[0].replace("−", "-")));
    }
    // the badges carry the relative error: at least the nodes that get a gradient show a number
    expect(errors.length, "badges show a relative error").toBeGreaterThan(0);
    if (id === "linear-relu-celoss") await app.shot("gradcheck-linear-relu-celoss");
  });
}
