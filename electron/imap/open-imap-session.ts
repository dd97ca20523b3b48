import { ImapFlow } from 'imapflow';
import type { ImapConnectionSettings, ImapSession } from './imap-types.ts';
import { classifyImapError, type ImapErrorContext } from './classify-imap-error.ts';
import { imapFlowOptions } from './imap-flow-options.ts';
import { listFolders } from './list-folders.ts';
import { fetchHeaders } from './fetch-headers.ts';
import { fetchSource } from './fetch-source.ts';
import { CallerError } from './caller-error.ts';

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
  return {
    capabilities: [...client.capabilities.keys()],
    listFolders: () => classified(context, () => listFolders(client)),
    fetchHeaders: (path, options) => classified(context, () => fetchHeaders(client, path, options)),
    fetchSource: (path, uid, uidValidity) => classified(context, () => fetchSource(client, path, uid, uidValidity)),
    async close() {
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
