import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "@xyflow/react/dist/style.css";
import "./index.css";
import { i18next, loadLanguage, startLanguage } from "./i18n";
import "./ui/theme";
import { App } from "./App";
import { parseGraph } from "./engine/format";
import type { GraphDoc } from "./engine/graph";
import { EXAMPLES, FIRST_EXAMPLE_ID } from "./examples";
import { loadSaved, startAutosave } from "./state/persist";
import { useGraph } from "./state/store";
import { openDoc, openLink } from "./ui/files";
import { localizedExample } from "./i18n/examples";
import { labelInputs } from "./editor/labelPlaces";

// For end-to-end tests: read the document, or load one through the same path as an import; what the
// edge labels' placement works from (e2e/label-fixture.mjs records it for labelLayout's tests).
declare global {
  interface Window {
    __gradflow?: { getDoc(): GraphDoc; loadDoc(doc: unknown): Promise<void>; store: typeof useGraph; labelInputs: typeof labelInputs };
  }
}

function start() {
  // A first visit opens an example; a later one comes back to what was there.
  const saved = loadSaved();
  const first = EXAMPLES.find((e) => e.id === FIRST_EXAMPLE_ID) ?? EXAMPLES[0];
  useGraph.getState().replaceDoc(saved ?? localizedExample(first), { history: false });
  startAutosave();
  // a graph shared by link opens over what was there (one Undo brings it back)
  void openLink(location.hash);
  addEventListener("hashchange", () => void openLink(location.hash));

  window.__gradflow = {
    getDoc: () => structuredClone(useGraph.getState().doc),
    loadDoc: (doc) => openDoc(parseGraph(JSON.stringify(doc))),
    store: useGraph,
    labelInputs,
  };

  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

// the page opens in the learner's language: its texts are loaded first (English is always here,
// and stays if they cannot be: the page must open)
const lang = startLanguage();
void (lang === "en" ? Promise.resolve() : loadLanguage(lang).then(() => i18next.changeLanguage(lang)))
  .catch(() => {})
  .then(start);
