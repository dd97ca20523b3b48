import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fail, ok, type Result } from '../../shared/errors.ts';
import { consentAfter, createRemoteImageConsent, followingRemoteImageConsent } from './remote-image-consent.ts';
import { createFakeService } from '../serve/test-fake-service.ts';

type Row = readonly [name: string, current: string | null, channel: string, args: unknown, result: Result<unknown>, after: string | null];

const rows: readonly Row[] = [
  ['opening a message the user allowed', null, 'getRemoteContentPolicy', { messageId: 'm1' }, ok({ allowed: true, sender: null, domain: null }), 'm1'],
  ['opening a message not allowed withdraws the last consent', 'm1', 'getRemoteContentPolicy', { messageId: 'm2' }, ok({ allowed: false, sender: null, domain: null }), null],
  ['pressing Load remote content', null, 'allowRemoteContent', { messageId: 'm2', scope: 'message' }, ok(null), 'm2'],
  ['a refused allowRemoteContent changes nothing', null, 'allowRemoteContent', { messageId: 'm2', scope: 'message' }, fail('not-found', 'gone'), null],
  ['a failed policy question changes nothing', 'm1', 'getRemoteContentPolicy', { messageId: 'm2' }, fail('internal', 'x'), 'm1'],
  ['other channels change nothing', 'm1', 'listAccounts', {}, ok([]), 'm1'],
  ['a malformed answer counts as not allowed', 'm1', 'getRemoteContentPolicy', { messageId: 'm3' }, ok({ allowed: 'yes' }), null],
  ['arguments without a message id change nothing', 'm1', 'allowRemoteContent', null, ok(null), 'm1'],
];

describe('consentAfter', () => {
  for (const [name, current, channel, args, result, after] of rows) {
    it(name, () => {
      assert.equal(consentAfter(current, channel, args, result), after);
    });
  }

  it('follows the answers the service gives the window', async () => {
    const consent = createRemoteImageConsent();
    const fake = createFakeService();
    const service = followingRemoteImageConsent(fake.service, consent);
    await service.dispatch('listAccounts', {});
    assert.equal(consent.allowed(), false);
    assert.equal(consent.follow('allowRemoteContent', { messageId: 'm9', scope: 'message' }, ok(null)), 'm9');
    assert.equal(consent.allowed(), true);
  });
});
