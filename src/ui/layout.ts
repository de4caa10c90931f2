// How the screen is divided: the side panels can be folded away, and the presentation view (for
// a lecture on a projector) hides both and makes everything larger. Remembered for the next visit.
import { create } from "zustand";

interface Layout {
  palette: boolean;
  inspector: boolean;
  presenting: boolean;
  /** nodes land on a 20 px grid when dragged */
  snap: boolean;
  toggle(which: "palette" | "inspector" | "snap"): void;
  present(on: boolean): void;
}

const KEY = "gradflow.layout";
const saved = (() => {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<Layout>;
  } catch {
    return {};
  }
})();

export const useLayout = create<Layout>((set, get) => ({
  palette: saved.palette ?? true,
  inspector: saved.inspector ?? true,
  presenting: false,
  snap: saved.snap ?? false,
  toggle(which) {
    set({ [which]: !get()[which] } as Partial<Layout>);
    try {
      localStorage.setItem(KEY, JSON.stringify({ palette: get().palette, inspector: get().inspector, snap: get().snap }));
    } catch {
      // the choice lasts this visit only
    }
  },
  present(on) {
    set({ presenting: on });
    document.documentElement.classList.toggle("presenting", on);
  },
}));

/** The zoom below which the canvas does not fit, by view: larger type when presenting. */
export const presentingZoom = 1.4;
