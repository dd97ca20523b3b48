import type { ImapFlow } from 'imapflow';
import { LetterboxError } from '../../shared/errors.ts';
import type { WatchHandlers } from './imap-types.ts';

// RFC 2177 3: a client should re-issue IDLE at least every 29 minutes, or the server may
// log it out as inactive.
export const IDLE_RESTART_MS = 25 * 60_000;

// Selects `path` read-only and IDLEs on it until the connection ends, reporting each
// change (RFC 3501 7.3.1 EXISTS, 7.4.1 EXPUNGE or RFC 7162 VANISHED, 7.4.2 FETCH FLAGS).
// Resolves when `isClosing()` says the owner closed the session; rejects otherwise, so a
// dropped connection is always heard of.
export async function watchFolder(client: ImapFlow, path: string, handlers: WatchHandlers, isClosing: () => boolean): Promise<void> {
  const changed = (event: { readonly path: string }): void => {
    if (event.path === path) handlers.onChange();
  };
  const connection = { closed: false };
  let onClose: () => void = () => undefined;
  const closedPromise = new Promise<void>((resolve) => {
    onClose = () => {
      connection.closed = true;
      resolve();
    };
  });
  client.on('exists', changed);
  client.on('expunge', changed);
  client.on('flags', changed);
  client.on('close', onClose);
  try {
    await client.mailboxOpen(path, { readOnly: true });
    handlers.onReady();
    while (!connection.closed && client.usable) {
      // Deleted or renamed elsewhere: the server deselected it (RFC 3501 7.1 BYE/NO), so
      // IDLE would return at once, forever.
      if (client.mailbox === false) throw new LetterboxError('not-found', `The folder ${path} is no longer on the server.`);
      // Returns when IDLE is broken: by maxIdleTime, by imapflow's keep-alive NOOP after a
      // quiet socketTimeout, or by the connection closing.
      const idling = client.idle();
      await Promise.race([idling.catch(() => undefined), closedPromise]);
      await idling.catch(() => undefined);
    }
  } finally {
    client.off('exists', changed);
    client.off('expunge', changed);
    client.off('flags', changed);
    client.off('close', onClose);
  }
  if (!isClosing()) throw new LetterboxError('network', `The connection watching ${path} was lost.`);
}
