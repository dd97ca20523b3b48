import type { DatabaseSync } from 'node:sqlite';
import { asPromise } from '../store/as-promise.ts';

// Undo send is on by default, for a few seconds, as in most mail clients.
export const DEFAULT_SEND_DELAY_SECONDS = 5;
const SEND_DELAY_KEY = 'send_delay_seconds';

// App-wide sending preferences, kept with the other switches in sync_settings (migration 3).
export type SendSettingsRepository = {
  sendDelaySeconds(): Promise<number>;
  setSendDelaySeconds(seconds: number): Promise<void>;
};

export function createSendSettingsRepository(database: DatabaseSync): SendSettingsRepository {
  const select = database.prepare('SELECT value FROM sync_settings WHERE key = ?');
  const upsert = database.prepare(
    'INSERT INTO sync_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    sendDelaySeconds: () =>
      asPromise(() => {
        const value = Number(select.get(SEND_DELAY_KEY)?.value);
        return Number.isInteger(value) && value >= 0 ? value : DEFAULT_SEND_DELAY_SECONDS;
      }),
    setSendDelaySeconds: (seconds) =>
      asPromise(() => {
        upsert.run(SEND_DELAY_KEY, String(seconds));
      }),
  };
}
