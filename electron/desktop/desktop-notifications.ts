// Electron's side of new-mail notifications and the theme setting: main.ts composes these;
// what to announce was decided in the service (electron/desktop/new-mail-decision.ts).
import type { BrowserWindow, NativeTheme, Notification, NotificationConstructorOptions } from 'electron';
import type { AppSettings, NewMailNotification } from '../../shared/settings/settings.ts';
import { eventChannel } from '../ipc-channel-names.ts';
import type { Service } from '../service/service-types.ts';
import { themeSourceFor } from './theme.ts';

// The freedesktop notification spec lets a server render markup in the body (libnotify on
// Linux passes it through), so there the text is escaped and shows as written; elsewhere
// the body is plain text already. Signal and Element do the same.
export function notificationBody(platform: NodeJS.Platform, text: string): string {
  if (platform !== 'linux') return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export type NotificationFactory = {
  isSupported(): boolean;
  create(options: NotificationConstructorOptions): Notification;
};

// Shows each newMailNotification natively; a click brings the window forward and opens the
// message there. Returns a function that stops.
export function showNewMailNotifications(
  service: Service,
  factory: NotificationFactory,
  currentWindow: () => BrowserWindow | null,
  platform: NodeJS.Platform,
): () => void {
  // Electron drops a notification's click handler when the object is collected.
  const shown = new Set<Notification>();
  function show(payload: NewMailNotification): void {
    if (!factory.isSupported()) return;
    const notification = factory.create({ title: payload.title, body: notificationBody(platform, payload.body) });
    shown.add(notification);
    notification.on('close', () => {
      shown.delete(notification);
    });
    notification.on('click', () => {
      shown.delete(notification);
      const window = currentWindow();
      if (window === null || window.isDestroyed()) return;
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
      window.webContents.send(eventChannel, 'openMessageRequested', { folderId: payload.folderId, messageId: payload.messageId });
    });
    notification.show();
  }
  return service.subscribe((event, payload) => {
    if (event === 'newMailNotification') show(payload as NewMailNotification);
  });
}

// Settings → Appearance: nativeTheme follows the stored choice, now and on every change.
export function followThemeSetting(service: Service, theme: Pick<NativeTheme, 'themeSource'>, logError: (error: unknown) => void): () => void {
  function apply(settings: AppSettings): void {
    theme.themeSource = themeSourceFor(settings.theme);
  }
  service
    .dispatch('getSettings', {})
    .then((result) => {
      if (result.ok) apply(result.value as AppSettings);
    })
    .catch(logError);
  return service.subscribe((event, payload) => {
    if (event === 'settingsChanged') apply(payload as AppSettings);
  });
}
