// English texts of the interface, keyed by meaning. ja.ts has the same keys (a test checks).
// Op summaries and rule notes are not here: they come from the op registry (see index.ts).
export const en = {
  app: {
    name: "Gradflow",
  },
  toolbar: {
    label: "Toolbar",
    language: "Language",
    darkMode: "Dark mode",
  },
};

/** The shape every language's texts have: the same keys, strings at the leaves. */
type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };
export type TextsShape = Texts<typeof en>;
