// KaTeX, loaded the first time an explanation is shown (with its stylesheet and fonts), so that
// the editor's first download does not carry it. One promise for the whole page.
import { useEffect, useState } from "react";

type Katex = typeof import("katex").default;

let loading: Promise<Katex> | null = null;
let loaded: Katex | null = null;

export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import("katex"), import("katex/dist/katex.min.css")]).then(([m]) => (loaded = m.default));
  // a failed load (offline) may be tried again by the next explanation
  loading.catch(() => (loading = null));
  return loading;
}

/** KaTeX once it is there; the reason when it could not load. */
export function useKatex(): { katex: Katex | null; error: string | null } {
  const [state, setState] = useState<{ katex: Katex | null; error: string | null }>({ katex: loaded, error: null });
  useEffect(() => {
    if (state.katex) return;
    let live = true;
    loadKatex().then(
      (k) => live && setState({ katex: k, error: null }),
      (e: unknown) => live && setState({ katex: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [state.katex]);
  return state;
}
