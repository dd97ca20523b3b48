import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Folder } from '../../../shared/domain.ts';
import type { AppError } from '../../../shared/errors.ts';
import type { ExportOutcome } from '../../../shared/local/begin-export.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { AccountExportDialog } from './account-export-dialog.tsx';
import { FolderNameDialog } from './folder-name-dialog.tsx';
import { ImportProgress } from './import-progress.tsx';
import { LocalFolderDeletionDialog } from './local-folder-deletion-dialog.tsx';
import { localRenameProblem } from '../../../shared/folders/local-folder-changes.ts';
import { SaveFolderLocally } from './save-folder-locally.tsx';

// What the context menu acts on: a folder, or an account (new top-level folder).
export type FolderActionTarget = {
  readonly accountId: string;
  readonly folder: Folder | null;
  readonly delimiter: string | null;
  // A folder of Local Folders: mail can be imported into it.
  readonly local?: boolean;
  // With local: every folder of Local Folders (renames and deletes are checked against them).
  readonly localFolders?: readonly Folder[];
  // A folder on an IMAP server: its mail can be saved or moved into Local Folders.
  readonly server?: boolean;
  // With folder null: the account's name, for "Export account…".
  readonly accountName?: string;
};

type Step = 'menu' | 'create' | 'rename' | 'save-copy' | 'save-move' | 'export-account' | 'import-account' | 'delete-local' | 'empty-trash' | 'importing' | null;

// The folder context menu (right click, the context-menu key or Shift+F10 on a folder):
// New folder…, Rename…, Delete…, Subscribe / Unsubscribe (server folders only: Local Folders
// are always shown), all sent to the server at once.
// onExport: beginExport's answer, told where the menu was opened (the menu closes).
export function FolderActions({
  target,
  onClose,
  onExport,
}: {
  readonly target: FolderActionTarget;
  readonly onClose: () => void;
  readonly onExport: (outcome: ExportOutcome) => void;
}) {
  const api = useApi();
  const [step, setStep] = useState<Step>('menu');
  const [error, setError] = useState<AppError | null>(null);
  const menu = useRef<HTMLUListElement>(null);
  // State, not a ref: the menu's items are made during render, and hold it.
  const [importInput, setImportInput] = useState<HTMLInputElement | null>(null);
  // The folder too: a right click on another folder while it runs changes target.folder.
  const [importing, setImporting] = useState<{ readonly folder: Folder; readonly files: readonly File[] } | null>(null);
  const folder = target.folder;
  const isInbox = folder?.role === 'inbox';
  const localFolders = target.local === true ? (target.localFolders ?? []) : null;
  // Local Folders' Trash is where their deleted mail goes: it is emptied, not renamed or deleted.
  const isLocalTrash = localFolders !== null && folder !== null && folder.role === 'trash';

  useEffect(() => {
    if (step === 'menu') menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [step]);

  // mbox in as chunks of bytes (import-progress.tsx); out, main streams it to a file the user picks, or the browser downloads
  // it from main (electron/local/begin-export.ts): the page never holds it.
  async function exportFolder(folderId: string) {
    const result = await api.invoke('beginExport', { folderId });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    onExport(result.value);
    onClose();
  }

  function importFiles(files: readonly File[]) {
    if (folder === null || files.length === 0) return;
    setImporting({ folder, files });
    setStep('importing');
  }

  async function run(work: Promise<{ readonly ok: boolean; readonly error?: AppError }>) {
    const result = await work;
    if (result.ok) onClose();
    else if (result.error) setError(result.error);
  }

  function onMenuKey(event: KeyboardEvent<HTMLUListElement>) {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      event.stopPropagation();
      items[event.key === 'ArrowDown' ? (at + 1) % items.length : (at - 1 + items.length) % items.length]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      event.stopPropagation();
      items[at]?.click();
    }
  }

  const items: { readonly label: string; readonly act: () => void }[] = [{ label: 'New folder…', act: () => { setStep('create'); } }];
  if (folder !== null && localFolders !== null && !isInbox && !isLocalTrash) {
    items.push({ label: 'Rename…', act: () => { setStep('rename'); } });
    items.push({ label: 'Delete…', act: () => { setStep('delete-local'); } });
  } else if (isLocalTrash) {
    items.push({ label: 'Empty Trash…', act: () => { setStep('empty-trash'); } });
  } else if (folder !== null && !isInbox && localFolders === null) {
    items.push({ label: 'Rename…', act: () => { setStep('rename'); } });
    items.push({
      label: 'Delete…',
      act: () => {
        if (window.confirm(`Delete the folder "${folder.name}" and the messages in it, on the server?`)) void run(api.invoke('deleteFolder', { folderId: folder.id }));
      },
    });
  }
  if (folder !== null && folder.selectable) {
    items.push({ label: 'Export as mbox', act: () => void exportFolder(folder.id) });
    if (target.local === true) items.push({ label: 'Import mbox or .eml…', act: () => importInput?.click() });
    if (target.server === true) {
      items.push({ label: 'Save folder locally…', act: () => { setStep('save-copy'); } });
      items.push({ label: "Move folder's mail to local…", act: () => { setStep('save-move'); } });
    }
  }
  if (folder === null) {
    items.push({ label: 'Export account…', act: () => { setStep('export-account'); } });
    // Imports always go into Local Folders, which the tree shows only once they hold mail.
    items.push({ label: 'Import account export…', act: () => { setStep('import-account'); } });
  }
  if (folder !== null && localFolders === null) {
    items.push({
      label: folder.subscribed ? 'Unsubscribe' : 'Subscribe',
      act: () => void run(api.invoke('setFolderSubscribed', { folderId: folder.id, subscribed: !folder.subscribed })),
    });
  }

  return (
    <div className="folder-actions">
      {step === 'menu' ? (
        <ul ref={menu} role="menu" aria-label={folder === null ? 'Account actions' : `Actions for ${folder.name}`} className="menu" onKeyDown={onMenuKey}>
          {items.map((item) => (
            <li key={item.label} role="menuitem" tabIndex={-1} onClick={item.act}>
              {item.label}
            </li>
          ))}
        </ul>
      ) : null}
      {step === 'create' ? (
        <FolderNameDialog
          title="New folder"
          submitLabel="Create"
          initial=""
          delimiter={target.delimiter}
          onCancel={onClose}
          onSubmit={(name) => void run(api.invoke('createFolder', { accountId: target.accountId, parentFolderId: folder?.id ?? null, name }))}
        />
      ) : null}
      {step === 'importing' && importing !== null ? <ImportProgress folder={importing.folder} files={importing.files} onClose={onClose} /> : null}
      {(step === 'save-copy' || step === 'save-move') && folder !== null ? (
        <SaveFolderLocally folder={folder} mode={step === 'save-move' ? 'move' : 'copy'} onClose={onClose} />
      ) : null}
      {step === 'export-account' || step === 'import-account' ? (
        <AccountExportDialog
          mode={step === 'export-account' ? 'export' : 'import'}
          accountId={target.accountId}
          accountName={target.accountName ?? ''}
          onClose={onClose}
        />
      ) : null}
      {step === 'rename' && folder !== null ? (
        <FolderNameDialog
          title="Rename folder"
          submitLabel="Rename"
          initial={folder.name}
          delimiter={folder.delimiter}
          {...(localFolders === null ? {} : { problemOf: (name: string) => localRenameProblem(folder, name, localFolders)?.message ?? null })}
          onCancel={onClose}
          onSubmit={(name) => void run(api.invoke('renameFolder', { folderId: folder.id, name }))}
        />
      ) : null}
      {(step === 'delete-local' || step === 'empty-trash') && folder !== null && localFolders !== null ? (
        <LocalFolderDeletionDialog folder={folder} folders={localFolders} mode={step === 'empty-trash' ? 'empty' : 'delete'} onClose={onClose} />
      ) : null}
      <input
        ref={setImportInput}
        type="file"
        multiple
        hidden
        aria-label="Import mbox or .eml files"
        accept=".mbox,.mbx,.eml,application/mbox,message/rfc822"
        onChange={(event) => {
          importFiles([...(event.currentTarget.files ?? [])]);
        }}
      />
      {error === null ? null : (
        <ErrorAlert
          title="The folder could not be changed."
          message={error.message}
          action={localFolders === null ? 'Check the name, and that you are online, then try again.' : 'Check the name, then try again.'}
        />
      )}
    </div>
  );
}
