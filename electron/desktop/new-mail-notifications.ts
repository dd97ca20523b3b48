// Which new messages deserve a desktop notification. Pure: the caller shows what this
// returns. A message is announced when it is new to this device, still unread, not in
// a muted account or folder, and not somewhere mail is not "for you" (junk, trash, your
// own sent mail and drafts). More than a handful at once (the first sync of a folder, a
// laptop waking up) collapses into one summary instead of a flood.
import type { Address, FolderRole } from '../../shared/domain.ts';

export type NewMail = {
  readonly messageId: string;
  readonly accountId: string;
  readonly folderId: string;
  readonly folderRole: FolderRole | null;
  readonly from: Address | null;
  readonly subject: string;
  readonly date: number;
  readonly seen: boolean;
};

export type NotificationPolicy = {
  readonly mutedAccountIds: readonly string[];
  readonly mutedFolderIds: readonly string[];
  // At most this many notifications at once; above it, one summary.
  readonly maxIndividual: number;
};

export type PlannedNotification =
  | { readonly kind: 'message'; readonly messageId: string; readonly folderId: string; readonly title: string; readonly body: string }
  | { readonly kind: 'summary'; readonly count: number; readonly messageIds: readonly string[]; readonly title: string; readonly body: string };

const quietRoles: readonly FolderRole[] = ['junk', 'trash', 'sent', 'drafts'];
const maxTextLength = 200;

function clip(text: string): string {
  // Notification servers render some markup; keep the text to one plain line.
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > maxTextLength ? `${line.slice(0, maxTextLength - 1)}…` : line;
}

function sender(from: Address | null): string {
  if (from === null) return 'Unknown sender';
  return clip(from.name.trim() !== '' ? from.name : from.address) || 'Unknown sender';
}

function names(list: readonly string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1] ?? ''}`;
}

export function planNewMailNotifications(newMail: readonly NewMail[], policy: NotificationPolicy): readonly PlannedNotification[] {
  const seenIds = new Set<string>();
  const eligible = newMail
    .filter((mail) => {
      if (seenIds.has(mail.messageId)) return false;
      seenIds.add(mail.messageId);
      return (
        !mail.seen &&
        !policy.mutedAccountIds.includes(mail.accountId) &&
        !policy.mutedFolderIds.includes(mail.folderId) &&
        (mail.folderRole === null || !quietRoles.includes(mail.folderRole))
      );
    })
    .sort((a, b) => b.date - a.date);
  if (eligible.length === 0) return [];
  if (eligible.length <= Math.max(0, policy.maxIndividual)) {
    return eligible.map((mail) => ({
      kind: 'message',
      messageId: mail.messageId,
      folderId: mail.folderId,
      title: sender(mail.from),
      body: clip(mail.subject) || '(no subject)',
    }));
  }
  const senders = [...new Set(eligible.map((mail) => sender(mail.from)))];
  const shown = senders.slice(0, 3);
  const others = senders.length - shown.length;
  return [
    {
      kind: 'summary',
      count: eligible.length,
      messageIds: eligible.map((mail) => mail.messageId),
      title: `${eligible.length} new messages`,
      body: `From ${others > 0 ? `${shown.join(', ')} and ${others} other${others === 1 ? '' : 's'}` : names(shown)}`,
    },
  ];
}
