// The remote content channels. Consent is given for what the stored message says (its
// id, its From address, that address's domain), never for a value the page supplies.
import { LetterboxError } from '../../shared/errors.ts';
import type { Handlers } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';
import { domainOf } from './remote-content-repository.ts';

type RemoteContentChannel = 'getRemoteContentPolicy' | 'allowRemoteContent' | 'listRemoteContentConsents' | 'revokeRemoteContentConsent';

export function createRemoteContentHandlers(store: Store, now: () => number = Date.now): Pick<Handlers, RemoteContentChannel> {
  async function senderOf(messageId: string) {
    const message = await store.messages.get(messageId);
    if (!message) throw new LetterboxError('not-found', 'That message is no longer here.');
    const address = message.from?.address.trim().toLowerCase() ?? '';
    return { message, address: address === '' ? null : address, domain: address === '' ? null : domainOf(address) };
  }

  return {
    async getRemoteContentPolicy({ messageId }) {
      const { address, domain } = await senderOf(messageId);
      return { allowed: await store.remoteContent.isAllowed(messageId, address), sender: address, domain };
    },
    async allowRemoteContent({ messageId, scope }) {
      const { message, address, domain } = await senderOf(messageId);
      if (scope === 'message') {
        await store.remoteContent.grant({ scope, messageId, label: message.subject.trim() || '(no subject)' }, now());
        return null;
      }
      const value = scope === 'sender' ? address : domain;
      if (value === null) throw new LetterboxError('invalid-argument', 'This message has no sender address to remember.');
      await store.remoteContent.grant({ scope, value }, now());
      return null;
    },
    listRemoteContentConsents: () => store.remoteContent.list(),
    async revokeRemoteContentConsent({ consentId }) {
      if (!(await store.remoteContent.revoke(consentId))) throw new LetterboxError('not-found', 'That choice was already removed.');
      return null;
    },
  };
}
