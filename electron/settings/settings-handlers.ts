import { LetterboxError } from '../../shared/errors.ts';
import type { AppSettings } from '../../shared/settings/settings.ts';
import type { NewMailNotifier } from '../notifications/new-mail-notifier.ts';
import type { EmitEvent, Handlers } from '../service/service-types.ts';
import type { Store } from '../store/store.ts';

type SettingsHandlerNames = 'getSettings' | 'updateSettings' | 'setAccountNotifications' | 'setWindowFocus';

// The Settings dialog's app-wide channels. Each change is announced whole, so every window
// and Electron's main (the theme of native parts) follow it.
export function createSettingsHandlers(store: Store, emit: EmitEvent, notifier: NewMailNotifier): Pick<Handlers, SettingsHandlerNames> {
  async function changed(): Promise<AppSettings> {
    const settings = await store.settings.get();
    emit('settingsChanged', settings);
    return settings;
  }
  return {
    getSettings() {
      return store.settings.get();
    },
    async updateSettings({ theme, notifications, conversationView, paneWidths }) {
      if (theme !== undefined) await store.settings.setTheme(theme);
      if (paneWidths !== undefined) await store.settings.setPaneWidths(paneWidths);
      if (conversationView !== undefined) await store.settings.setConversationView(conversationView);
      if (notifications !== undefined) {
        const current = (await store.settings.get()).notifications;
        await store.settings.setNotifications({
          enabled: notifications.enabled ?? current.enabled,
          content: notifications.content ?? current.content,
          mutedAccountIds: current.mutedAccountIds,
        });
      }
      return changed();
    },
    async setAccountNotifications({ accountId, enabled }) {
      if (!(await store.accounts.get(accountId))) throw new LetterboxError('not-found', 'That account no longer exists.');
      const current = (await store.settings.get()).notifications;
      const accounts = new Set((await store.accounts.list()).map((account) => account.id));
      // Ids of removed accounts are dropped on the way.
      const muted = current.mutedAccountIds.filter((id) => id !== accountId && accounts.has(id));
      await store.settings.setNotifications({ ...current, mutedAccountIds: enabled ? muted : [...muted, accountId] });
      return changed();
    },
    setWindowFocus({ focused }) {
      notifier.setWindowFocused(focused);
      return Promise.resolve(null);
    },
  };
}
