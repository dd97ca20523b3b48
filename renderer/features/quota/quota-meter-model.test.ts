import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isNearLimit, type AccountQuota, type QuotaResource } from '../../../shared/quota/quota-types.ts';
import { quotaMeterView } from './quota-meter-model.ts';

const megabyte = 1024 * 1024;

function quota(storage: QuotaResource | null, messages: QuotaResource | null = null): AccountQuota {
  return { supported: true, storage, messages, nearLimit: isNearLimit([storage, messages]) };
}

describe('quota meter', () => {
  it('shows storage as "used of limit" with the share used', () => {
    assert.deepEqual(quotaMeterView(quota({ used: 412 * megabyte, limit: 1024 * megabyte })), { text: '412 MB of 1 GB', percent: 40, warning: false });
  });

  it('warns from 90% of the limit on', () => {
    assert.equal(quotaMeterView(quota({ used: 89 * megabyte, limit: 100 * megabyte }))?.warning, false);
    assert.deepEqual(quotaMeterView(quota({ used: 90 * megabyte, limit: 100 * megabyte })), { text: '90 MB of 100 MB', percent: 90, warning: true });
  });

  it('lets the fuller resource fill the bar, and never past full', () => {
    const view = quotaMeterView(quota({ used: 10 * megabyte, limit: 100 * megabyte }, { used: 950, limit: 1000 }));
    assert.deepEqual(view, { text: '10 MB of 100 MB', percent: 95, warning: true });
    assert.equal(quotaMeterView(quota({ used: 120 * megabyte, limit: 100 * megabyte }))?.percent, 100);
  });

  it('counts messages where only their number is limited', () => {
    assert.deepEqual(quotaMeterView(quota(null, { used: 4500, limit: 5000 })), { text: '4,500 of 5,000 messages', percent: 90, warning: true });
  });

  it('shows nothing without a server quota or a limit', () => {
    assert.equal(quotaMeterView({ supported: false, storage: null, messages: null, nearLimit: false }), null);
    assert.equal(quotaMeterView(quota(null)), null);
    assert.equal(quotaMeterView(quota({ used: 5, limit: 0 })), null);
  });
});
