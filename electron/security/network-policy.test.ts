import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideNetworkRequest } from './network-policy.ts';
import { isPermissionGranted } from './permission-policy.ts';

const appPage = 'file:///opt/Letterbox/resources/app.asar/dist/renderer/index.html';

type Row = readonly [url: string, resourceType: string, remoteImagesAllowed: boolean, allowed: boolean];

const rows: readonly Row[] = [
  // The app's own files.
  [appPage, 'mainFrame', false, true],
  ['file:///opt/Letterbox/resources/app.asar/dist/renderer/app.js', 'script', false, true],
  ['file:///opt/Letterbox/resources/app.asar/dist/renderer/styles.css', 'stylesheet', false, true],
  ['file:///opt/Letterbox/resources/app.asar/dist/renderer/./app.js', 'script', false, true],
  // Other files, however spelled.
  ['file:///etc/passwd', 'xhr', false, false],
  ['file:///opt/Letterbox/resources/app.asar/dist/renderer/../../../../../etc/passwd', 'image', true, false],
  ['file:///opt/Letterbox/resources/app.asar/dist/renderer/%2e%2e/%2e%2e/secrets.bin', 'image', true, false],
  ['file:///opt/Letterbox/resources/app.asar/dist/renderer/..%2f..%2fsecrets.bin', 'image', true, false],
  ['file:///opt/Letterbox/resources/app.asar/dist/renderer/x%00.js', 'script', false, false],
  ['file:///opt/Letterbox/resources/app.asar/dist/rendererx/app.js', 'script', false, false],
  ['file://attacker.example/opt/Letterbox/resources/app.asar/dist/renderer/app.js', 'script', false, false],
  ['file:///home/user/.config/Letterbox/letterbox.sqlite', 'image', true, false],
  // Remote content: nothing without consent; with it, images only.
  ['https://tracker.example/pixel.gif', 'image', false, false],
  ['https://tracker.example/pixel.gif', 'image', true, true],
  ['http://images.example/photo.jpg', 'image', true, true],
  ['https://fonts.example/font.woff2', 'font', true, false],
  ['https://cdn.example/style.css', 'stylesheet', true, false],
  ['https://cdn.example/script.js', 'script', true, false],
  ['https://collector.example/beacon', 'ping', true, false],
  ['https://collector.example/report', 'cspReport', true, false],
  ['https://api.example/data', 'xhr', true, false],
  ['https://video.example/clip.mp4', 'media', true, false],
  ['https://evil.example/', 'mainFrame', true, false],
  ['https://evil.example/frame', 'subFrame', true, false],
  ['https://evil.example/applet', 'object', true, false],
  ['wss://evil.example/socket', 'webSocket', true, false],
  ['ws://127.0.0.1:4000/', 'webSocket', false, false],
  ['http://127.0.0.1:4000/', 'xhr', false, false],
  ['https://user:pw@images.example/a.png', 'image', true, false],
  ['ftp://files.example/a.png', 'image', true, false],
  // In-memory data never leaves the machine; a data: page is not the app.
  ['data:image/png;base64,iVBORw0KGgo=', 'image', false, true],
  ['blob:file:///0b5f6a9e-1c1d-4a59-9f55-bd0a3a1c5a61', 'image', false, true],
  ['data:text/html,<script>alert(1)</script>', 'mainFrame', false, false],
  // Schemes no page of ours uses.
  ['chrome://settings', 'mainFrame', false, false],
  ['chrome-extension://abc/x.js', 'script', false, false],
  ['javascript:alert(1)', 'other', false, false],
  ['smb://attacker.example/share', 'image', true, false],
  ['not a url', 'other', true, false],
  ['', 'other', true, false],
];

describe('decideNetworkRequest', () => {
  for (const [url, resourceType, remoteImagesAllowed, allowed] of rows) {
    it(`${allowed ? 'lets through' : 'cancels'} ${resourceType} ${JSON.stringify(url.slice(0, 90))}${remoteImagesAllowed ? ' with consent' : ''}`, () => {
      const decision = decideNetworkRequest({ url, resourceType }, { appPageUrl: appPage, remoteImagesAllowed });
      assert.equal(decision.allow, allowed, decision.reason);
      assert.ok(decision.reason.length > 0);
    });
  }

  it('lets the browser-mode page reach its own origin, including its WebSocket, and nothing else', () => {
    const page = 'http://127.0.0.1:41234/';
    const decide = (url: string, type: string) => decideNetworkRequest({ url, resourceType: type }, { appPageUrl: page, remoteImagesAllowed: false }).allow;
    assert.equal(decide('http://127.0.0.1:41234/app.js', 'script'), true);
    assert.equal(decide('ws://127.0.0.1:41234/ws', 'webSocket'), true);
    assert.equal(decide('http://127.0.0.1:41235/app.js', 'script'), false);
    assert.equal(decide('http://localhost:41234/app.js', 'script'), false);
    assert.equal(decide('file:///etc/passwd', 'script'), false);
  });

  it(`decided ${rows.length} requests`, () => {
    console.log(`network filter: ${rows.length} requests decided, ${rows.filter((row) => !row[3]).length} cancelled`);
  });
});

describe('isPermissionGranted', () => {
  // Every permission Electron names (session.setPermissionRequestHandler/CheckHandler).
  const permissions = [
    'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'geolocation', 'idle-detection', 'media',
    'mediaKeySystem', 'midi', 'midiSysex', 'notifications', 'pointerLock', 'keyboardLock', 'openExternal', 'speaker-selection',
    'storage-access', 'top-level-storage-access', 'window-management', 'unknown', 'fileSystem', 'hid', 'serial', 'usb',
    'background-sync', 'persistent-storage', 'camera', 'microphone', '', '__proto__',
  ];
  for (const permission of permissions) {
    it(`denies ${JSON.stringify(permission)}`, () => {
      assert.equal(isPermissionGranted(permission), false);
    });
  }
});
