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
    group: "Group",
    groupHint: "Frame the selected nodes as a group (Ctrl+G): a layer is a small graph",
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
    clipboard: "the clipboard",
    bad: "Could not read the data from {{from}}: {{error}}",
    set: "{{rows}} × {{cols}} numbers into {{input}}.",
    labelsUnused: "The column {{column}} holds labels; wire an Input into a loss's t to use them as class indices.",
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
    keys: "Enter adds it · Shift+Enter adds a layer with its W and b",
  },
  group: {
    default: "group",
    collapse: "Collapse",
    expand: "Expand",
    rename: "Double-click to rename",
    ungroup: "Ungroup",
    nodes: "{{count}} nodes",
  },
  share: {
    button: "Share link",
    hint: "Put the whole graph into a link (nothing is sent anywhere): whoever opens it gets this graph",
    linkLabel: "Link",
    copied: "Copied to the clipboard.",
    select: "Select it and copy it.",
    length: "({{n}} characters)",
    opened: "Opened the graph from the link. Undo goes back to what you had.",
    bad: "This link cannot be opened: {{reason}}. Nothing was changed.",
  },
  code: {
    button: "Export code",
    hint: "The graph as a Python script that prints the same numbers",
    numpy: "the notebooks' style: one class per layer, forward then backward",
    pytorch: "autograd, checked against Gradflow's gradients",
    failed: "Could not write the code: {{reason}}",
  },
  layout: {
    palette: "Ops",
    inspector: "Inspector",
    hide: "Hide the {{what}} panel",
    show: "Show the {{what}} panel",
    present: "Present",
    presentHint: "Presentation view for a lecture: panels hidden, everything larger (Escape leaves it)",
  },
  check: {
    none: "Nothing to check: {{reason}}",
  },
};

/** The shape every language's texts have: the same keys, strings at the leaves. */
type Texts<T> = { [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };
export type TextsShape = Texts<typeof en>;
