import { htmlToText } from './html-to-text.ts';

// htmlToText over HTML that arrives in chunks (issue 9, hostile sizes: a 50 MB HTML body is
// made text a megabyte at a time, never held whole). Each chunk is cut where htmlToText
// gives the same text whether the HTML is cut there or not: after a line break outside any
// tag, else after the last tag, else before an unfinished tag or entity at the end, and
// never inside a comment, script, style, head or title, which are dropped across chunks;
// the white space at each cut is kept as htmlToText would have kept it uncut. What follows
// the cut waits for the next chunk.
export type HtmlTextStream = {
  // The text of what could be cut off so far ('' when nothing yet).
  write(html: string): string;
  end(): string;
};

// A tag or entity unfinished this long is hostile (or not HTML): it is dropped. A block
// still open this far on is read as htmlToText reads a block never closed: as text.
const maxPendingChars = 1024 * 1024;

type Closer = RegExp;

const opener = /<!--|<(script|style|head|title)\b/gi;

function closerOf(match: RegExpExecArray): Closer {
  const name = match[1];
  return name === undefined ? /-->/g : new RegExp(`</${name}\\s*>`, 'gi');
}

// Where the block's closer ends, searching from `from`; -1 when it is not there.
function closeEnd(html: string, closer: Closer, from: number): number {
  closer.lastIndex = from;
  const found = closer.exec(html);
  return found === null ? -1 : found.index + found[0].length;
}

// The white space htmlToText leaves at a cut, strongest first: a line break, a space, none.
type Gap = '\n' | ' ' | '';
const stronger = (a: Gap, b: Gap): Gap => (a === '\n' || b === '\n' ? '\n' : a === ' ' || b === ' ' ? ' ' : '');

// htmlToText of a piece, with the white space it trimmed at either end: marked with a
// character htmlToText keeps, so the text either side of a cut joins as it would uncut.
function textOf(html: string): { readonly text: string; readonly lead: Gap; readonly trail: Gap } {
  const inner = htmlToText(`\u0000${html}\u0000`).slice(1, -1);
  const text = inner.trim();
  const gap = (space: string): Gap => (space.includes('\n') ? '\n' : space === '' ? '' : ' ');
  return { text, lead: gap(/^\s*/.exec(inner)?.[0] ?? ''), trail: gap(/\s*$/.exec(inner)?.[0] ?? '') };
}

export function createHtmlTextStream(): HtmlTextStream {
  // HTML after the last cut, waiting for more.
  let pending = '';
  // Set while `pending` is a block (comment, script…) whose closer has not come yet.
  let open: { readonly closer: Closer; readonly openerLength: number } | null = null;
  // Set while inside a tag too long to hold: what comes is dropped up to its end.
  let inLongTag = false;
  let started = false;
  // The white space owed before the next text.
  let gap: Gap = '';

  const emit = (html: string): string => {
    const piece = textOf(html);
    if (piece.text === '') {
      gap = stronger(gap, piece.lead);
      return '';
    }
    const out = started ? `${stronger(gap, piece.lead)}${piece.text}` : piece.text;
    started = true;
    gap = piece.trail;
    return out;
  };

  const write = (chunk: string, final: boolean): string => {
    let html = pending + chunk;
    pending = '';
    if (inLongTag) {
      const tagEnd = html.indexOf('>');
      if (tagEnd === -1) return '';
      inLongTag = false;
      html = ` ${html.slice(tagEnd + 1)}`;
    }
    let scanFrom = 0;
    if (open !== null) {
      const end = closeEnd(html, open.closer, open.openerLength);
      if (end === -1 && !final && html.length <= maxPendingChars) {
        pending = html;
        return '';
      }
      // Dropped as htmlToText drops it (a space in its place), or never closed: text.
      if (end === -1) scanFrom = open.openerLength;
      else html = ` ${html.slice(end)}`;
      open = null;
    }
    let safeFrom = 0;
    opener.lastIndex = scanFrom;
    for (let match = opener.exec(html); match !== null; match = opener.exec(html)) {
      const closer = closerOf(match);
      const after = match.index + match[0].length;
      const end = closeEnd(html, closer, after);
      if (end === -1 && !final && html.length - match.index <= maxPendingChars) {
        open = { closer, openerLength: match[0].length };
        pending = html.slice(match.index);
        return emit(html.slice(0, match.index));
      }
      safeFrom = end === -1 ? after : end;
      opener.lastIndex = safeFrom;
    }
    if (final) return emit(html);
    const at = cutPoint(html, safeFrom);
    pending = html.slice(at);
    if (pending.length > maxPendingChars) {
      inLongTag = pending.startsWith('<');
      pending = '';
    }
    return emit(html.slice(0, at));
  };

  return {
    write: (html) => write(html, false),
    end: () => write('', true),
  };
}

// The last line break at or after `from` outside a tag, else just after the last tag that
// ends there; an unfinished tag or entity at the end waits.
function cutPoint(html: string, from: number): number {
  for (let lineBreak = html.lastIndexOf('\n'); lineBreak >= from;) {
    const tagOpen = html.lastIndexOf('<', lineBreak);
    if (tagOpen <= html.lastIndexOf('>', lineBreak)) return lineBreak + 1;
    lineBreak = html.lastIndexOf('\n', tagOpen);
  }
  const tagEnd = html.lastIndexOf('>');
  const tagOpen = html.lastIndexOf('<');
  if (tagEnd >= from && tagEnd > tagOpen) return tagEnd + 1;
  // No tag to cut after: text without markup, cut before an unfinished tag or entity.
  const amp = html.lastIndexOf('&');
  const unfinished = Math.max(tagOpen > tagEnd ? tagOpen : -1, amp > html.lastIndexOf(';') && html.length - amp < 12 ? amp : -1);
  return Math.max(from, unfinished === -1 ? html.length : unfinished);
}
