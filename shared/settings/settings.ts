// The app-wide settings the Settings dialog shows (shared/contract.ts: getSettings,
// updateSettings, setAccountNotifications), and the notification main plans for new mail.
import { z } from 'zod';
import { serverSettingsSchema } from '../schemas.ts';
import { DEFAULT_PANE_WIDTHS, paneWidthsSchema, type PaneWidths } from './pane-widths.ts';

export type Theme = 'system' | 'light' | 'dark';

// 'sender-and-subject' shows who wrote and what about; 'private' only that mail came, for
// screens other people can see (lock screens, shared desks).
export type NotificationContent = 'sender-and-subject' | 'private';

export type NotificationSettings = {
  readonly enabled: boolean;
  readonly content: NotificationContent;
  // Accounts the user turned notifications off for.
  readonly mutedAccountIds: readonly string[];
};

export type AppSettings = {
  readonly theme: Theme;
  readonly notifications: NotificationSettings;
  // The message list groups messages into conversations (shared/threads/).
  readonly conversationView: boolean;
  readonly paneWidths: PaneWidths;
};

export const DEFAULT_SETTINGS: AppSettings = {
  theme: 'system',
  notifications: { enabled: true, content: 'sender-and-subject', mutedAccountIds: [] },
  // On, as issue 4 asks ("a conversation view the user can turn off"); a stored choice wins.
  conversationView: true,
  paneWidths: DEFAULT_PANE_WIDTHS,
};

const id = z.string().min(1).max(200);

export const themeSchema = z.enum(['system', 'light', 'dark']);
export const notificationContentSchema = z.enum(['sender-and-subject', 'private']);

export const updateSettingsSchema = z
  .object({
    theme: themeSchema.optional(),
    notifications: z
      .object({ enabled: z.boolean().optional(), content: notificationContentSchema.optional() })
      .strict()
      .optional(),
    conversationView: z.boolean().optional(),
    paneWidths: paneWidthsSchema.optional(),
  })
  .strict();

export const accountNotificationsSchema = z.object({ accountId: id, enabled: z.boolean() }).strict();

// Only what is given changes. A new password, or new incoming server settings, are tried
// (connect and log in) before anything is stored.
export const updateAccountSchema = z
  .object({
    accountId: id,
    name: z.string().trim().min(1, 'Enter a name').max(200).optional(),
    incoming: serverSettingsSchema.optional(),
    outgoing: serverSettingsSchema.nullable().optional(),
    password: z.string().min(1, 'Enter the password').max(1000).optional(),
  })
  .strict();

// Whether the app's window has the keyboard focus: new mail in the folder it shows is then
// seen already, and not announced.
export const windowFocusSchema = z.object({ focused: z.boolean() }).strict();

// A new-mail notification, as plain text (never markup from the mail). `messageId` is the
// message a click opens: the newest of a summary.
export type NewMailNotification = {
  readonly title: string;
  readonly body: string;
  readonly accountId: string;
  readonly folderId: string;
  readonly messageId: string;
  readonly count: number;
};

export type OpenMessageRequest = { readonly folderId: string; readonly messageId: string };

export type UpdateSettingsArgs = z.infer<typeof updateSettingsSchema>;
export type UpdateAccountArgs = z.infer<typeof updateAccountSchema>;

// The stored form: anything unreadable falls back to the defaults rather than failing start.
export const storedNotificationSettingsSchema = z.object({
  enabled: z.boolean(),
  content: notificationContentSchema,
  mutedAccountIds: z.array(id).max(10_000),
});
