import { useEffect, useMemo, useRef, useState } from 'react';
import type { Attachment } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { normalizeContentId, referencedContentIds, replaceContentIds } from './inline-images.ts';
import { buildMessageSrcdoc } from './message-srcdoc.ts';
import { openLink } from './open-link.ts';
import { hasRemoteContent } from './remote-content.ts';
import { sanitizeMessageHtml } from './sanitize-html.ts';

type HtmlBodyProps = {
  readonly messageId: string;
  readonly html: string;
  readonly attachments: readonly Attachment[];
};

function closestLink(target: EventTarget | null): HTMLAnchorElement | null {
  // The target lives in the iframe's realm, so instanceof against this window's classes fails.
  const element = target as Element | null;
  if (element === null || typeof element.closest !== 'function') return null;
  return element.closest<HTMLAnchorElement>('a[href]');
}

export function HtmlBody({ messageId, html, attachments }: HtmlBodyProps) {
  const api = useApi();
  const frame = useRef<HTMLIFrameElement>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const [allowRemote, setAllowRemote] = useState(false);
  const [height, setHeight] = useState(120);
  const [linkError, setLinkError] = useState<string | null>(null);
  const [inlineUrls, setInlineUrls] = useState<ReadonlyMap<string, string>>(new Map());

  const sanitized = useMemo(() => sanitizeMessageHtml(html), [html]);
  const remote = useMemo(() => hasRemoteContent(sanitized), [sanitized]);

  useEffect(() => {
    const wanted = new Set(referencedContentIds(sanitized));
    const parts = attachments.filter((part) => part.contentId !== null && wanted.has(normalizeContentId(part.contentId)));
    if (parts.length === 0) return;
    let active = true;
    void Promise.all(
      parts.map(async (part) => {
        const result = await api.invoke('getAttachment', { messageId, attachmentId: part.id });
        return result.ok ? ([normalizeContentId(part.contentId ?? ''), `data:${result.value.contentType};base64,${result.value.base64}`] as const) : null;
      }),
    ).then((entries) => {
      if (!active) return;
      setInlineUrls(new Map(entries.filter((entry) => entry !== null)));
    });
    return () => {
      active = false;
    };
  }, [api, messageId, sanitized, attachments]);

  useEffect(() => () => observer.current?.disconnect(), []);

  const srcdoc = buildMessageSrcdoc(replaceContentIds(sanitized, inlineUrls), allowRemote);

  function onLoad() {
    const document = frame.current?.contentDocument;
    if (document == null) return;
    const root = document.documentElement;
    const measure = () => { setHeight(Math.max(root.scrollHeight, document.body.scrollHeight, 40)); };
    measure();
    observer.current?.disconnect();
    observer.current = new ResizeObserver(measure);
    observer.current.observe(root);
    // Images finishing late change the height too; load events do not bubble, so capture.
    document.addEventListener('load', measure, true);
    function follow(event: MouseEvent) {
      const link = closestLink(event.target);
      if (link === null) return;
      event.preventDefault();
      const href = link.getAttribute('href') ?? '';
      if (href.startsWith('#')) return;
      void openLink(api, link.href).then(setLinkError);
    }
    document.addEventListener('click', follow);
    document.addEventListener('auxclick', follow);
  }

  return (
    <div className="html-body">
      {remote && !allowRemote ? (
        <div className="remote-note">
          <span>Remote content is blocked to protect your privacy.</span>
          <button type="button" onClick={() => { setAllowRemote(true); }}>
            Load remote content
          </button>
        </div>
      ) : null}
      {linkError === null ? null : <ErrorAlert title="The link was not opened." message={linkError} />}
      <iframe
        ref={frame}
        title="Message body"
        sandbox="allow-same-origin"
        srcDoc={srcdoc}
        onLoad={onLoad}
        style={{ height: `${height}px` }}
      />
    </div>
  );
}
