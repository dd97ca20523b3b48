// The one place the main window's web preferences are decided. Every flag here is
// spelled out, even where it matches Electron's default, so a future default change
// or a stray edit is caught by the test rather than shipped.
import type { BrowserWindowConstructorOptions } from 'electron';
import path from 'node:path';

export function createWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  // Electron resolves a relative preload against nothing stable; it must be absolute.
  if (preloadPath.length === 0 || !path.isAbsolute(preloadPath) || /[\0\r\n]/.test(preloadPath)) {
    throw new Error('The preload script must be given as an absolute path.');
  }
  return {
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    title: 'Letterbox',
    // Shown on ready-to-show, so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
    },
  };
}
