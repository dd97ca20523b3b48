// The app page's Content Security Policy, sent by Electron (onHeadersReceived) and by
// the browser-mode HTTP server. The message reader is a srcdoc iframe, and srcdoc
// frames inherit this policy (CSP3 "policy container" inheritance), so this outer
// policy must permit what the frame may later be allowed to load (remote images and
// fonts once the user allows them); the frame's own stricter meta policy is what
// blocks them by default.
const loopbackWebSocketOrigin = /^wss?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/;

export type ContentSecurityPolicyOptions = {
  // Browser mode's WebSocket origin, e.g. ws://127.0.0.1:41234. Absent in Electron.
  readonly webSocketOrigin?: string;
};

export function createContentSecurityPolicy(options: ContentSecurityPolicyOptions = {}): string {
  const connectSources = ["'self'"];
  if (options.webSocketOrigin !== undefined) {
    // Checked strictly: anything pasted in here becomes policy text, so a ';' would
    // let a caller append directives.
    if (!loopbackWebSocketOrigin.test(options.webSocketOrigin)) {
      throw new Error('The WebSocket origin must be a ws:// or wss:// loopback origin with a port.');
    }
    connectSources.push(options.webSocketOrigin);
  }
  const directives: readonly (readonly [string, readonly string[]])[] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    // Remote styles, images and fonts are allowed here only because the message frame
    // inherits this policy; its own stricter policy blocks them until the user asks.
    ['style-src', ["'self'", "'unsafe-inline'", 'http:', 'https:']],
    ['img-src', ["'self'", 'data:', 'blob:', 'http:', 'https:']],
    ['font-src', ["'self'", 'data:', 'http:', 'https:']],
    ['connect-src', connectSources],
    ['frame-src', ["'self'", 'about:']],
    ['child-src', ["'self'", 'about:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
