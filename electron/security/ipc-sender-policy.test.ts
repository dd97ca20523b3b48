import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isTrustedIpcSender, type IpcSenderFrame } from './ipc-sender-policy.ts';

const appPage = 'file:///opt/Letterbox/dist/renderer/index.html';

describe('isTrustedIpcSender', () => {
  const cases: readonly (readonly [string, IpcSenderFrame | null | undefined, boolean])[] = [
    ['the app page top frame', { url: appPage, isMainFrame: true }, true],
    ['the app page top frame with a fragment', { url: `${appPage}#/folder/1`, isMainFrame: true }, true],
    ['a subframe showing the app page', { url: appPage, isMainFrame: false }, false],
    ['the message reader subframe', { url: 'about:srcdoc', isMainFrame: false }, false],
    ['a top frame navigated to a web page', { url: 'https://evil.example/', isMainFrame: true }, false],
    ['a top frame on another local file', { url: 'file:///tmp/evil.html', isMainFrame: true }, false],
    ['a top frame on a data URL', { url: 'data:text/html,x', isMainFrame: true }, false],
    ['a destroyed frame', null, false],
    ['a missing frame', undefined, false],
    ['a frame with an empty URL', { url: '', isMainFrame: true }, false],
  ];
  for (const [name, frame, expected] of cases) {
    it(`${expected ? 'trusts' : 'refuses'} ${name}`, () => {
      assert.equal(isTrustedIpcSender(frame, appPage), expected);
    });
  }
});
