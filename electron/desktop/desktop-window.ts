// Wires the pure desktop modules to one Electron window: where it opens, remembering
// where it was, its background in the system theme, and the unread count in its title
// and on the app's badge. main.ts composes; the decisions live in the modules imported.
import type { App, BrowserWindow, NativeTheme, Screen } from 'electron';
import type { AppWindowLook } from '../security/window-options.ts';
import type { Service } from '../service/service-types.ts';
import { windowBackgroundColour } from './theme.ts';
import { createUnreadCounter, listAllFolders, unreadInboxCount, windowTitle } from './unread-count.ts';
import { placeWindow, type WindowDefaults, type WindowState } from './window-placement.ts';
import { readWindowState, writeWindowState } from './window-state-file.ts';

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Where the window opens (the remembered or default place) and the theme's background.
export function placedWindowLook(
  defaults: WindowDefaults,
  stateFile: string,
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>,
  theme: Pick<NativeTheme, 'shouldUseDarkColors'>,
): { readonly look: AppWindowLook; readonly placement: WindowState } {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const placement = placeWindow(readWindowState(stateFile), workAreas, screen.getPrimaryDisplay().workArea, defaults);
  return { look: { bounds: placement.bounds, backgroundColor: windowBackgroundColour(theme.shouldUseDarkColors) }, placement };
}

export function restoreWindowState(window: BrowserWindow, placement: WindowState): void {
  if (placement.maximized) window.maximize();
  if (placement.fullScreen) window.setFullScreen(true);
}

export function rememberWindowState(window: BrowserWindow, stateFile: string): void {
  window.on('close', () => {
    try {
      writeWindowState(stateFile, { bounds: window.getNormalBounds(), maximized: window.isMaximized(), fullScreen: window.isFullScreen() });
    } catch (error) {
      console.error(`Letterbox could not remember where its window was: ${message(error)}`);
    }
  });
}

export function followSystemTheme(theme: NativeTheme, currentWindow: () => BrowserWindow | null): void {
  theme.themeSource = 'system';
  theme.on('updated', () => {
    currentWindow()?.setBackgroundColor(windowBackgroundColour(theme.shouldUseDarkColors));
  });
}

// Returns a function that stops following the service's changes.
export function showUnreadCount(window: BrowserWindow, app: Pick<App, 'setBadgeCount'>, service: Service): () => void {
  // The page's <title> would otherwise replace the count.
  window.on('page-title-updated', (event) => {
    event.preventDefault();
  });
  const refresh = createUnreadCounter(
    async () => unreadInboxCount(await listAllFolders(service.dispatch)),
    (unread) => {
      if (!window.isDestroyed()) window.setTitle(windowTitle(unread));
      app.setBadgeCount(unread);
    },
    (error) => {
      console.error(`Letterbox could not count unread mail: ${message(error)}`);
    },
  );
  const stop = service.subscribe((event) => {
    if (event === 'accountsChanged' || event === 'foldersChanged' || event === 'messagesChanged') refresh();
  });
  refresh();
  return stop;
}
