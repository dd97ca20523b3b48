// The document mail is shown in (reader, print). Its own Content-Security-Policy is the
// second wall behind DOMPurify: even if sanitising missed something, nothing loads or
// runs that this policy does not allow, and the frame's sandbox never allows scripts.

// Without remote content: images only from data: (inline parts the app resolved) and the
// app's cid: handler, inline styles, nothing else at all (no fonts, media, frames, forms).
export function mailCsp(allowRemoteImages: boolean): string {
  const images = allowRemoteImages ? 'data: cid: https: http:' : 'data: cid:';
  return `default-src 'none'; img-src ${images}; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'`;
}

// No allow-scripts, allow-forms, allow-popups, allow-top-navigation or allow-modals.
// allow-same-origin lets the app measure the frame and catch link clicks; with scripts
// off nothing inside the frame can use that origin.
export const mailFrameSandbox = 'allow-same-origin';

// Printing needs allow-modals (print() is a modal); scripts stay off, so only the app calls it.
export const printFrameSandbox = 'allow-same-origin allow-modals';

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Mail is written for a white page; the reader keeps it so even in the dark theme.
const baseStyle = [
  'html{color-scheme:light;background:#fff;color:#111}',
  'body{margin:0;padding:16px;font:15px/1.5 system-ui,sans-serif;overflow-wrap:anywhere}',
  'img,video{max-width:100%;height:auto}',
  'table{max-width:100%}',
  'pre{white-space:pre-wrap}',
  '.mail-part+.mail-part{margin-top:1em;padding-top:1em;border-top:1px solid #ddd}',
  '.mail-text{font:inherit;margin:0}',
  '.mail-print-header{margin:0 0 1em;padding-bottom:.5em;border-bottom:1px solid #999}',
].join('');

// body: parts already sanitised and wrapped by renderMailParts.
export function buildMailDocument(body: string, allowRemoteImages: boolean): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(mailCsp(allowRemoteImages))}">`,
    // Remote servers, when allowed, learn nothing about where the message was opened.
    '<meta name="referrer" content="no-referrer">',
    // A bare link must not make the browser resolve its host before any click.
    '<meta http-equiv="x-dns-prefetch-control" content="off">',
    `<style>${baseStyle}</style>`,
    '</head><body>',
    body,
    '</body></html>',
  ].join('');
}
