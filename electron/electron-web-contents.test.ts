import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { hardenWebContents } from './electron-web-contents.ts';

const appPage = 'file:///opt/Letterbox/dist/renderer/index.html';

type OpenHandler = (details: { readonly url: string }) => { readonly action: string };

function createFakeContents() {
  const emitter = new EventEmitter();
  let openHandler: OpenHandler | null = null;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler(handler: OpenHandler) {
      openHandler = handler;
    },
  });
  return {
    contents: contents as unknown as Parameters<typeof hardenWebContents>[0],
    emit(name: string, url: string, isMainFrame: boolean): boolean {
      let prevented = false;
      emitter.emit(name, { url, isMainFrame, preventDefault: () => (prevented = true) });
      return prevented;
    },
    open(url: string) {
      assert.ok(openHandler, 'a window open handler is set');
      return openHandler({ url });
    },
  };
}

describe('hardenWebContents', () => {
  for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
    it(`prevents ${name} to a web page and lets ${name} to the app page through`, () => {
      const fake = createFakeContents();
      hardenWebContents(fake.contents, appPage);
      assert.equal(fake.emit(name, 'https://evil.example/', true), true);
      assert.equal(fake.emit(name, 'file:///etc/passwd', true), true);
      assert.equal(fake.emit(name, `${appPage}#/inbox`, true), false);
    });
  }

  it('lets the reader subframe become about:srcdoc but never a web page', () => {
    const fake = createFakeContents();
    hardenWebContents(fake.contents, appPage);
    assert.equal(fake.emit('will-frame-navigate', 'about:srcdoc', false), false);
    assert.equal(fake.emit('will-frame-navigate', 'https://tracker.example/', false), true);
  });

  it('refuses to attach a webview', () => {
    const fake = createFakeContents();
    hardenWebContents(fake.contents, appPage);
    assert.equal(fake.emit('will-attach-webview', 'about:blank', true), true);
  });

  it('denies every new window and opens nothing, so no link bypasses the ask-first of openExternal', () => {
    const fake = createFakeContents();
    hardenWebContents(fake.contents, appPage);
    for (const url of ['https://example.org/', 'HTTPS://Example.org/a b', 'file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.org/', appPage, 'about:blank']) {
      assert.deepEqual(fake.open(url), { action: 'deny' }, url);
    }
  });
});
