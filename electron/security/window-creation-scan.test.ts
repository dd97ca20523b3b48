// Reads the source tree: every window is created by createAppWindow (window-options.ts),
// and nothing anywhere else creates a window, a view or a webview, or lets a page open one.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';

type SourceFile = { readonly path: string; readonly text: string };

type Rule = {
  readonly name: string;
  readonly pattern: RegExp;
  // The only files (relative, with /) where the pattern may appear.
  readonly allowedIn: readonly string[];
};

const rules: readonly Rule[] = [
  { name: 'creates a BrowserWindow or BaseWindow', pattern: /\bnew\s+(?:BrowserWindow|BaseWindow)\b|Reflect\.construct\(\s*(?:BrowserWindow|BaseWindow)\b/, allowedIn: ['electron/security/window-options.ts'] },
  { name: 'imports BrowserWindow as a value', pattern: /^import\s+\{[^}]*\bBrowserWindow\b[^}]*\}\s+from\s+['"]electron['"]/m, allowedIn: ['electron/main.ts'] },
  { name: 'uses a BrowserView or WebContentsView', pattern: /\b(?:BrowserView|WebContentsView)\b/, allowedIn: [] },
  { name: 'creates or enables a webview', pattern: /<webview\b|['"]webview['"]|webviewTag\s*:\s*true|allowpopups/i, allowedIn: [] },
  { name: 'lets a page open windows', pattern: /action\s*:\s*['"]allow['"]|nativeWindowOpen|sandbox\s*=\s*["'{][^"'}]*allow-popups/, allowedIn: [] },
  { name: 'sets a window open handler', pattern: /\bsetWindowOpenHandler\s*\(/, allowedIn: ['electron/electron-web-contents.ts'] },
  // Browser mode only: Electron denies every window.open (electron-web-contents.ts).
  { name: 'calls window.open', pattern: /\bwindow\.open\s*\(/, allowedIn: ['renderer/features/reader/open-link.ts'] },
  { name: 'turns off a security preference', pattern: /\b(?:sandbox|contextIsolation|webSecurity)\s*:\s*false\b|\bnodeIntegration(?:InSubFrames|InWorker)?\s*:\s*true\b/, allowedIn: [] },
];

function findViolations(files: readonly SourceFile[]): readonly string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const rule of rules) {
      if (rule.allowedIn.includes(file.path)) continue;
      const match = rule.pattern.exec(file.text);
      if (match === null) continue;
      const line = file.text.slice(0, match.index).split('\n').length;
      found.push(`${file.path}:${line} ${rule.name}: ${match[0].slice(0, 80)}`);
    }
  }
  return found;
}

const root = join(import.meta.dirname, '..', '..');
// The code that ships: main, preload, service, renderer and what they share.
const shippedDirectories = ['electron', 'renderer', 'shared'];

function sourceFiles(directory: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') files.push(...sourceFiles(full));
    } else if (/\.(?:ts|tsx|js|mjs|cjs|html)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
      files.push({ path: relative(root, full).split(sep).join('/'), text: readFileSync(full, 'utf8') });
    }
  }
  return files;
}

describe('window creation scan', () => {
  it('finds windows created, views used and window.open enabled only in their one allowed place', () => {
    const files = shippedDirectories.flatMap((directory) => sourceFiles(join(root, directory)));
    assert.ok(files.some((file) => file.path === 'electron/main.ts'), 'the scan reads the real tree');
    assert.ok(files.length > 100, `read ${files.length} files`);
    assert.deepEqual(findViolations(files), []);
    const creators = files.filter((file) => /\bnew\s+BrowserWindow\b/.test(file.text)).map((file) => file.path);
    assert.deepEqual(creators, ['electron/security/window-options.ts'], 'exactly one place creates windows');
    console.log(`window scan: ${files.length} files, ${rules.length} rules, no window created outside createAppWindow`);
  });

  const planted: readonly (readonly [string, string, string])[] = [
    ['electron/main.ts', 'const w = new BrowserWindow({});', 'creates a BrowserWindow'],
    ['electron/desktop/about.ts', "import { BrowserWindow } from 'electron';\nnew BrowserWindow({ show: true })", 'creates a BrowserWindow'],
    ['electron/desktop/about.ts', "import { app, BrowserWindow } from 'electron';", 'imports BrowserWindow as a value'],
    ['electron/desktop/about.ts', 'const w = new BaseWindow();', 'creates a BrowserWindow or BaseWindow'],
    ['electron/desktop/preview.ts', 'const view = new WebContentsView();', 'WebContentsView'],
    ['electron/desktop/preview.ts', 'win.setBrowserView(new BrowserView())', 'BrowserView'],
    ['renderer/features/reader/x.tsx', '<webview src="https://example.org" />', 'webview'],
    ['renderer/features/reader/x.tsx', "document.createElement('webview')", 'webview'],
    ['electron/desktop/x.ts', "contents.setWindowOpenHandler(() => ({ action: 'allow' }))", 'lets a page open windows'],
    ['renderer/features/reader/x.tsx', '<iframe sandbox="allow-same-origin allow-popups" />', 'lets a page open windows'],
    ['renderer/features/reader/x.tsx', "window.open(url, '_blank')", 'window.open'],
    ['electron/desktop/x.ts', 'webPreferences: { sandbox: false }', 'turns off a security preference'],
    ['electron/desktop/x.ts', 'webPreferences: { nodeIntegrationInSubFrames: true }', 'turns off a security preference'],
  ];
  for (const [path, text, expected] of planted) {
    it(`catches ${JSON.stringify(text)} planted in ${path}`, () => {
      const violations = findViolations([{ path, text }]);
      assert.equal(violations.length > 0, true);
      assert.match(violations.join('\n'), new RegExp(expected));
    });
  }
});
