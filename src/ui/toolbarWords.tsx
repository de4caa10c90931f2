// Whether the toolbar's buttons show their words beside their symbols. From 1536 px on there is
// usually room, but not always: English at 1920 px needed 1,984, and a step counter or another
// language changes it. So the words are tried wherever the screen is wide enough: all of them
// first, then only those of the teaching loop (stepping, Predict, Check, Explain), then none, and
// the first that fits is kept. A button without its words shows its symbol, the words in its
// tooltip and accessible name, as below 1536 px. All of this runs before the browser paints.
import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode, type RefObject } from "react";

/** the narrowest screen (CSS px) whose toolbar tries its words: Tailwind's 2xl */
export const WORDS_FROM = 1536;

/** which words show: 2 all, 1 the teaching loop's (KEEP), 0 none */
const Level = createContext(0);

/** a button whose words stay longest: the teaching loop's */
export const KEEP = 1;

/** true where the toolbar shows the words of a button of this priority (KEEP, or by default the others) */
const useToolbarWords = (priority = 2) => useContext(Level) >= priority;

/** A button's words, where the toolbar has room for them (hidden, not left out: the button's text stays its words). */
export function Words({ text, priority }: { text: string; priority?: number }) {
  return <span className={useToolbarWords(priority) ? undefined : "hidden"}>{text}</span>;
}

/** A button's symbol, and its words where the toolbar has room for them. */
export function Label({ icon, text, priority }: { icon: string; text: string; priority?: number }) {
  return (
    <>
      <span aria-hidden className="inline-block min-w-4 text-center">
        {icon}
      </span>
      <Words text={text} priority={priority} />
    </>
  );
}

/**
 * Decides the words for the toolbar `bar`: tried on every change of the screen's width or of
 * `content` (the language, what the toolbar holds), dropped when the toolbar then overflows.
 */
export function ToolbarWords({ bar, content, children }: { bar: RefObject<HTMLElement | null>; content: string; children: ReactNode }) {
  const wide = () => (typeof window !== "undefined" && window.innerWidth >= WORDS_FROM ? 2 : 0);
  const [words, setWords] = useState(wide);
  const [width, setWidth] = useState(() => (typeof window !== "undefined" ? window.innerWidth : 0));
  useEffect(() => {
    const resized = () => setWidth(window.innerWidth);
    window.addEventListener("resize", resized);
    return () => window.removeEventListener("resize", resized);
  }, []);
  // on a new width or content, the words are tried again from the widest; otherwise, while the
  // toolbar does not fit, fewer of them (one effect, so that a reset and a step down cannot race)
  const key = `${width}|${content}`;
  const tried = useRef("");
  useLayoutEffect(() => {
    if (tried.current !== key) {
      tried.current = key;
      const w = wide();
      if (w !== words) return setWords(w);
    }
    const el = bar.current;
    if (words && el && el.scrollWidth > el.clientWidth + 1) setWords(words - 1);
  });
  return <Level.Provider value={words}>{children}</Level.Provider>;
}
