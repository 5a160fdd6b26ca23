// Never lose work in a form: once something was typed or chosen in it (an input or change event
// inside `container`), leaving the page (beforeunload), following a link of the console, switching
// assistant in the header (`mayDiscardUnsaved`) or closing the form asks first. A content form
// (opened and closed over a list): Ctrl/Cmd+S saves it (its submit), Escape closes it (asking first
// when something changed). A form always on its page (settings, integrations, servers:
// `useFormGuard` without `close`): Ctrl/Cmd+S saves it while the focus is in it; Escape does nothing.
import { useLayoutEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

interface OpenForm {
  dirty: { current: boolean };
  question: string;
}

/** The content forms open now (one per page; a set, so a form never forgets another's). */
const openForms = new Set<OpenForm>();

/**
 * Whether the user may leave what they are editing (to switch assistant): true when no open form
 * has unsaved changes, else the form's question (the same as leaving it by a link) decides; a yes
 * forgets the changes.
 */
export function mayDiscardUnsaved(): boolean {
  const changed = [...openForms].filter((form) => form.dirty.current);
  const first = changed[0];
  if (first === undefined) return true;
  if (!window.confirm(first.question)) return false;
  for (const form of changed) form.dirty.current = false;
  return true;
}

/**
 * `formKey`: which form is open (null when none); a new one starts with nothing unsaved. `close`:
 * how the form closes (Escape); a form without one stays where it is.
 */
export function useUnsavedGuard(container: RefObject<HTMLElement | null>, formKey: string | null, close?: () => void) {
  const { t } = useTranslation();
  const dirty = useRef(false);
  const question = t('content.unsavedQuestion');
  const closeRef = useRef(close);
  closeRef.current = close;
  const open = formKey !== null;

  /** Closes the form; when something changed, only if the user agrees to lose it. */
  const closeGuarded = () => {
    if (dirty.current && !window.confirm(question)) return;
    dirty.current = false;
    closeRef.current?.();
  };
  const closeGuardedRef = useRef(closeGuarded);
  closeGuardedRef.current = closeGuarded;

  // Layout effects: the listeners are in place when the form is first painted, so an Escape or a
  // Ctrl+S pressed the moment it shows is never lost (a passive effect may run a frame later).
  useLayoutEffect(() => {
    dirty.current = false;
  }, [formKey]);

  useLayoutEffect(() => {
    const element = container.current;
    if (!open || !element) return;
    const registered: OpenForm = { dirty, question };
    const changed = () => {
      dirty.current = true;
    };
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!dirty.current) return;
      event.preventDefault();
      event.returnValue = '';
    };
    // The console's own links (menus) navigate without unloading: asked here, before the router,
    // once for every form of the page with changes (by the first of them).
    const click = (event: MouseEvent) => {
      if (!dirty.current || event.defaultPrevented || event.button !== 0) return;
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!link || element.contains(link)) return;
      const changed = [...openForms].filter((form) => form.dirty.current);
      if (changed[0] !== registered) return;
      if (window.confirm(question)) {
        for (const form of changed) form.dirty.current = false;
        return;
      }
      event.preventDefault();
      event.stopPropagation();
    };
    const keydown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        if (!closeRef.current && !element.contains(document.activeElement)) return;
        event.preventDefault();
        (element instanceof HTMLFormElement ? element : element.querySelector('form'))?.requestSubmit();
      } else if (event.key === 'Escape' && closeRef.current && !event.defaultPrevented) {
        event.preventDefault();
        closeGuardedRef.current();
      }
    };
    openForms.add(registered);
    element.addEventListener('input', changed);
    element.addEventListener('change', changed);
    window.addEventListener('beforeunload', beforeUnload);
    document.addEventListener('click', click, true);
    window.addEventListener('keydown', keydown);
    return () => {
      openForms.delete(registered);
      element.removeEventListener('input', changed);
      element.removeEventListener('change', changed);
      window.removeEventListener('beforeunload', beforeUnload);
      document.removeEventListener('click', click, true);
      window.removeEventListener('keydown', keydown);
    };
  }, [open, formKey, question, container]);

  return {
    closeGuarded,
    /** After a save: nothing is unsaved any more. */
    saved: () => {
      dirty.current = false;
    },
  };
}

/**
 * The guard of a form that is its own component (settings, integrations, a user, a server): put
 * `ref` on the <form> (or the element holding a field saved by a button) and call `saved()` after it saved. `key`: null while the form is not shown,
 * and a new key (another item) starts with nothing unsaved. `close`: for a form that closes (its
 * Cancel button calls `closeGuarded`; Escape too); without, it stays on its page.
 */
export function useFormGuard<E extends HTMLElement = HTMLFormElement>(key: string | null = 'form', close?: () => void) {
  const ref = useRef<E | null>(null);
  const { saved, closeGuarded } = useUnsavedGuard(ref, key, close);
  return { ref, saved, closeGuarded };
}
