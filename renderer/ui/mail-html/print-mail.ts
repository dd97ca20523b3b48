// Print shows exactly what the reader shows: the same sanitised parts in a document with
// the same CSP, in a frame whose sandbox allows the print dialog and still no scripts.
import type { BodyPart } from '../../../shared/domain.ts';
import { buildMailDocument, escapeText, printFrameSandbox } from './mail-document.ts';
import { renderMailBody } from './render-mail-parts.ts';
import type { SanitizeOptions } from './sanitize-mail-html.ts';

export type PrintHeader = {
  readonly subject: string;
  readonly lines: readonly (readonly [label: string, value: string])[];
};

export const printFrameTitle = 'Message for printing';

export function buildPrintDocument(header: PrintHeader, parts: readonly BodyPart[], options: SanitizeOptions): string {
  const lines = header.lines.map(([label, value]) => `<div><b>${escapeText(label)}:</b> ${escapeText(value)}</div>`).join('');
  const heading = `<header class="mail-print-header"><h1>${escapeText(header.subject)}</h1>${lines}</header>`;
  return buildMailDocument(heading + renderMailBody(parts, options).body, options.allowRemoteImages);
}

export function printMail(header: PrintHeader, parts: readonly BodyPart[], options: SanitizeOptions): HTMLIFrameElement {
  for (const old of Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe.mail-print-frame'))) old.remove();
  const frame = document.createElement('iframe');
  frame.className = 'mail-print-frame';
  frame.title = printFrameTitle;
  frame.setAttribute('sandbox', printFrameSandbox);
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
  frame.addEventListener('load', () => {
    frame.contentWindow?.print();
  }, { once: true });
  frame.srcdoc = buildPrintDocument(header, parts, options);
  document.body.append(frame);
  return frame;
}
