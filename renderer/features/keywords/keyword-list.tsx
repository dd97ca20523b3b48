import { useState, type SubmitEvent } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { Keyword } from '../../../shared/keywords/keyword-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { keywordQuery } from './keyword-toggle.ts';
import { NewKeywordForm } from './new-keyword-form.tsx';

type KeywordListProps = {
  readonly keywords: readonly Keyword[];
  // Runs a search, e.g. "keyword:$label1", to list the messages carrying a keyword.
  readonly onFilter: (query: string) => void;
};

// The sidebar's keywords: a click lists the messages carrying one; each can be renamed
// (rewritten on the server for the messages carrying it) or deleted (removed from them).
export function KeywordList({ keywords, onFilter }: KeywordListProps) {
  const api = useApi();
  const [renaming, setRenaming] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  async function rename(event: SubmitEvent<HTMLFormElement>, keyword: Keyword) {
    event.preventDefault();
    const result = await api.invoke('updateKeyword', { atom: keyword.atom, label: name });
    setError(result.ok ? null : result.error);
    if (result.ok) setRenaming(null);
  }

  async function remove(keyword: Keyword) {
    if (!window.confirm(`Delete the keyword "${keyword.label}"? It is removed from every message that has it.`)) return;
    const result = await api.invoke('deleteKeyword', { atom: keyword.atom });
    setError(result.ok ? null : result.error);
  }

  return (
    <section className="keyword-list" aria-label="Keywords">
      <h2 className="sidebar-heading">Keywords</h2>
      <ul>
        {keywords.map((keyword) => (
          <li key={keyword.atom} className="keyword-list-item">
            {renaming === keyword.atom ? (
              <form onSubmit={(event) => void rename(event, keyword)} className="keyword-rename">
                <input
                  aria-label={`New name for ${keyword.label}`}
                  value={name}
                  autoFocus
                  maxLength={64}
                  onChange={(event) => { setName(event.target.value); }}
                  onKeyDown={(event) => {
                    if (event.key === 'Escape') setRenaming(null);
                  }}
                />
                <button type="submit">Rename</button>
              </form>
            ) : (
              <>
                <button type="button" className="quiet keyword-filter" aria-label={`Show messages with keyword ${keyword.label}`} onClick={() => { onFilter(keywordQuery(keyword)); }}>
                  <span className="keyword-swatch" aria-hidden="true" style={{ background: keyword.colour ?? 'transparent' }} />
                  {keyword.label}
                  {keyword.localOnly ? <span className="keyword-note"> (this computer only)</span> : null}
                </button>
                <button
                  type="button"
                  className="quiet"
                  aria-label={`Rename keyword ${keyword.label}`}
                  onClick={() => {
                    setName(keyword.label);
                    setRenaming(keyword.atom);
                  }}
                >
                  ✎
                </button>
                <button type="button" className="quiet" aria-label={`Delete keyword ${keyword.label}`} onClick={() => void remove(keyword)}>
                  ×
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {creating ? (
        <NewKeywordForm onCancel={() => { setCreating(false); }} onCreated={() => { setCreating(false); }} />
      ) : (
        <button type="button" className="quiet" onClick={() => { setCreating(true); }}>
          New keyword…
        </button>
      )}
      {error === null ? null : <ErrorAlert title="The keyword could not be changed." message={error.message} action="Try again." />}
    </section>
  );
}
