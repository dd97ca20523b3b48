// The session-wide policy: the app page's CSP on every response, and no permission
// (camera, notifications, geolocation, devices...) for anything shown in the window.
import type { Session } from 'electron';

export function applySessionPolicy(session: Session, contentSecurityPolicy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    // Added alongside any policy the response already has: several policies all apply,
    // so this can only tighten.
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
