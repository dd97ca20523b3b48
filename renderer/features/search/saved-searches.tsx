import { useEffect, useState } from 'react';
import type { SavedSearch } from '../../../shared/search/search-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { useApiEvent } from '../../ui/use-api-event.ts';
import { useRefresh } from '../../ui/use-refresh.ts';

type SavedSearchesProps = {
  readonly selectedId: string | null;
  readonly onSelect: (search: SavedSearch) => void;
};

// Saved searches as virtual folders in the sidebar, under "Saved searches". Choosing one
// shows its results, which re-query as mail changes.
export function SavedSearches({ selectedId, onSelect }: SavedSearchesProps) {
  const api = useApi();
  const [saved, setSaved] = useState<readonly SavedSearch[]>([]);
  const [version, refresh] = useRefresh(50);
  useEffect(() => {
    void api.invoke('listSavedSearches', {}).then((result) => {
      if (result.ok) setSaved(result.value);
    });
  }, [api, version]);
  useApiEvent('savedSearchesChanged', () => { refresh(); });

  if (saved.length === 0) return null;
  return (
    <div className="saved-searches">
      <h2 className="sidebar-heading" id="saved-searches-heading">
        Saved searches
      </h2>
      <ul role="tree" aria-labelledby="saved-searches-heading" className="tree">
        {saved.map((search) => (
          <li
            key={search.id}
            role="treeitem"
            aria-label={search.name}
            aria-selected={search.id === selectedId}
            tabIndex={0}
            className="tree-item"
            onClick={() => { onSelect(search); }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                onSelect(search);
              }
            }}
          >
            <div className={search.id === selectedId ? 'tree-row selected' : 'tree-row'}>
              <span className="folder-name">{search.name}</span>
              <button
                type="button"
                className="quiet remove-saved"
                aria-label={`Remove saved search ${search.name}`}
                onClick={(event) => {
                  event.stopPropagation();
                  void api.invoke('removeSavedSearch', { savedSearchId: search.id });
                }}
              >
                ×
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
