// Which accounts the folder tree shows. POP3 accounts have no folders of their own: their
// mail is in Local Folders. Local Folders always exists, but is shown only once it is in use
// (a POP3 account delivers there, or it holds mail), and last, so an IMAP-only setup looks
// and starts (first Inbox opened) exactly as before.
import type { Account } from '../../../shared/domain.ts';

export function treeAccounts(accounts: readonly Account[], localHoldsMail: boolean): readonly Account[] {
  const remote = accounts.filter((account) => account.kind === 'imap');
  const local = accounts.filter((account) => account.kind === 'local');
  const inUse = localHoldsMail || accounts.some((account) => account.kind === 'pop3');
  return inUse ? [...remote, ...local] : remote;
}
