import { useEffect, useState, type CSSProperties } from 'react';
import { AddAccountDialog } from './features/accounts/add-account-dialog.tsx';
import { AddAccountForm } from './features/accounts/add-account-form.tsx';
import { useAccounts } from './features/accounts/use-accounts.ts';
import { useTreeAccounts } from './features/accounts/use-tree-accounts.ts';
import { FolderTree } from './features/folders/folder-tree.tsx';
import { MessageList } from './features/message-list/message-list.tsx';
import { Reader } from './features/reader/reader.tsx';
import { SavedSearches } from './features/search/saved-searches.tsx';
import { SearchBox } from './features/search/search-box.tsx';
import { SearchResults } from './features/search/search-results.tsx';
import { useSearchState } from './features/search/use-search-state.ts';
import { ActionStatus } from './features/actions/action-status.tsx';
import { StatusBar } from './features/status/status-bar.tsx';
import { SettingsButton } from './features/settings/settings-dialog.tsx';
import { useTheme } from './features/settings/use-theme.ts';
import { useNewMailNotifications } from './features/notifications/use-new-mail-notifications.ts';
import { onOpenMessageRequest } from './ui/open-message-requests.ts';
import { useViewedFolder } from './features/status/use-viewed-folder.ts';
import { ErrorAlert } from './ui/error-alert.tsx';
import { ComposerHost } from './features/composer/composer-host.tsx';
import { NewMessageButton } from './features/composer/new-message-button.tsx';
import { OutboxStatus } from './features/composer/outbox-status.tsx';
import { DraftsList } from './features/composer/drafts-list.tsx';
import { KeyboardShortcuts } from './features/shortcuts/keyboard-shortcuts.tsx';
import { KeywordChips } from './features/keywords/keyword-chips.tsx';
import { KeywordList } from './features/keywords/keyword-list.tsx';
import { keywordQuery } from './features/keywords/keyword-toggle.ts';
import { MessageKeywords } from './features/keywords/message-keywords.tsx';
import { useKeywords } from './features/keywords/use-keywords.ts';
import { useKeywordShortcut } from './features/keywords/use-keyword-shortcut.ts';
import { ConversationToggle } from './features/message-list/conversation-toggle.tsx';
import { useConversationView } from './features/message-list/use-conversation-view.ts';
import { QuotaMeters } from './features/quota/quota-meters.tsx';
import { PaneSeparator } from './features/layout/pane-separator.tsx';
import { usePaneWidths } from './features/layout/use-pane-widths.ts';

// The three panes: folders | messages | reader, with the status bar below.
export function App() {
  const { accounts, error, reload } = useAccounts();
  const [addingAccount, setAddingAccount] = useState(false);
  const [folderId, setFolderId] = useState<string | null>(null);
  const [messageId, setMessageId] = useState<string | null>(null);
  useViewedFolder(folderId);
  const search = useSearchState();
  const { keywords } = useKeywords();
  const keywordShortcut = useKeywordShortcut(keywords);
  const conversationView = useConversationView();
  const paneWidths = usePaneWidths();
  // POP3 accounts show as Local Folders; unused Local Folders are not shown.
  const shownAccounts = useTreeAccounts(accounts ?? []);
  useTheme();
  useNewMailNotifications();
  // A clicked new-mail notification shows its message in its folder.
  useEffect(() =>
    onOpenMessageRequest((request) => {
      search.clear();
      setFolderId(request.folderId);
      setMessageId(request.messageId);
    }),
  );

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

  if (shownAccounts.length === 0) {
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
    <div className="app" style={{ '--folders-width': `${paneWidths.widths.folders}px`, '--list-width': `${paneWidths.widths.list}px` } as CSSProperties}>
      <nav className="sidebar" aria-label="Accounts and folders">
        <div className="sidebar-header">
          <span className="brand">Letterbox</span>
          <NewMessageButton />
          <button type="button" className="quiet" onClick={() => { setAddingAccount(true); }}>
            New account
          </button>
          <SettingsButton accounts={accounts} onAccountsChanged={reload} />
        </div>
        <FolderTree accounts={shownAccounts} selectedFolderId={folderId} onSelect={selectFolder} />
        <QuotaMeters accounts={shownAccounts} />
        <KeywordList keywords={keywords.filter((keyword) => keyword.defined)} onFilter={search.showQuery} />
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
        ) : conversationView.on === null ? (
          <p className="reader-note">Loading…</p>
        ) : (
          <>
            <ConversationToggle view={conversationView} />
            <MessageList
              key={`${folderId}:${conversationView.on ? 'conversations' : 'messages'}`}
              conversations={conversationView.on}
              folderId={folderId}
              openMessageId={messageId}
              onOpen={setMessageId}
              onRemoved={(ids) => {
                if (messageId !== null && ids.includes(messageId)) setMessageId(null);
              }}
              renderMarks={(message) => (
                <KeywordChips keywords={message.keywords} known={keywords} onChoose={(keyword) => { search.showQuery(keywordQuery(keyword)); }} />
              )}
              onKey={keywordShortcut}
            />
          </>
        )}
      </section>
      <PaneSeparator pane="folders" control={paneWidths} />
      <PaneSeparator pane="list" control={paneWidths} />
      <main className="reader-pane">
        {messageId === null ? <p className="reader-note">No message open.</p> : <Reader key={messageId} messageId={messageId} highlight={search.active ? search.terms : []} onClose={() => { setMessageId(null); }} renderExtras={(message) => <MessageKeywords messageId={message.id} initial={message.keywords} known={keywords} onFilter={search.showQuery} />} />}
      </main>
      <ActionStatus />
      <OutboxStatus />
      <DraftsList />
      <ComposerHost accounts={accounts} />
      <KeyboardShortcuts />
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
