// A toolbar menu button's behaviour, shared by the Examples and the Lessons menus: ↓ or Enter
// opens it on its first item, ↑ ↓ Home End move, Escape closes it and returns to the button, Tab
// moves on as usual and the menu closes behind it, and it closes when a click or the focus goes elsewhere.
import { useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";

/**
 * A popup beside its button (Share link, Export code, and the menus below): it closes when a click
 * lands elsewhere, and Escape closes it and returns to the button. `ref` holds the button and the popup.
 */
export function usePopup() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const outside = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    addEventListener("mousedown", outside);
    return () => removeEventListener("mousedown", outside);
  }, [open]);
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) ref.current?.querySelector<HTMLElement>("button")?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape" && open) close(true);
  };
  return { open, setOpen, ref, close, onKeyDown };
}

export function useMenu() {
  const { open, setOpen, ref, close } = usePopup();
  const items = () => [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  /** focuses the first item once it is drawn, unless the learner has already moved into the menu (a late call must not pull focus back) */
  const focusFirst = () =>
    requestAnimationFrame(() => {
      const list = items();
      if (!list.includes(document.activeElement as HTMLElement)) list[0]?.focus();
    });
  /** the button's click */
  const toggle = () => {
    setOpen((o) => !o);
    if (!open) focusFirst();
  };
  /** props of the element that holds the button and the menu */
  const wrapper = {
    ref,
    onBlur: (e: FocusEvent) => {
      if (open && !ref.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
    },
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === "ArrowDown" && !open) {
        e.preventDefault();
        setOpen(true);
        focusFirst();
      }
    },
  };
  /** the menu's own keys */
  const onMenuKeyDown = (e: KeyboardEvent) => {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === "Escape") close(true);
    else if (e.key === "ArrowDown") list[(i + 1) % list.length]?.focus();
    else if (e.key === "ArrowUp") list[(i - 1 + list.length) % list.length]?.focus();
    else if (e.key === "Home") list[0]?.focus();
    else if (e.key === "End") list[list.length - 1]?.focus();
    else {
      if (e.key === "Tab") setOpen(false);
      return;
    }
    e.preventDefault();
    e.stopPropagation();
  };
  return { open, setOpen, focusFirst, toggle, wrapper, onMenuKeyDown };
}
