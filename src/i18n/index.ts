// The interface's languages for components: everything of core.ts, and `useT()`, which
// re-renders a component when the language changes.
import { setI18n, useTranslation } from "react-i18next";
import { i18next } from "./core";

export * from "./core";

// core.ts initialises i18next without React (the store and the step explanations use it in
// Node too); the hooks find the same instance through this.
setI18n(i18next);

/** The hook components use; re-renders when the language changes. */
export function useT() {
  return useTranslation().t;
}
