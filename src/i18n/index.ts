// The interface's two languages, through i18next: English and Japanese side by side in en.ts and
// ja.ts, keyed by meaning. The language follows the browser until the learner picks one (the
// toolbar's Language select), and <html lang> follows it. Op texts (summaries, rule notes) come
// in English from the op registry itself and in Japanese from ja.ts, so that an op's English is
// written once; a test holds every op to having both.
import i18next from "i18next";
import { initReactI18next, useTranslation } from "react-i18next";
import { OPS } from "../engine/ops";
import { en } from "./en";
import { ja } from "./ja";

export const LANGUAGES = [
  { code: "en", name: "English" },
  { code: "ja", name: "日本語" },
] as const;
export type Lang = (typeof LANGUAGES)[number]["code"];

const STORE_KEY = "gradflow.language";

/** The op texts the registry holds, as i18next resources: ops.<type>.summary and ops.<type>.note. */
export function opTextsEn(): Record<string, { summary: string; note?: string }> {
  return Object.fromEntries(OPS.map((op) => [op.type, { summary: op.summary, ...(op.rule.note ? { note: op.rule.note } : {}) }]));
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

void i18next.use(initReactI18next).init({
  resources: {
    en: { translation: { ...en, ops: opTextsEn() } },
    ja: { translation: ja },
  },
  lng: initialLanguage(),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  initAsync: false,
});

const applyLang = (l: string) => {
  if (typeof document !== "undefined") document.documentElement.lang = l;
};
applyLang(i18next.language);
i18next.on("languageChanged", applyLang);

export function setLanguage(l: Lang): void {
  void i18next.changeLanguage(l);
  try {
    localStorage.setItem(STORE_KEY, l);
  } catch {
    // the choice lasts this visit only
  }
}

export const currentLanguage = (): Lang => (i18next.language === "ja" ? "ja" : "en");

/** For code outside React (the store's toasts): the same translations. */
export const t = i18next.t.bind(i18next);

/** The hook components use; re-renders when the language changes. */
export function useT() {
  return useTranslation().t;
}

export { i18next };
