import { ImapFlow } from 'imapflow';
import type { ImapConnectionSettings, ImapSession } from './imap-types.ts';
import { classifyImapError, type ImapErrorContext } from './classify-imap-error.ts';
import { DEFAULT_TIMEOUT_MS, imapFlowOptions } from './imap-flow-options.ts';
import { StepWatchdog, stepDeadlines } from '../net/progress-deadline.ts';
import { LetterboxError } from '../../shared/errors.ts';
import { listFolders } from './list-folders.ts';
import { fetchHeaders } from './fetch-headers.ts';
import { fetchSource } from './fetch-source.ts';
import { fetchSources } from './fetch-sources.ts';
import { fetchSourceChunks } from './fetch-source-chunks.ts';
import { CallerError } from './caller-error.ts';
import { resyncFolder } from './resync-folder.ts';
import { folderStatus } from './folder-status.ts';
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
import { getQuota } from './get-quota.ts';
import { withTokenRenewal } from '../oauth/token-login.ts';
import { divertLargeBodyStructures } from './body-structure-diversion.ts';
import { sharedBodyStructureParsing } from './body-structure-pool.ts';
import { DEFAULT_IMAP_LIMITS } from './imap-limits.ts';

function stepTimedOut(context: ImapErrorContext, step: string): LetterboxError {
  return new LetterboxError(
    'timeout',
    `${context.host}:${context.port} did not answer in time while ${step}, so Letterbox closed the connection. The server may be down or misbehaving, or the port or security setting may be wrong.`,
  );
}

// An OAuth2 account's refused token is renewed and tried once more (electron/oauth/token-login.ts).
export function openImapSession(settings: ImapConnectionSettings): Promise<ImapSession> {
  return withTokenRenewal(settings, openImapSessionOnce);
}

async function openImapSessionOnce(settings: ImapConnectionSettings): Promise<ImapSession> {
  const context: ImapErrorContext = {
    host: settings.host,
    port: settings.port,
    username: settings.username,
    // What an error text must never repeat: the password, or the token in its place.
    password: settings.accessToken ?? settings.password,
  };
  const deadlines = settings.deadlines ?? stepDeadlines(settings.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  // A step past its deadline closes the connection; the step's own failure then reports
  // the timeout instead of the lost connection it caused.
  const watchdog = new StepWatchdog(deadlines, () => {
    client.close();
  });
  const client = new ImapFlow(
    imapFlowOptions(settings, (bytes) => {
      watchdog.received(bytes);
    }),
  );
  // A BODYSTRUCTURE of thousands of parts is parsed on a thread, not in imapflow's reader here.
  const maxResponseTokens = (settings.limits ?? DEFAULT_IMAP_LIMITS).maxResponseTokens;
  const structures = divertLargeBodyStructures(client, (list, literals) => sharedBodyStructureParsing().parse(list, literals, maxResponseTokens));
  // imapflow emits 'error' for a connection that dies between commands; the next command
  // then rejects with NoConnection, which is where the caller hears of it. A connection it
  // closed for a protocol reason (a size cap of imap-limits.ts) is told as that reason.
  let connectionError: unknown = null;
  client.on('error', (error: unknown) => {
    connectionError = error;
  });
  const explained = (error: unknown): unknown =>
    connectionError !== null && (error as { code?: unknown } | null)?.code === 'NoConnection' ? connectionError : error;
  async function classified<T>(step: string, work: () => Promise<T>): Promise<T> {
    try {
      return await watchdog.run(step, work);
    } catch (error) {
      if (watchdog.expiredStep !== null) throw stepTimedOut(context, watchdog.expiredStep);
      if (error instanceof CallerError) throw error.original;
      throw classifyImapError(explained(error), context);
    }
  }
  // A watch waits for the server on purpose (IDLE), so it runs outside the step deadlines.
  async function classifiedWatch(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (watchdog.expiredStep !== null) throw stepTimedOut(context, watchdog.expiredStep);
      throw classifyImapError(error, context);
    }
  }
  await classified('connecting and signing in', () => client.connect());
  // Set by close(), so a watch that ends because of it resolves instead of failing.
  let closing = false;
  return {
    capabilities: [...client.capabilities.keys()],
    listFolders: () => classified('listing folders', () => listFolders(client)),
    folderStatus: (path) => classified('checking a folder', () => folderStatus(client, path)),
    fetchHeaders: (path, options) => classified('fetching headers', () => fetchHeaders(client, structures, path, options)),
    fetchSource: (path, uid, uidValidity) => classified('fetching a message', () => fetchSource(client, path, uid, uidValidity)),
    fetchSources: (path, uids, uidValidity) =>
      classified('fetching messages', () => fetchSources(client, path, uids, uidValidity)),
    fetchSourceChunks: (path, uid, uidValidity, chunkBytes, onChunk) =>
      classified('fetching a message', () => fetchSourceChunks(client, path, uid, uidValidity, chunkBytes, onChunk)),
    storeFlags: (path, uidValidity, uids, change) =>
      classified('storing flags', () => storeFlags(client, path, uidValidity, uids, change)),
    moveMessages: (path, uidValidity, uids, targetPath, moveOptions) =>
      classified('moving messages', () => moveMessages(client, path, uidValidity, uids, targetPath, moveOptions)),
    expungeMessages: (path, uidValidity, uids) =>
      classified('deleting messages', () => expungeMessages(client, path, uidValidity, uids)),
    resyncFolder: (path, known, resyncOptions) =>
      classified('resyncing a folder', () => resyncFolder(client, path, known, resyncOptions)),
    watch: (path, handlers) => classifiedWatch(() => watchFolder(client, path, handlers, () => closing)),
    searchMessages: (path, criteria) => classified('searching', () => searchMessages(client, path, criteria)),
    fetchHeadersByUid: (path, uids) => classified('fetching headers', () => fetchHeadersByUid(client, structures, path, uids)),
    appendMessage: (path, raw, flags) => classified('saving a message', () => appendMessage(client, path, raw, flags)),
    findByMessageId: (path, messageId) => classified('finding a message', () => findByMessageId(client, path, messageId)),
    storeKeywords: (path, uidValidity, uids, change) =>
      classified('storing keywords', () => storeKeywords(client, path, uidValidity, uids, change)),
    copyMessages: (path, uidValidity, uids, targetPath) =>
      classified('copying messages', () => copyMessages(client, path, uidValidity, uids, targetPath)),
    createFolder: (path) => classified('creating a folder', () => createFolder(client, path)),
    renameFolder: (path, newPath) => classified('renaming a folder', () => renameFolder(client, path, newPath)),
    deleteFolder: (path) => classified('deleting a folder', () => deleteFolder(client, path)),
    subscribeFolder: (path, subscribed) => classified('subscribing to a folder', () => subscribeFolder(client, path, subscribed)),
    getQuota: () => classified('reading the quota', () => getQuota(client)),
    async close() {
      closing = true;
      watchdog.dispose();
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
