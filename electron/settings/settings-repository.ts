import type { DatabaseSync } from 'node:sqlite';
import {
  DEFAULT_SETTINGS,
  storedNotificationSettingsSchema,
  themeSchema,
  type AppSettings,
  type NotificationSettings,
  type Theme,
} from '../../shared/settings/settings.ts';
import { paneWidthsSchema, type PaneWidths } from '../../shared/settings/pane-widths.ts';
import { asPromise } from '../store/as-promise.ts';

// App-wide settings live in sync_settings (migration 003: "app-wide switches … as text
// values by key"), so they need no table of their own. The per-account notification switch
// is a list of muted account ids in the same value: account ids are AUTOINCREMENT, never
// reused, so the id of a removed account can only be a leftover, never someone else's.
export type SettingsRepository = {
  get(): Promise<AppSettings>;
  setTheme(theme: Theme): Promise<void>;
  setNotifications(settings: NotificationSettings): Promise<void>;
  setConversationView(on: boolean): Promise<void>;
  setPaneWidths(widths: PaneWidths): Promise<void>;
};

const THEME_KEY = 'theme';
const NOTIFICATIONS_KEY = 'notifications';
const CONVERSATION_VIEW_KEY = 'conversation-view';
const PANE_WIDTHS_KEY = 'pane-widths';

export function createSettingsRepository(database: DatabaseSync): SettingsRepository {
  const select = database.prepare('SELECT value FROM sync_settings WHERE key = ?');
  const upsert = database.prepare(
    'INSERT INTO sync_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  function read(key: string): string | null {
    const value = select.get(key)?.value;
    return typeof value === 'string' ? value : null;
  }

  function readNotifications(): NotificationSettings {
    const text = read(NOTIFICATIONS_KEY);
    if (text === null) return DEFAULT_SETTINGS.notifications;
    try {
      const parsed = storedNotificationSettingsSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : DEFAULT_SETTINGS.notifications;
    } catch {
      return DEFAULT_SETTINGS.notifications;
    }
  }

  function readPaneWidths(): PaneWidths {
    const text = read(PANE_WIDTHS_KEY);
    if (text === null) return DEFAULT_SETTINGS.paneWidths;
    try {
      const parsed = paneWidthsSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : DEFAULT_SETTINGS.paneWidths;
    } catch {
      return DEFAULT_SETTINGS.paneWidths;
    }
  }

  return {
    get() {
      return asPromise(() => {
        const theme = themeSchema.safeParse(read(THEME_KEY));
        const conversationView = read(CONVERSATION_VIEW_KEY);
        return {
          theme: theme.success ? theme.data : DEFAULT_SETTINGS.theme,
          notifications: readNotifications(),
          conversationView: conversationView === null ? DEFAULT_SETTINGS.conversationView : conversationView === 'on',
          paneWidths: readPaneWidths(),
        };
      });
    },
    setTheme(theme) {
      return asPromise(() => {
        upsert.run(THEME_KEY, theme);
      });
    },
    setNotifications(settings) {
      return asPromise(() => {
        upsert.run(NOTIFICATIONS_KEY, JSON.stringify(storedNotificationSettingsSchema.parse(settings)));
      });
    },
    setPaneWidths(widths) {
      return asPromise(() => {
        upsert.run(PANE_WIDTHS_KEY, JSON.stringify(paneWidthsSchema.parse(widths)));
      });
    },
    setConversationView(on) {
      return asPromise(() => {
        upsert.run(CONVERSATION_VIEW_KEY, on ? 'on' : 'off');
      });
    },
  };
}
