// The Electron shell: composes the window, its security policy and the service. Logic
// lives in the modules it imports.
import { app, BrowserWindow, ipcMain, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bindServiceToIpc, forwardServiceEvents } from './electron-ipc.ts';
import { applySessionPolicy } from './electron-session.ts';
import { hardenWebContents } from './electron-web-contents.ts';
import { createSafeStorageSecretStore } from './secrets/safe-storage-secret-store.ts';
import { createContentSecurityPolicy } from './security/content-security-policy.ts';
import { createWindowOptions } from './security/window-options.ts';
import { createService } from './service/create-service.ts';
import type { Service } from './service/service-types.ts';

const appDir = app.getAppPath();
const pagePath = path.join(appDir, 'dist', 'renderer', 'index.html');
const appPageUrl = pathToFileURL(pagePath).href;
const preloadPath = path.join(appDir, 'dist', 'electron', 'preload.cjs');

function openExternal(url: string): Promise<boolean> {
  return shell.openExternal(url).then(() => true);
}

function openExternalInBackground(url: string): void {
  openExternal(url).catch((error: unknown) => {
    console.error('Could not open a link outside Letterbox:', error instanceof Error ? error.message : error);
  });
}

// Two instances would share one SQLite store and fight over it.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let service: Service | null = null;
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, appPageUrl, openExternalInBackground);
  });

  app.on('window-all-closed', () => {
    app.quit();
  });

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || service === null) return;
    event.preventDefault();
    const closing = service;
    service = null;
    closing
      .close()
      .catch((error: unknown) => {
        console.error('Letterbox did not close cleanly:', error);
      })
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      applySessionPolicy(session.defaultSession, createContentSecurityPolicy());
      const dataDir = app.getPath('userData');
      const running = createService({
        dataDir,
        secretStore: createSafeStorageSecretStore(dataDir, safeStorage),
        openExternal,
      });
      service = running;
      bindServiceToIpc(ipcMain, running, appPageUrl);
      const created = new BrowserWindow(createWindowOptions(preloadPath));
      window = created;
      const stopForwarding = forwardServiceEvents(running, created.webContents);
      created.once('ready-to-show', () => {
        created.show();
      });
      created.on('closed', () => {
        stopForwarding();
        window = null;
      });
      await created.loadFile(pagePath);
    })
    .catch((error: unknown) => {
      console.error('Letterbox could not start:', error);
      app.exit(1);
    });
}
