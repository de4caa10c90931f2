// The explanation's machinery, loaded the first time an explanation is shown: KaTeX (with its
// stylesheet and fonts) and the explanation builder (teach/latex.ts), so that the editor's first
// download carries neither. One promise for the whole page.
import { useEffect, useState } from "react";

type Katex = typeof import("katex").default;
export interface MathKit {
  katex: Katex;
  explainNode: typeof import("../teach/latex").explainNode;
}

let loading: Promise<MathKit> | null = null;
let loaded: MathKit | null = null;

export function loadMath(): Promise<MathKit> {
  loading ??= Promise.all([import("katex"), import("../teach/latex"), import("katex/dist/katex.min.css")]).then(([k, l]) => (loaded = { katex: k.default, explainNode: l.explainNode }));
  // a failed load (offline) may be tried again by the next explanation
  loading.catch(() => (loading = null));
  return loading;
}

/** The kit once it is there; the reason when it could not load. */
export function useMath(): { kit: MathKit | null; error: string | null } {
  const [state, setState] = useState<{ kit: MathKit | null; error: string | null }>({ kit: loaded, error: null });
  useEffect(() => {
    if (state.kit) return;
    let live = true;
    loadMath().then(
      (kit) => live && setState({ kit, error: null }),
      (e: unknown) => live && setState({ kit: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [state.kit]);
  return state;
}
