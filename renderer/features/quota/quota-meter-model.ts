// What the sidebar's storage meter shows for an account's quota (shared/quota/).
import type { AccountQuota } from '../../../shared/quota/quota-types.ts';
import { formatSize } from '../../ui/format-size.ts';

export type QuotaMeterView = {
  // "412 MB of 1 GB", or "4,500 of 5,000 messages" where only the count is limited.
  readonly text: string;
  // Used share of the limit, 0 to 100.
  readonly percent: number;
  // At or above the share main warns at (nearLimitShare): mail may soon bounce.
  readonly warning: boolean;
};

const count = new Intl.NumberFormat('en');

// null: nothing to show (no QUOTA on the server, or no limit).
export function quotaMeterView(quota: AccountQuota): QuotaMeterView | null {
  if (!quota.supported) return null;
  const storage = quota.storage !== null && quota.storage.limit > 0 ? quota.storage : null;
  const messages = quota.messages !== null && quota.messages.limit > 0 ? quota.messages : null;
  const shown = storage ?? messages;
  if (shown === null) return null;
  const text =
    storage !== null
      ? `${formatSize(storage.used)} of ${formatSize(storage.limit)}`
      : `${count.format(shown.used)} of ${count.format(shown.limit)} messages`;
  // The fuller of the two resources decides the bar, as it decides when mail bounces.
  const share = Math.max(...[storage, messages].map((resource) => (resource === null ? 0 : resource.used / resource.limit)));
  return { text, percent: Math.min(100, Math.max(0, Math.round(share * 100))), warning: quota.nearLimit };
}
