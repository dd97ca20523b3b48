import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { fillComposerEditor } from '../../ui/mail-html/index.ts';
import { commandActive, runEditingCommand } from './editing-command.ts';
import { linkTarget } from './link-target.ts';

type RichTextEditorProps = {
  // Set once, when the editor appears; later edits come back through onChange only, so
  // React never rewrites the DOM under the caret.
  readonly initialHtml: string;
  readonly onChange: (html: string) => void;
  // A reply starts above the quote.
  readonly focusAtStart: boolean;
};

type Formats = { readonly bold: boolean; readonly italic: boolean; readonly bulleted: boolean; readonly numbered: boolean };

const noFormats: Formats = { bold: false, italic: false, bulleted: false, numbered: false };

// Bold, italic, lists and links on a contenteditable; the HTML it makes is sanitised again
// in main before it is sent (the allow-list in shared/compose/rich-text.ts).
export function RichTextEditor({ initialHtml, onChange, focusAtStart }: RichTextEditorProps) {
  const editor = useRef<HTMLDivElement>(null);
  const savedRange = useRef<Range | null>(null);
  const [formats, setFormats] = useState<Formats>(noFormats);
  const [linking, setLinking] = useState(false);
  const [address, setAddress] = useState('');
  const [linkError, setLinkError] = useState('');

  useEffect(() => {
    const element = editor.current;
    if (element === null) return;
    // Mail from elsewhere (a quoted original) goes in only through the allow-list.
    fillComposerEditor(element, initialHtml);
    runEditingCommand('defaultParagraphSeparator', 'p');
    if (focusAtStart) {
      element.focus();
      const selection = window.getSelection();
      selection?.collapse(element, 0);
    }
    // initialHtml is read once by design (see the prop's comment).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function changed(): void {
    if (editor.current !== null) onChange(editor.current.innerHTML);
    refreshFormats();
  }

  function refreshFormats(): void {
    setFormats({
      bold: commandActive('bold'),
      italic: commandActive('italic'),
      bulleted: commandActive('insertUnorderedList'),
      numbered: commandActive('insertOrderedList'),
    });
  }

  function apply(command: 'bold' | 'italic' | 'insertUnorderedList' | 'insertOrderedList'): void {
    editor.current?.focus();
    runEditingCommand(command);
    changed();
  }

  function startLink(): void {
    const selection = window.getSelection();
    const range = selection !== null && selection.rangeCount > 0 ? selection.getRangeAt(0) : null;
    savedRange.current = range !== null && editor.current?.contains(range.commonAncestorContainer) === true ? range.cloneRange() : null;
    setAddress('');
    setLinkError('');
    setLinking(true);
  }

  function addLink(): void {
    const href = linkTarget(address);
    if (href === null) {
      setLinkError('Enter a web address (https://…) or an email address.');
      return;
    }
    const element = editor.current;
    if (element === null) return;
    element.focus();
    const selection = window.getSelection();
    const range = savedRange.current;
    if (selection !== null && range !== null) {
      selection.removeAllRanges();
      selection.addRange(range);
    }
    if (selection !== null && (range === null || range.collapsed)) {
      // Nothing selected: the address itself becomes the link's text.
      const text = document.createTextNode(address.trim());
      const at = range ?? document.createRange();
      if (range === null) {
        at.selectNodeContents(element);
        at.collapse(false);
      }
      at.insertNode(text);
      const linked = document.createRange();
      linked.selectNodeContents(text);
      selection.removeAllRanges();
      selection.addRange(linked);
    }
    runEditingCommand('createLink', href);
    setLinking(false);
    changed();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const key = event.key.toLowerCase();
    if (key === 'b') apply('bold');
    else if (key === 'i') apply('italic');
    else if (key === 'k') startLink();
    else return;
    event.preventDefault();
  }

  return (
    <div className="rich-editor">
      <div role="toolbar" aria-label="Formatting" className="rich-toolbar">
        {/* onMouseDown keeps the selection in the editor while a button is pressed. */}
        <button type="button" aria-label="Bold" aria-keyshortcuts="Control+B Meta+B" aria-pressed={formats.bold} title="Bold (Ctrl+B)" onMouseDown={(event) => { event.preventDefault(); }} onClick={() => { apply('bold'); }}>
          <b aria-hidden="true">B</b>
        </button>
        <button type="button" aria-label="Italic" aria-keyshortcuts="Control+I Meta+I" aria-pressed={formats.italic} title="Italic (Ctrl+I)" onMouseDown={(event) => { event.preventDefault(); }} onClick={() => { apply('italic'); }}>
          <i aria-hidden="true">I</i>
        </button>
        <button type="button" aria-pressed={formats.bulleted} onMouseDown={(event) => { event.preventDefault(); }} onClick={() => { apply('insertUnorderedList'); }}>
          Bulleted list
        </button>
        <button type="button" aria-pressed={formats.numbered} onMouseDown={(event) => { event.preventDefault(); }} onClick={() => { apply('insertOrderedList'); }}>
          Numbered list
        </button>
        <button type="button" aria-keyshortcuts="Control+K Meta+K" title="Link (Ctrl+K)" onMouseDown={(event) => { event.preventDefault(); }} onClick={startLink}>
          Link
        </button>
      </div>
      {linking ? (
        <div className="rich-link" role="group" aria-label="Add link">
          <label htmlFor="composer-link">Link address</label>
          <input
            id="composer-link"
            type="text"
            autoFocus
            value={address}
            onChange={(event) => { setAddress(event.target.value); }}
            onKeyDown={(event) => {
              // Enter adds the link instead of sending the message.
              if (event.key === 'Enter') {
                event.preventDefault();
                addLink();
              } else if (event.key === 'Escape') {
                event.preventDefault();
                setLinking(false);
                editor.current?.focus();
              }
            }}
          />
          <button type="button" onClick={addLink}>
            Add link
          </button>
          <button type="button" className="quiet" onClick={() => { setLinking(false); }}>
            Cancel
          </button>
          {linkError === '' ? null : <span role="alert">{linkError}</span>}
        </div>
      ) : null}
      <div
        ref={editor}
        id="composer-body"
        role="textbox"
        aria-multiline="true"
        aria-label="Body"
        contentEditable
        suppressContentEditableWarning
        className="rich-body"
        onInput={changed}
        onKeyDown={onKeyDown}
        onKeyUp={refreshFormats}
        onMouseUp={refreshFormats}
      />
    </div>
  );
}
