// DOMPurify needs a DOM, so this runs only in the page; the CSP and the sandbox behind
// it are tested on their own (message-srcdoc.ts).
import DOMPurify from 'dompurify';

const forbiddenTags = [
  'script',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'meta',
  'base',
  'link',
];

export function sanitizeMessageHtml(html: string): string {
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: forbiddenTags,
    FORBID_ATTR: ['action', 'formaction', 'ping'],
    // Keeps the <style> elements a message puts in its <head>.
    FORCE_BODY: true,
    // DOMPurify already strips on* handlers; this also refuses javascript: and other odd schemes.
    ALLOW_UNKNOWN_PROTOCOLS: false,
  });
}
