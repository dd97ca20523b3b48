import type { ImapFlow } from 'imapflow';
import { isNearLimit, type AccountQuota, type QuotaResource } from '../../shared/quota/quota-types.ts';

// RFC 9208 GETQUOTAROOT on the Inbox: the root that limits the account's mail (Dovecot's
// "User quota"). imapflow reports STORAGE in bytes already.
export async function getQuota(client: ImapFlow, path = 'INBOX'): Promise<AccountQuota> {
  const answer = await client.getQuota(path);
  if (answer === false) return { supported: false, storage: null, messages: null, nearLimit: false };
  const storage = resource(answer.storage);
  const messages = resource(answer.message);
  return { supported: true, storage, messages, nearLimit: isNearLimit([storage, messages]) };
}

function resource(value: { usage?: number; limit?: number } | undefined): QuotaResource | null {
  if (value?.limit === undefined) return null;
  return { used: value.usage ?? 0, limit: value.limit };
}

// A refused COPY or MOVE loses its response code in imapflow (it answers false), so a
// refusal is checked against the target's quota to tell the user the likely reason: the
// sentence for a mailbox at or near its limit, null otherwise.
export async function quotaRefusal(client: ImapFlow, host: string, path: string): Promise<string | null> {
  try {
    const quota = await getQuota(client, path);
    return quota.nearLimit ? overQuotaSentence(host, quota) : null;
  } catch {
    return null;
  }
}

export function overQuotaSentence(host: string, quota: AccountQuota | null): string {
  const storage = quota?.storage ?? null;
  const usage = storage === null ? '' : ` (${megabytes(storage.used)} of ${megabytes(storage.limit)} used)`;
  return `The mailbox on ${host} is full${usage}. Nothing was lost: the messages stay where they were. Delete some mail or empty the Trash there, then try again.`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;
}
