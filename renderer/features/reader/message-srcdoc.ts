// The document the HTML body is shown in. Its own Content-Security-Policy is the
// second wall behind DOMPurify: even if sanitising missed something, nothing loads
// or runs that this policy does not allow (and the sandbox never allows scripts).

export function messageCsp(allowRemote: boolean): string {
  if (!allowRemote) {
    return "default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; font-src data:";
  }
  return "default-src 'none'; img-src data: cid: http: https:; style-src 'unsafe-inline' http: https:; font-src data: http: https:";
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

// Mail is written for a white page; the reader keeps it so even in the dark theme.
const baseStyle = [
  'html{color-scheme:light;background:#fff;color:#111}',
  'body{margin:0;padding:16px;font:15px/1.5 system-ui,sans-serif;overflow-wrap:anywhere}',
  'img,video{max-width:100%;height:auto}',
  'table{max-width:100%}',
  'pre{white-space:pre-wrap}',
].join('');

export function buildMessageSrcdoc(sanitizedBody: string, allowRemote: boolean): string {
  return [
    '<!doctype html><html><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(messageCsp(allowRemote))}">`,
    // Remote servers, when allowed, learn nothing about where the message was opened.
    '<meta name="referrer" content="no-referrer">',
    `<style>${baseStyle}</style>`,
    '</head><body>',
    sanitizedBody,
    '</body></html>',
  ].join('');
}
