// The one pipeline for mail HTML in the renderer: every place that shows mail content
// (reader, print, reply and forward quotes) imports from here and nowhere else
// (mail-html-usage.test.ts checks it).
export { buildMailDocument, mailCsp, mailFrameSandbox } from './mail-document.ts';
export { htmlToPlainText, mailPartsToText } from './mail-text.ts';
export { printMail, type PrintHeader } from './print-mail.ts';
export { renderMailParts, type RenderedMail } from './render-mail-parts.ts';
export { sanitizeMailHtml, type SanitizeOptions } from './sanitize-mail-html.ts';
export { inlineImageUrl, normalizeContentId } from './url-policy.ts';
export { fillComposerEditor } from './composer-html.ts';
