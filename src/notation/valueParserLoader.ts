// The value parser (valueText.ts, on a parse-only mathjs) is loaded when a value box first
// appears, not with the page: the first download stays lean. `valueParser()` is null until then.
type ValueText = typeof import("./valueText");

let mod: ValueText | null = null;
let loading: Promise<ValueText> | null = null;

export function loadValueParser(): Promise<ValueText> {
  loading ??= import("./valueText").then(
    (m) => (mod = m),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

/** The parser, if it has been loaded. */
export const valueParser = (): ValueText | null => mod;
