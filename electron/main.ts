// The Electron shell: composes the window, its security policy and the service. Logic
// lives in the modules it imports.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, Notification, safeStorage, screen, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { emptyMailtoRequest, type MailtoRequest } from '../shared/mailto-request.ts';
import { createAppMenuTemplate } from './desktop/app-menu.ts';
import { chooseExportDestination } from './desktop/export-save-dialog.ts';
import { followThemeSetting, showNewMailNotifications } from './desktop/desktop-notifications.ts';
import { followSystemTheme, placedWindowLook, rememberWindowState, restoreWindowState, showUnreadCount } from './desktop/desktop-window.ts';
import { findMailtoArgument, parseMailtoUrl } from './desktop/mailto-url.ts';
import { createPendingDelivery } from './desktop/pending-delivery.ts';
import { windowStatePath } from './desktop/window-state-file.ts';
import { bindServiceToIpc, forwardServiceEvents } from './electron-ipc.ts';
import { applySessionPolicy } from './electron-session.ts';
import { hardenWebContents } from './electron-web-contents.ts';
import { eventChannel } from './ipc-channel-names.ts';
import { createSafeStorageSecretStore } from './secrets/safe-storage-secret-store.ts';
import { createContentSecurityPolicy } from './security/content-security-policy.ts';
import { createRemoteImageConsent, followingRemoteImageConsent } from './security/remote-image-consent.ts';
import { appWindowSize, createAppWindow } from './security/window-options.ts';
import { createService } from './service/create-service.ts';
import type { Service } from './service/service-types.ts';

const appDir = app.getAppPath();
const pagePath = path.join(appDir, 'dist', 'renderer', 'index.html');
const appPageUrl = pathToFileURL(pagePath).href;
const preloadPath = path.join(appDir, 'dist', 'electron', 'preload.cjs');

function openExternal(url: string): Promise<boolean> {
  return shell.openExternal(url).then(() => true);
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

  // mailto: links (RFC 6068) reach the window as composeRequested, once its page listens.
  const composeRequests = createPendingDelivery<MailtoRequest>(10);
  function openMailto(url: string | null): void {
    const request = url === null ? null : parseMailtoUrl(url);
    if (request === null) return;
    composeRequests.push(request);
    if (window?.isMinimized()) window.restore();
    window?.focus();
  }
  // macOS hands links over through open-url (possibly before ready); Windows and Linux
  // start a second instance with the link on its command line.
  app.on('open-url', (event, url) => {
    event.preventDefault();
    openMailto(url);
  });
  app.on('second-instance', (_event, argv) => {
    openMailto(findMailtoArgument(argv));
  });

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, appPageUrl);
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
      const remoteImages = createRemoteImageConsent();
      applySessionPolicy(session.defaultSession, { contentSecurityPolicy: createContentSecurityPolicy(), appPageUrl, remoteImagesAllowed: () => remoteImages.allowed() });
      const dataDir = app.getPath('userData');
      const running = createService({
        dataDir,
        secretStore: createSafeStorageSecretStore(dataDir, safeStorage),
        openExternal,
        exportTarget: {
          kind: 'save-dialog',
          chooseDestination: (name) =>
            chooseExportDestination((request) => (window === null ? dialog.showSaveDialog(request) : dialog.showSaveDialog(window, request)), app.getPath('downloads'), name),
        },
      });
      service = running;
      bindServiceToIpc(ipcMain, followingRemoteImageConsent(running, remoteImages), appPageUrl);
      followSystemTheme(nativeTheme, () => window);
      followThemeSetting(running, nativeTheme, (error) => { console.error('Letterbox could not read its theme setting:', error); });
      showNewMailNotifications(running, { isSupported: () => Notification.isSupported(), create: (options) => new Notification(options) }, () => window, process.platform);
      // Only an installed Letterbox takes over mailto: links; a development run must not.
      if (app.isPackaged) app.setAsDefaultProtocolClient('mailto');
      const newMessage = (): void => {
        composeRequests.push(emptyMailtoRequest);
      };
      Menu.setApplicationMenu(Menu.buildFromTemplate(createAppMenuTemplate({ platform: process.platform, appName: app.name, developerTools: !app.isPackaged, onNewMessage: newMessage })));
      const stateFile = windowStatePath(dataDir);
      const placed = placedWindowLook(appWindowSize, stateFile, screen, nativeTheme);
      const created = createAppWindow(BrowserWindow, preloadPath, placed.look);
      window = created;
      rememberWindowState(created, stateFile);
      const stopForwarding = forwardServiceEvents(running, created.webContents);
      const stopCounting = showUnreadCount(created, app, running);
      created.webContents.on('did-start-loading', () => {
        composeRequests.notReady();
      });
      created.webContents.on('did-finish-load', () => {
        composeRequests.ready((request) => {
          if (!created.webContents.isDestroyed()) created.webContents.send(eventChannel, 'composeRequested', request);
        });
      });
      created.once('ready-to-show', () => {
        restoreWindowState(created, placed.placement);
      });
      created.once('ready-to-show', () => {
        created.show();
      });
      created.on('closed', () => {
        stopForwarding();
        stopCounting();
        composeRequests.notReady();
        window = null;
      });
      openMailto(findMailtoArgument(process.argv));
      await created.loadFile(pagePath);
    })
    .catch((error: unknown) => {
      console.error('Letterbox could not start:', error);
      app.exit(1);
    });
}
