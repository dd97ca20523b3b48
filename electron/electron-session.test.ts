import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySessionPolicy } from './electron-session.ts';

const appPage = 'file:///opt/Letterbox/dist/renderer/index.html';

type Callback = (response: Record<string, unknown>) => void;
type Listener = (details: Record<string, unknown>, callback: Callback) => void;

function fakeSession() {
  const listeners = new Map<string, Listener>();
  let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  let checkHandler: ((contents: unknown, permission: string) => boolean) | null = null;
  let deviceHandler: (() => boolean) | null = null;
  const session = {
    webRequest: {
      onHeadersReceived: (listener: Listener) => listeners.set('headers', listener),
      onBeforeRequest: (listener: Listener) => listeners.set('request', listener),
    },
    setPermissionRequestHandler: (handler: typeof requestHandler) => (requestHandler = handler),
    setPermissionCheckHandler: (handler: typeof checkHandler) => (checkHandler = handler),
    setDevicePermissionHandler: (handler: typeof deviceHandler) => (deviceHandler = handler),
  };
  function call(name: string, details: Record<string, unknown>): Record<string, unknown> {
    const listener = listeners.get(name);
    assert.ok(listener, `${name} listener is set`);
    let response: Record<string, unknown> | null = null;
    listener(details, (answer) => (response = answer));
    assert.ok(response, 'the listener answered at once');
    return response;
  }
  return {
    session: session as unknown as Parameters<typeof applySessionPolicy>[0],
    request: (url: string, resourceType: string) => call('request', { url, resourceType }).cancel,
    headers: (responseHeaders: Record<string, string[]>) => call('headers', { responseHeaders }).responseHeaders as Record<string, string[]>,
    askPermission(permission: string): boolean {
      assert.ok(requestHandler && checkHandler && deviceHandler);
      const answers: boolean[] = [];
      requestHandler(null, permission, (answer) => answers.push(answer));
      assert.equal(answers.length, 1, 'the request was answered');
      return answers[0] === true || checkHandler(null, permission) || deviceHandler();
    },
  };
}

describe('applySessionPolicy', () => {
  it('cancels every request the network policy refuses, and follows the consent to remote images', () => {
    const fake = fakeSession();
    let consent = false;
    applySessionPolicy(fake.session, { contentSecurityPolicy: "default-src 'none'", appPageUrl: appPage, remoteImagesAllowed: () => consent });
    assert.equal(fake.request('file:///opt/Letterbox/dist/renderer/app.js', 'script'), false);
    assert.equal(fake.request('https://tracker.example/p.gif', 'image'), true);
    assert.equal(fake.request('file:///etc/passwd', 'image'), true);
    consent = true;
    assert.equal(fake.request('https://tracker.example/p.gif', 'image'), false);
    assert.equal(fake.request('https://tracker.example/f.woff', 'font'), true);
    consent = false;
    assert.equal(fake.request('https://tracker.example/p.gif', 'image'), true);
  });

  it('adds the CSP to every response, keeping the headers it had', () => {
    const fake = fakeSession();
    applySessionPolicy(fake.session, { contentSecurityPolicy: "default-src 'none'", appPageUrl: appPage, remoteImagesAllowed: () => false });
    assert.deepEqual(fake.headers({ 'Content-Type': ['text/html'] }), { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] });
  });

  it('denies permission requests and checks', () => {
    const fake = fakeSession();
    applySessionPolicy(fake.session, { contentSecurityPolicy: "default-src 'none'", appPageUrl: appPage, remoteImagesAllowed: () => false });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid']) assert.equal(fake.askPermission(permission), false, permission);
  });
});
