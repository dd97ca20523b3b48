import { useEffect, useRef, useState } from 'react';
import { COMMAND_EVENTS, globalCommandFor, SHORTCUT_GROUPS } from './shortcut-list.ts';

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

// The app-wide keys: ? opens the sheet, / goes to the search box, c r a f are sent as
// 'letterbox:…' events for the composer and the reader to act on.
export function KeyboardShortcuts() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent): void {
      if (event.defaultPrevented) return;
      // Keys meant for a modal dialog (the sheet itself, the account form) stay there.
      if (document.querySelector('dialog[open]') !== null) return;
      const command = globalCommandFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inTextField: inTextField(event.target),
      });
      if (command === null) return;
      if (command === 'show-shortcuts') {
        event.preventDefault();
        setOpen(true);
      } else if (command === 'focus-search') {
        const search = document.querySelector<HTMLInputElement>('[role="searchbox"]');
        if (search === null) return;
        event.preventDefault();
        search.focus();
        search.select();
      } else {
        const name = COMMAND_EVENTS[command];
        if (name !== undefined) window.dispatchEvent(new CustomEvent(name));
      }
    }
    window.addEventListener('keydown', onKeyDown);
    return () => { window.removeEventListener('keydown', onKeyDown); };
  }, []);
  return open ? <ShortcutSheet onClose={() => { setOpen(false); }} /> : null;
}

function ShortcutSheet({ onClose }: { readonly onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog ref={dialog} className="shortcut-sheet" aria-labelledby="shortcut-sheet-title" onClose={onClose}>
      <div className="dialog-header">
        <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
        <button type="button" className="quiet" onClick={onClose}>
          Close
        </button>
      </div>
      {SHORTCUT_GROUPS.map((group) => (
        <section key={group.title} aria-label={group.title}>
          <h3>{group.title}</h3>
          <dl className="shortcut-list">
            {group.entries.map((entry) => (
              <div key={entry.keys} className="shortcut-row">
                <dt>
                  <kbd>{entry.keys}</kbd>
                </dt>
                <dd>{entry.description}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </dialog>
  );
}
