import { useEffect } from 'react';
import type { NewMailNotification } from '../../../shared/settings/settings.ts';
import { useApi } from '../../api/api-context.tsx';
import { inDesktopShell } from '../../ui/desktop-shell.ts';
import { requestOpenMessage } from '../../ui/open-message-requests.ts';
import { useApiEvent } from '../../ui/use-api-event.ts';

// Notifications live this long unless the user acts on them; the system may close sooner.
const NOTIFICATION_LIFETIME_MS = 30_000;

// Browser mode: new mail main decided to announce is shown as a web Notification (plain text
// by the API's definition), when the user has allowed them. A click opens the message.
function showWebNotification(payload: NewMailNotification): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const notification = new Notification(payload.title, { body: payload.body, tag: `letterbox-${payload.folderId}` });
  notification.onclick = () => {
    window.focus();
    requestOpenMessage({ folderId: payload.folderId, messageId: payload.messageId });
    notification.close();
  };
  setTimeout(() => { notification.close(); }, NOTIFICATION_LIFETIME_MS);
}

// Tells main whether this window has the focus (new mail in the folder it shows is then
// seen, not announced), shows notifications in browser mode, and opens the message a
// clicked notification names (Electron's main sends openMessageRequested).
export function useNewMailNotifications(): void {
  const api = useApi();
  useEffect(() => {
    function report(): void {
      const focused = document.visibilityState === 'visible' && document.hasFocus();
      void api.invoke('setWindowFocus', { focused });
    }
    report();
    window.addEventListener('focus', report);
    window.addEventListener('blur', report);
    document.addEventListener('visibilitychange', report);
    return () => {
      window.removeEventListener('focus', report);
      window.removeEventListener('blur', report);
      document.removeEventListener('visibilitychange', report);
    };
  }, [api]);
  useApiEvent('newMailNotification', (payload) => {
    if (!inDesktopShell()) showWebNotification(payload);
  });
  useApiEvent('openMessageRequested', (request) => {
    requestOpenMessage(request);
  });
}
