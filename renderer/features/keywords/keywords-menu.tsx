import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { Keyword } from '../../../shared/keywords/keyword-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { keywordState, toggleChange } from './keyword-toggle.ts';
import { NewKeywordForm } from './new-keyword-form.tsx';

type Tagged = { readonly id: string; readonly keywords: readonly string[] };

// ui-contract.md: a button "Keywords" opening a menu of menuitemcheckbox named by label,
// and "New keyword…". Each change goes through the action queue like a flag.
export function KeywordsMenu({ messages, keywords }: { readonly messages: readonly Tagged[]; readonly keywords: readonly Keyword[] }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const menu = useRef<HTMLUListElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLElement>('[tabindex]')?.focus();
  }, [open]);

  async function toggle(keyword: Keyword) {
    const change = toggleChange(messages, keyword.atom);
    const result = await api.invoke('setKeywords', { messageIds: messages.map((message) => message.id), ...change });
    setError(result.ok ? null : result.error);
  }

  function close() {
    setOpen(false);
    button.current?.focus();
  }

  function onMenuKey(event: KeyboardEvent<HTMLUListElement>) {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[tabindex]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = event.key === 'ArrowDown' ? (at + 1) % items.length : (at - 1 + items.length) % items.length;
      items[next]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      items[at]?.click();
    }
  }

  return (
    <span className="menu-anchor">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={messages.length === 0}
        onClick={() => {
          setOpen(!open);
          setCreating(false);
        }}
      >
        Keywords
      </button>
      {open ? (
        <ul ref={menu} role="menu" aria-label="Keywords" className="menu" onKeyDown={onMenuKey}>
          {keywords.map((keyword, index) => {
            const state = keywordState(messages, keyword.atom);
            return (
              <li
                key={keyword.atom}
                role="menuitemcheckbox"
                aria-checked={state === 'all' ? true : state === 'some' ? 'mixed' : false}
                aria-label={keyword.label}
                aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}
                tabIndex={-1}
                className="keyword-item"
                onClick={() => void toggle(keyword)}
              >
                <span className="keyword-check" aria-hidden="true">{state === 'all' ? '✓' : state === 'some' ? '–' : ''}</span>
                <span className="keyword-swatch" aria-hidden="true" style={{ background: keyword.colour ?? 'transparent' }} />
                <span>{keyword.label}</span>
                {keyword.localOnly ? <span className="keyword-note"> (this computer only)</span> : null}
                {index < 9 ? <span className="keyword-key" aria-hidden="true">{index + 1}</span> : null}
              </li>
            );
          })}
          <li
            role="menuitem"
            tabIndex={-1}
            onClick={() => {
              setOpen(false);
              setCreating(true);
            }}
          >
            New keyword…
          </li>
        </ul>
      ) : null}
      {creating ? (
        <NewKeywordForm
          onCancel={() => { setCreating(false); }}
          onCreated={(keyword) => {
            setCreating(false);
            if (messages.length > 0) {
              void api
                .invoke('setKeywords', { messageIds: messages.map((message) => message.id), add: [keyword.atom], remove: [] })
                .then((result) => { setError(result.ok ? null : result.error); });
            }
          }}
        />
      ) : null}
      {error === null ? null : <ErrorAlert title="The keyword could not be changed." message={error.message} action="Try again." />}
    </span>
  );
}
