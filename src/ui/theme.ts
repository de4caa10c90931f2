// Light and dark: following the system until the learner flips the Dark mode switch, which is
// then remembered. The choice is a class on <html> (Tailwind's dark variant reads it) and
// React Flow's colorMode.
import { useSyncExternalStore } from "react";

export type Theme = "light" | "dark";
const STORE_KEY = "gradflow.theme";

const media = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
const listeners = new Set<() => void>();

function chosen(): Theme | null {
  try {
    const v = localStorage.getItem(STORE_KEY);
    return v === "light" || v === "dark" ? v : null;
  } catch {
    return null;
  }
}

let theme: Theme = chosen() ?? (media?.matches ? "dark" : "light");

function apply(): void {
  if (typeof document === "undefined") return;
  document.documentElement.classList.toggle("dark", theme === "dark");
  document.documentElement.style.colorScheme = theme;
  for (const l of listeners) l();
}
apply();

// the system's setting counts until the learner has chosen
media?.addEventListener("change", (e) => {
  if (chosen()) return;
  theme = e.matches ? "dark" : "light";
  apply();
});

export function setTheme(t: Theme): void {
  theme = t;
  try {
    localStorage.setItem(STORE_KEY, t);
  } catch {
    // the choice lasts this visit only
  }
  apply();
}

export const currentTheme = () => theme;

export function useTheme(): Theme {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => theme,
  );
}
