// Runs sandboxed before the page: exposes window.letterbox and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';

contextBridge.exposeInMainWorld('letterbox', createPreloadApi(ipcRenderer));
