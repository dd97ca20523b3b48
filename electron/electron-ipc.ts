// Binds the service to Electron IPC: one invoke channel in, one event channel out. The
// sender frame is checked before the request is even parsed (the service parses it).
import type { IpcMain, WebContents } from 'electron';
import { fail } from '../shared/errors.ts';
import { eventChannel, invokeChannel } from './ipc-channel-names.ts';
import { isTrustedIpcSender } from './security/ipc-sender-policy.ts';
import type { Service } from './service/service-types.ts';

export function bindServiceToIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, service: Service, appPageUrl: string): () => void {
  ipcMain.handle(invokeChannel, (event, channel: unknown, args: unknown) => {
    const frame = event.senderFrame;
    const sender = frame === null ? null : { url: frame.url, isMainFrame: frame.parent === null };
    if (!isTrustedIpcSender(sender, appPageUrl)) {
      return Promise.resolve(fail('internal', 'Only the Letterbox window may make this request.'));
    }
    return service.dispatch(channel, args);
  });
  return function unbind() {
    ipcMain.removeHandler(invokeChannel);
  };
}

export function forwardServiceEvents(service: Service, contents: Pick<WebContents, 'isDestroyed' | 'send'>): () => void {
  return service.subscribe((event, payload) => {
    if (!contents.isDestroyed()) contents.send(eventChannel, event, payload);
  });
}
