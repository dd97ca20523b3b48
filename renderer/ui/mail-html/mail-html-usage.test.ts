// "One pipeline, used everywhere": mail HTML reaches the screen, print, and quotes only
// through renderer/ui/mail-html. This reads the renderer's sources: DOMPurify, srcdoc and
// raw-HTML sinks may appear only in the pipeline, and each place that shows mail content
// must import the pipeline's function for it.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const rendererRoot = join(import.meta.dirname, '..', '..');
const pipelineDir = 'ui/mail-html/';

function sources(dir: string): readonly string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = sources(rendererRoot).map((path) => ({ path: relative(rendererRoot, path).replaceAll('\\', '/'), text: readFileSync(path, 'utf8') }));

describe('the mail HTML pipeline is the only way mail content is shown', () => {
  it('imports DOMPurify only inside the pipeline', () => {
    const outside = files.filter((file) => /from ['"]dompurify['"]/.test(file.text) && !file.path.startsWith(pipelineDir));
    assert.deepEqual(outside.map((file) => file.path), []);
  });

  it('has no raw HTML sink outside the pipeline (srcdoc, innerHTML, dangerouslySetInnerHTML, document.write)', () => {
    const sinks = /\bsrcdoc\s*=|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|createContextualFragment|DOMParser/;
    const outside = files.filter((file) => sinks.test(file.text) && !file.path.startsWith(pipelineDir));
    assert.deepEqual(outside.map((file) => file.path), []);
  });

  it('gives an iframe a srcDoc only from the pipeline, with the pipeline sandbox', () => {
    const framed = files.filter((file) => /srcDoc=/.test(file.text));
    assert.ok(framed.length > 0);
    for (const file of framed) {
      assert.match(file.text, /srcDoc=\{rendered\.document\}/, `${file.path} renders renderMailParts' document`);
      assert.match(file.text, /sandbox=\{mailFrameSandbox\}/, `${file.path} uses the pipeline's sandbox`);
      assert.match(file.text, /from '\.\.\/\.\.\/ui\/mail-html\/index\.ts'/, `${file.path} imports the pipeline`);
    }
  });

  const places: readonly (readonly [where: string, file: string, uses: RegExp])[] = [
    ['the reader', 'features/reader/html-body.tsx', /renderMailParts\(/],
    ['print', 'features/reader/print-message.ts', /printMail\(/],
    ['reply and forward quotes', 'features/composer/quoted-text.ts', /mailPartsToText\(/],
  ];
  for (const [where, path, uses] of places) {
    it(`is what ${where} uses`, () => {
      const file = files.find((entry) => entry.path === path);
      assert.ok(file, `${path} exists`);
      assert.match(file.text, uses);
      assert.match(file.text, /from '\.\.\/\.\.\/ui\/mail-html\/index\.ts'/);
    });
  }

  it('is called by the toolbar for Print and by the composer host for quotes', () => {
    assert.match(files.find((file) => file.path === 'features/reader/message-actions-toolbar.tsx')?.text ?? '', /printMessage\(api, message\)/);
    assert.match(files.find((file) => file.path === 'features/composer/composer-host.tsx')?.text ?? '', /quotedTextFor\(api, request\.messageId, request\.mode\)/);
  });

  it('renders the message body from its MIME parts, never from the joined html string', () => {
    const reader = files.find((file) => file.path === 'features/reader/reader.tsx')?.text ?? '';
    assert.match(reader, /parts=\{message\.bodyParts\}/);
    assert.doesNotMatch(reader, /html=\{message\.html\}/);
  });
});
