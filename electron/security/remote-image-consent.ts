// The user's consent to remote images, as Electron's network filter reads it. The reader
// asks main whether the message it opens may load remote content (getRemoteContentPolicy)
// and tells main when the user allows it (allowRemoteContent); both answers reach main
// before the page can render a remote image, so the filter follows them: images are let
// through while the message last opened is one the user allowed, and for no other.
import type { ChannelName } from '../../shared/contract.ts';
import type { Result } from '../../shared/errors.ts';
import type { Service } from '../service/service-types.ts';

export type RemoteImageConsent = {
  allowed(): boolean;
  // The service answered `channel` with `result`; returns the message now allowed (or null).
  follow(channel: unknown, args: unknown, result: Result<unknown>): string | null;
};

const policyChannel = 'getRemoteContentPolicy' satisfies ChannelName;
const allowChannel = 'allowRemoteContent' satisfies ChannelName;

// Pure: the message whose remote images may load after this answer.
export function consentAfter(current: string | null, channel: unknown, args: unknown, result: Result<unknown>): string | null {
  if (!result.ok) return current;
  const messageId = typeof args === 'object' && args !== null ? (args as { readonly messageId?: unknown }).messageId : undefined;
  if (typeof messageId !== 'string') return current;
  if (channel === policyChannel) {
    const allowed = typeof result.value === 'object' && result.value !== null && (result.value as { readonly allowed?: unknown }).allowed === true;
    // Opening another message withdraws the consent given for the last one.
    return allowed ? messageId : null;
  }
  if (channel === allowChannel) return messageId;
  return current;
}

export function createRemoteImageConsent(): RemoteImageConsent {
  let allowedMessage: string | null = null;
  return {
    allowed: () => allowedMessage !== null,
    follow(channel, args, result) {
      allowedMessage = consentAfter(allowedMessage, channel, args, result);
      return allowedMessage;
    },
  };
}

// The service as the window's transport sees it, with each answer shown to the consent.
export function followingRemoteImageConsent(service: Service, consent: RemoteImageConsent): Service {
  return {
    ...service,
    async dispatch(channel, args) {
      const result = await service.dispatch(channel, args);
      consent.follow(channel, args, result);
      return result;
    },
  };
}
