// The session-wide policy of the window: the app page's CSP on every response, no
// permission (camera, notifications, geolocation, devices...) for anything shown in it, and
// a deny-by-default network filter (electron/security/network-policy.ts).
import type { Session } from 'electron';
import { decideNetworkRequest } from './security/network-policy.ts';
import { isPermissionGranted } from './security/permission-policy.ts';

export type SessionPolicy = {
  readonly contentSecurityPolicy: string;
  readonly appPageUrl: string;
  // Whether the message the reader shows may load remote images (the user's consent).
  readonly remoteImagesAllowed: () => boolean;
};

type PolicySession = {
  readonly webRequest: Pick<Session['webRequest'], 'onHeadersReceived' | 'onBeforeRequest'>;
} & Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

export function applySessionPolicy(session: PolicySession, policy: SessionPolicy): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    // Added alongside any policy the response already has: several policies all apply,
    // so this can only tighten.
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy.contentSecurityPolicy] } });
  });
  session.webRequest.onBeforeRequest((details, callback) => {
    const decision = decideNetworkRequest(
      { url: details.url, resourceType: details.resourceType },
      { appPageUrl: policy.appPageUrl, remoteImagesAllowed: policy.remoteImagesAllowed() },
    );
    callback({ cancel: !decision.allow });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(isPermissionGranted(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission));
  session.setDevicePermissionHandler(() => false);
}
