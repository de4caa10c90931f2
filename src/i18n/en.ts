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
  lock: {
    banner: "Training — the graph is locked while it runs. Stop it to edit.",
    bannerPaused: "Training is paused — the graph stays locked. Resume, or Stop to edit.",
    refused: "The graph is locked while training runs: stop training to edit it.",
  },
  save: {
    unreadable: "Your autosaved graph could not be opened ({{reason}}). It is kept: download it before anything replaces it.",
    download: "Download the saved copy",
    dismiss: "Discard the copy",
    failed: "Not saved: {{reason}}. Export JSON to keep your work.",
    full: "the browser's storage is full",
    export: "Export the graph to a file",
  },
  wire: {
    heading: "Inputs",
    from: "{{port}} from",
    none: "— not wired —",
    hint: "Choose what feeds each input: the keyboard's way to wire.",
  },
  heatmap: {
    zero: "every element is 0",
    scale: "colour scale: {{neg}} (purple) … 0 (white) … {{pos}}; smallest {{lo}}, largest {{hi}}",
  },
  table: {
    labelsUnused: "The column {{column}} holds labels; wire an Input into a loss's t to use them as class indices.",
    labelsSet: "{{rows}} rows into {{input}}; the labels of {{column}} into {{target}} as class indices.",
  },
  empty: {
    title: "An empty graph",
    drag: "Drag an op from the left onto the canvas, or click it.",
    search: "Double-click the canvas to search for an op and add it there.",
    examples: "Or open one of the notebooks' graphs from Examples.",
  },
  addOp: {
    placeholder: "Type an op: mul, sigmoid, affine…",
    none: "No op fits here.",
  },
  group: {
    default: "group",
    collapse: "Collapse",
    expand: "Expand",
    rename: "Double-click to rename",
    ungroup: "Ungroup",
    nodes: "{{count}} nodes",
  },
  check: {
    none: "Nothing to check: {{reason}}",
  },
};

/** The shape every language's texts have: the same keys, strings at the leaves. */
type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };
export type TextsShape = Texts<typeof en>;
