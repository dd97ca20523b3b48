// Whether and how to announce mail sync has just brought, given the user's settings and
// what the window shows. Pure, like the policy it builds on (new-mail-notifications.ts);
// the service calls it and emits what it returns. Only the Inbox announces: that is where
// mail "for you" arrives, and mail filed into lists or by server rules would keep a
// notification up all day.
import type { NewMailNotification, NotificationSettings } from '../../shared/settings/settings.ts';
import { planNewMailNotifications, type NewMail } from './new-mail-notifications.ts';

// Up to this many messages arriving together are announced one by one; more become one
// "N new messages" summary.
export const MAX_INDIVIDUAL_NOTIFICATIONS = 3;

export type NewMailSituation = {
  readonly settings: NotificationSettings;
  // The folder shown in a window that has the focus (its new mail is seen already); null
  // when no Letterbox window has the focus.
  readonly focusedFolderId: string | null;
  // The name a private notification gives each account ("New message for Work").
  readonly accountLabel: (accountId: string) => string;
};

// Text from mail becomes one line of plain text: no control characters, and no bidi
// overrides that could make a subject read as something else (Unicode TR 36, 2.2).
export function plainText(text: string): string {
  return text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\p{Bidi_Control}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function decideNewMailNotifications(newMail: readonly NewMail[], situation: NewMailSituation): readonly NewMailNotification[] {
  const { settings } = situation;
  if (!settings.enabled) return [];
  const byFolder = new Map<string, NewMail[]>();
  for (const mail of newMail) {
    if (mail.folderRole !== 'inbox') continue;
    if (mail.folderId === situation.focusedFolderId) continue;
    const group = byFolder.get(mail.folderId) ?? [];
    group.push(mail);
    byFolder.set(mail.folderId, group);
  }
  const notifications: NewMailNotification[] = [];
  for (const [folderId, mail] of byFolder) {
    const accountId = mail[0]?.accountId ?? '';
    const planned = planNewMailNotifications(mail, {
      mutedAccountIds: settings.mutedAccountIds,
      mutedFolderIds: [],
      maxIndividual: MAX_INDIVIDUAL_NOTIFICATIONS,
    });
    for (const plan of planned) {
      const count = plan.kind === 'message' ? 1 : plan.count;
      const messageId = plan.kind === 'message' ? plan.messageId : (plan.messageIds[0] ?? '');
      const text =
        settings.content === 'private'
          ? { title: count === 1 ? 'New message' : `${count} new messages`, body: `For ${plainText(situation.accountLabel(accountId))}` }
          : { title: plainText(plan.title), body: plainText(plan.body) };
      notifications.push({ ...text, accountId, folderId, messageId, count });
    }
  }
  return notifications;
}
