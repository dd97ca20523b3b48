// The renderer's link-click path against main's real openExternal channel (its schema,
// the link policy and the ask-first decision), with the dialog's answer scripted.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LetterboxApi } from '../../../shared/api.ts';
import type { LinkConfirmation } from '../../../shared/links/link-confirmation.ts';
import { createOpenExternalHandler } from '../../../electron/security/open-external-handler.ts';
import { createDispatch } from '../../../electron/service/dispatch.ts';
import type { Handlers } from '../../../electron/service/service-types.ts';
import { linkConfirmationText } from './link-confirmation-text.ts';
import { openLink } from './open-link.ts';

function setUp(answer: boolean, mainOpens: boolean) {
  const openedByMain: string[] = [];
  const openedByPage: string[] = [];
  const asked: LinkConfirmation[] = [];
  const handlers = {
    openExternal: createOpenExternalHandler((url) => {
      openedByMain.push(url);
      return Promise.resolve(mainOpens);
    }),
  } as unknown as Handlers;
  const dispatch = createDispatch(handlers, () => undefined);
  const api = { invoke: (channel: string, args: unknown) => dispatch(channel, args), on: () => () => undefined } as unknown as LetterboxApi;
  const options = {
    confirm: (confirmation: LinkConfirmation) => {
      asked.push(confirmation);
      return Promise.resolve(answer);
    },
    openInBrowser: (url: string) => {
      openedByPage.push(url);
    },
  };
  return { api, options, openedByMain, openedByPage, asked };
}

describe('openLink', () => {
  it('asks before a link whose text shows another host, naming the real host, and opens nothing when refused', async () => {
    const { api, options, openedByMain, openedByPage, asked } = setUp(false, true);
    const error = await openLink(api, { url: 'https://p\u0430ypal.com/login', text: 'https://paypal.com' }, options);
    assert.equal(error, null);
    assert.deepEqual(asked, [{ reason: 'different-host', host: 'xn--pypal-4ve.com', shownHost: 'paypal.com' }]);
    assert.deepEqual(openedByMain, []);
    assert.deepEqual(openedByPage, []);
    const text = linkConfirmationText(asked[0]!);
    assert.match(text.explanation, /shows paypal\.com, but it leads to xn--pypal-4ve\.com/);
  });

  it('opens the link through main once the user agrees (Electron)', async () => {
    const { api, options, openedByMain, openedByPage, asked } = setUp(true, true);
    assert.equal(await openLink(api, { url: 'https://evil.example/x', text: 'bank.example' }, options), null);
    assert.equal(asked.length, 1);
    assert.deepEqual(openedByMain, ['https://evil.example/x']);
    assert.deepEqual(openedByPage, []);
  });

  it('opens the checked link itself once the user agrees where main cannot (browser mode)', async () => {
    const { api, options, openedByPage } = setUp(true, false);
    assert.equal(await openLink(api, { url: 'https://b\u00fccher.example/', text: 'Books' }, options), null);
    assert.deepEqual(openedByPage, ['https://xn--bcher-kva.example/']);
  });

  it('opens an honest link without asking', async () => {
    const { api, options, openedByMain, asked } = setUp(false, true);
    assert.equal(await openLink(api, { url: 'https://www.example.org/a', text: 'example.org' }, options), null);
    assert.deepEqual(asked, []);
    assert.deepEqual(openedByMain, ['https://www.example.org/a']);
  });

  it('shows why a refused link was not opened, without asking', async () => {
    const { api, options, openedByMain, asked } = setUp(true, true);
    const error = await openLink(api, { url: 'javascript:alert(1)', text: 'https://bank.example' }, options);
    assert.match(error ?? '', /"javascript:"/);
    assert.deepEqual(asked, []);
    assert.deepEqual(openedByMain, []);
  });
});
