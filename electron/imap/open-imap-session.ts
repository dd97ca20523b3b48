import { ImapFlow } from 'imapflow';
import type { ImapConnectionSettings, ImapSession } from './imap-types.ts';
import { classifyImapError, type ImapErrorContext } from './classify-imap-error.ts';
import { imapFlowOptions } from './imap-flow-options.ts';
import { listFolders } from './list-folders.ts';
import { fetchHeaders } from './fetch-headers.ts';
import { fetchSource } from './fetch-source.ts';
import { fetchSources } from './fetch-sources.ts';
import { CallerError } from './caller-error.ts';
import { resyncFolder } from './resync-folder.ts';
import { watchFolder } from './watch-folder.ts';
import { storeFlags } from './store-flags.ts';
import { moveMessages } from './move-messages.ts';
import { expungeMessages } from './expunge.ts';
import { fetchHeadersByUid, searchMessages } from './search-messages.ts';
import { appendMessage } from './append-message.ts';
import { findByMessageId } from './find-by-message-id.ts';
import { storeKeywords } from './store-keywords.ts';
import { copyMessages } from './copy-messages.ts';
import { createFolder, deleteFolder, renameFolder, subscribeFolder } from './manage-folders.ts';

async function classified<T>(context: ImapErrorContext, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CallerError) throw error.original;
    throw classifyImapError(error, context);
  }
}

export async function openImapSession(settings: ImapConnectionSettings): Promise<ImapSession> {
  const context: ImapErrorContext = {
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
  };
  const client = new ImapFlow(imapFlowOptions(settings));
  // imapflow emits 'error' for a connection that dies between commands; the next command
  // then rejects with NoConnection, which is where the caller hears of it.
  client.on('error', () => undefined);
  await classified(context, () => client.connect());
  // Set by close(), so a watch that ends because of it resolves instead of failing.
  let closing = false;
  return {
    capabilities: [...client.capabilities.keys()],
    listFolders: () => classified(context, () => listFolders(client)),
    fetchHeaders: (path, options) => classified(context, () => fetchHeaders(client, path, options)),
    fetchSource: (path, uid, uidValidity) => classified(context, () => fetchSource(client, path, uid, uidValidity)),
    fetchSources: (path, uids, uidValidity) => classified(context, () => fetchSources(client, path, uids, uidValidity)),
    storeFlags: (path, uidValidity, uids, change) =>
      classified(context, () => storeFlags(client, path, uidValidity, uids, change)),
    moveMessages: (path, uidValidity, uids, targetPath, moveOptions) =>
      classified(context, () => moveMessages(client, path, uidValidity, uids, targetPath, moveOptions)),
    expungeMessages: (path, uidValidity, uids) => classified(context, () => expungeMessages(client, path, uidValidity, uids)),
    resyncFolder: (path, known, resyncOptions) => classified(context, () => resyncFolder(client, path, known, resyncOptions)),
    watch: (path, handlers) => classified(context, () => watchFolder(client, path, handlers, () => closing)),
    searchMessages: (path, criteria) => classified(context, () => searchMessages(client, path, criteria)),
    fetchHeadersByUid: (path, uids) => classified(context, () => fetchHeadersByUid(client, path, uids)),
    appendMessage: (path, raw, flags) => classified(context, () => appendMessage(client, path, raw, flags)),
    findByMessageId: (path, messageId) => classified(context, () => findByMessageId(client, path, messageId)),
    storeKeywords: (path, uidValidity, uids, change) =>
      classified(context, () => storeKeywords(client, path, uidValidity, uids, change)),
    copyMessages: (path, uidValidity, uids, targetPath) =>
      classified(context, () => copyMessages(client, path, uidValidity, uids, targetPath)),
    createFolder: (path) => classified(context, () => createFolder(client, path)),
    renameFolder: (path, newPath) => classified(context, () => renameFolder(client, path, newPath)),
    deleteFolder: (path) => classified(context, () => deleteFolder(client, path)),
    subscribeFolder: (path, subscribed) => classified(context, () => subscribeFolder(client, path, subscribed)),
    async close() {
      closing = true;
      if (!client.usable) {
        client.close();
        return;
      }
      try {
        await client.logout();
      } catch {
        client.close();
      }
    },
  };
}
