// Main never trusts a message because it arrived: only the app page's own top frame
// may call the service. A subframe (the message reader) or a page that somehow got
// navigated elsewhere is refused before its request is even parsed.
import { isAppUrl } from './navigation-policy.ts';

export type IpcSenderFrame = {
  readonly url: string;
  // In Electron: senderFrame.parent === null.
  readonly isMainFrame: boolean;
};

export function isTrustedIpcSender(frame: IpcSenderFrame | null | undefined, appPageUrl: string): boolean {
  // Electron gives a null senderFrame once the frame has navigated away or been destroyed.
  if (frame === null || frame === undefined) return false;
  return frame.isMainFrame && isAppUrl(frame.url, appPageUrl);
}
