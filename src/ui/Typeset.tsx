// Mathematics typeset with KaTeX, loaded the first time something is typeset (KaTeX and its CSS
// are a few hundred kB: the editor's first download does not carry them). Until KaTeX is there,
// and if it cannot load, the formula's plain text is shown, so nothing is ever blank.
import { useEffect, useState } from "react";
import { readableScripts } from "../notation/scripts";

type Katex = typeof import("katex").default;

let loading: Promise<Katex> | null = null;

/** KaTeX and its stylesheet, loaded once; later calls share the same promise. */
export function loadKatex(): Promise<Katex> {
  loading ??= Promise.all([import("katex"), import("katex/dist/katex.min.css")]).then(([m]) => m.default);
  // a failed load may be retried by the next formula shown
  loading.catch(() => (loading = null));
  return loading;
}

export function Typeset({ tex, text, display = false, className, testId }: { tex: string; text: string; display?: boolean; className?: string; testId?: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setHtml(null);
    loadKatex()
      .then((k) => live && setHtml(k.renderToString(readableScripts(tex), { displayMode: display, throwOnError: false, output: "htmlAndMathml" })))
      .catch(() => live && setHtml(null));
    return () => {
      live = false;
    };
  }, [tex, display]);
  if (html === null)
    return (
      <code data-testid={testId} className={`font-mono text-[12px] ${className ?? ""}`}>
        {text}
      </code>
    );
  // KaTeX writes MathML beside the HTML, so a screen reader reads the formula
  return <span data-testid={testId} className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
