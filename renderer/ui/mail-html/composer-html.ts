import DOMPurify from 'dompurify';
import { sanitizeRichHtml } from '../../../shared/compose/rich-text.ts';

// The composer's rich-text editor is filled here, the pipeline's one sink for it: a quoted
// original or a reopened draft goes through the composer's allow-list (the one main applies
// before sending) and then through DOMPurify limited to the same tags, in an instance of its
// own so the reader's hooks do not apply.
let purifier: ReturnType<typeof DOMPurify> | null = null;

export function fillComposerEditor(element: HTMLElement, html: string): void {
  purifier ??= DOMPurify(window);
  element.innerHTML = purifier.sanitize(sanitizeRichHtml(html), {
    ALLOWED_TAGS: ['p', 'br', 'b', 'strong', 'i', 'em', 'ul', 'ol', 'li', 'a', 'blockquote'],
    ALLOWED_ATTR: ['href'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  });
}
