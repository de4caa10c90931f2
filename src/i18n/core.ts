// The interface's two languages, through i18next, without React: the store, the files' messages,
// the step explanations and the engine-message catalogue read `t` from here; components use the
// hook in index.ts. English and Japanese sit side by side in en.ts and ja.ts, keyed by meaning.
// The language follows the browser until the learner picks one, and <html lang> follows it.
// Op texts (summaries, notes, port and parameter hints, worded rules), the palette's group names
// and the examples' titles, blurbs and labels come in English from where they are defined (the
// op registry, src/examples) and in Japanese from ja.ts, so that the English is written once; a
// test holds every one of them to having both.
import i18next from "i18next";
import { GROUPS, OPS, type OpSpec } from "../engine/ops";
import { EXAMPLES } from "../examples";
import { en } from "./en";

export const LANGUAGES = [
  { code: "en", name: "English" },
  { code: "ja", name: "日本語" },
] as const;
export type Lang = (typeof LANGUAGES)[number]["code"];

const STORE_KEY = "gradflow.language";

/** Words a rule may use without being prose: functions and the like, written the same in every language. */
const MATH_WORDS = new Set(["tanh", "max", "exp", "ln"]);

/**
 * Does a rule's text hold words to translate ("g where x > 0, else 0"), beyond symbols and
 * functions ("out = np.sum(x, axis, keepdims)")? Pure formulas are not translated: they stay
 * written once, in the registry.
 */
export function isWorded(text: string, op: OpSpec): boolean {
  const symbols = new Set([...op.inputs.map((p) => p.name), ...op.params.map((p) => p.name), "out"]);
  for (const m of text.matchAll(/(?<![\w.])[A-Za-z]{3,}(?![\w(])/g)) if (!symbols.has(m[0]) && !MATH_WORDS.has(m[0])) return true;
  return false;
}

export interface OpTexts {
  summary: string;
  note?: string;
  /** each input port's hint, by port name */
  ports?: Record<string, string>;
  /** each parameter's hint, by name */
  params?: Record<string, string>;
  /** only the worded parts of the rule */
  rule?: { forward?: string; backward?: Record<string, string> };
}

function opTexts(op: OpSpec): OpTexts {
  const t: OpTexts = { summary: op.summary };
  if (op.rule.note) t.note = op.rule.note;
  if (op.inputs.length) t.ports = Object.fromEntries(op.inputs.map((p) => [p.name, p.doc]));
  if (op.params.length) t.params = Object.fromEntries(op.params.map((p) => [p.name, p.doc]));
  const backward = Object.entries(op.rule.backward).filter(([, r]) => isWorded(r, op));
  const forward = isWorded(op.rule.forward, op) ? op.rule.forward : undefined;
  if (forward || backward.length) t.rule = { ...(forward ? { forward } : {}), ...(backward.length ? { backward: Object.fromEntries(backward) } : {}) };
  return t;
}

/** The op texts the registry holds, as i18next resources under ops.<type>. */
export function opTextsEn(): Record<string, OpTexts> {
  return Object.fromEntries(OPS.map((op) => [op.type, opTexts(op)]));
}

export interface ExampleTexts {
  title: string;
  blurb: string;
  /** the document's name */
  name: string;
  /** node labels, by node id */
  labels?: Record<string, string>;
  /** group labels (FORMAT.md `groups`), by group id */
  groups?: Record<string, string>;
}

/** The examples' texts, as written in src/examples: examples.<id>.* */
export function exampleTextsEn(): Record<string, ExampleTexts> {
  return Object.fromEntries(
    EXAMPLES.map((ex) => {
      const labels = ex.doc.nodes.filter((n) => typeof n.data.label === "string").map((n) => [n.id, n.data.label as string]);
      const groups = (ex.doc.groups ?? []).filter((g) => g.label).map((g) => [g.id, g.label]);
      return [
        ex.id,
        { title: ex.title, blurb: ex.blurb, name: ex.doc.name ?? ex.title, ...(labels.length ? { labels: Object.fromEntries(labels) } : {}), ...(groups.length ? { groups: Object.fromEntries(groups) } : {}) },
      ];
    }),
  );
}

/** The texts written once elsewhere, in English: ops.<type>.*, opGroups.<group>, examples.<id>.* */
export function registryTextsEn() {
  return { ops: opTextsEn(), opGroups: Object.fromEntries(GROUPS.map((g) => [g, g])) as Record<string, string>, examples: exampleTextsEn() };
}

function initialLanguage(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORE_KEY);
    if (saved === "en" || saved === "ja") return saved;
  } catch {
    // storage may be off; the browser's language decides
  }
  const langs = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? "en"];
  for (const l of langs) {
    const base = l.toLowerCase().split("-")[0];
    if (base === "ja" || base === "en") return base;
  }
  return "en";
}

// English is in the first download (and the fallback of every text); Japanese is loaded when
// chosen or when the browser asks for it (main.tsx waits for it before the first render).
const LOADERS: Record<Exclude<Lang, "en">, () => Promise<object>> = {
  ja: () => import("./ja").then((m) => m.ja),
};

const loaded = (l: Lang) => l === "en" || i18next.hasResourceBundle(l, "translation");

/** Loads a language's texts (once); resolves when they are there. */
export async function loadLanguage(l: Lang): Promise<void> {
  if (l === "en" || loaded(l)) return;
  const texts = await LOADERS[l]();
  if (!loaded(l)) i18next.addResourceBundle(l, "translation", texts);
}

/** The language the page opens in: the learner's last choice, else the browser's. */
export const startLanguage = (): Lang => initialLanguage();

void i18next.init({
  resources: {
    en: { translation: { ...en, ...registryTextsEn() } },
  },
  // the start language's texts may not be here yet: English shows until they are (main.tsx waits)
  lng: "en",
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  initAsync: false,
});

const applyLang = (l: string) => {
  if (typeof document === "undefined") return;
  document.documentElement.lang = l;
  document.title = i18next.t("app.title");
};
applyLang(i18next.language);
i18next.on("languageChanged", applyLang);

/**
 * Switches the interface's language, loading its texts first if they are not here yet (then the
 * switch waits for them; when they are, it is immediate).
 */
export function setLanguage(l: Lang): Promise<void> {
  const done = loaded(l) ? Promise.resolve(void i18next.changeLanguage(l)) : loadLanguage(l).then(() => void i18next.changeLanguage(l));
  try {
    localStorage.setItem(STORE_KEY, l);
  } catch {
    // the choice lasts this visit only
  }
  return done;
}

export const currentLanguage = (): Lang => (i18next.language === "ja" ? "ja" : "en");

/** For code outside React (the store's toasts, the step explanations): the same translations. */
export const t = i18next.t.bind(i18next);

export { i18next };
