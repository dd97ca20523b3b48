import { useState } from 'react';
import { AddAccountDialog } from './features/accounts/add-account-dialog.tsx';
import { AddAccountForm } from './features/accounts/add-account-form.tsx';
import { useAccounts } from './features/accounts/use-accounts.ts';
import { FolderTree } from './features/folders/folder-tree.tsx';
import { MessageList } from './features/message-list/message-list.tsx';
import { Reader } from './features/reader/reader.tsx';
import { SavedSearches } from './features/search/saved-searches.tsx';
import { SearchBox } from './features/search/search-box.tsx';
import { SearchResults } from './features/search/search-results.tsx';
import { useSearchState } from './features/search/use-search-state.ts';
import { ActionStatus } from './features/actions/action-status.tsx';
import { StatusBar } from './features/status/status-bar.tsx';
import { useViewedFolder } from './features/status/use-viewed-folder.ts';
import { ErrorAlert } from './ui/error-alert.tsx';

// The three panes: folders | messages | reader, with the status bar below.
export function App() {
  const { accounts, error, reload } = useAccounts();
  const [addingAccount, setAddingAccount] = useState(false);
  const [folderId, setFolderId] = useState<string | null>(null);
  const [messageId, setMessageId] = useState<string | null>(null);
  useViewedFolder(folderId);
  const search = useSearchState();

  function selectFolder(id: string) {
    if (search.active) {
      search.clear();
      setMessageId(null);
    }
    if (id === folderId) return;
    setFolderId(id);
    setMessageId(null);
  }

  if (accounts === null) {
    return (
      <div className="app single">
        <main className="welcome">
          {error === null ? (
            <p className="reader-note">Loading…</p>
          ) : (
            <>
              <ErrorAlert title="Your accounts could not be loaded." message={error.message} action="Try again in a moment." />
              <button type="button" onClick={reload}>
                Try again
              </button>
            </>
          )}
        </main>
        <StatusBar />
      </div>
    );
  }

  if (accounts.length === 0) {
    return (
      <div className="app single">
        <main className="welcome">
          <h1>Welcome to Letterbox</h1>
          <p>Add your mail account to start. Letterbox checks that it can sign in before saving anything.</p>
          <AddAccountForm onAdded={reload} />
        </main>
        <StatusBar />
      </div>
    );
  }

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Accounts and folders">
        <div className="sidebar-header">
          <span className="brand">Letterbox</span>
          <button type="button" className="quiet" onClick={() => { setAddingAccount(true); }}>
            New account
          </button>
        </div>
        <FolderTree accounts={accounts} selectedFolderId={folderId} onSelect={selectFolder} />
        <SavedSearches
          selectedId={search.savedId}
          onSelect={(saved) => {
            search.selectSaved(saved);
            setMessageId(null);
          }}
        />
      </nav>
      <section className="list-pane" aria-label="Message list">
        <SearchBox key={search.boxKey} query={search.query} onQuery={search.setQuery} />
        {search.active ? (
          <SearchResults
            query={search.query}
            sort={search.sort}
            onSort={search.setSort}
            openMessageId={messageId}
            onOpen={(id, terms) => {
              search.setTerms(terms);
              setMessageId(id);
            }}
          />
        ) : folderId === null ? (
          <p className="reader-note">Choose a folder.</p>
        ) : (
          <MessageList
            key={folderId}
            folderId={folderId}
            openMessageId={messageId}
            onOpen={setMessageId}
            onRemoved={(ids) => {
              if (messageId !== null && ids.includes(messageId)) setMessageId(null);
            }}
          />
        )}
      </section>
      <main className="reader-pane">
        {messageId === null ? <p className="reader-note">No message open.</p> : <Reader key={messageId} messageId={messageId} highlight={search.active ? search.terms : []} onClose={() => { setMessageId(null); }} />}
      </main>
      <ActionStatus />
      <StatusBar />
      {addingAccount ? (
        <AddAccountDialog
          onClose={() => { setAddingAccount(false); }}
          onAdded={() => {
            setAddingAccount(false);
            reload();
          }}
        />
      ) : null}
    </div>
  );
}
