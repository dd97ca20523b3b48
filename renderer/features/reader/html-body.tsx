import { useEffect, useMemo, useRef, useState } from 'react';
import type { Attachment, BodyPart } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { mailFrameSandbox, renderMailParts } from '../../ui/mail-html/index.ts';
import { openLink } from './open-link.ts';
import { useLinkConfirmation } from './link-confirm-dialog.tsx';
import { RemoteContentBar } from './remote-content-bar.tsx';
import { useInlineImages } from './use-inline-images.ts';
import { useRemoteContent } from './use-remote-content.ts';

type HtmlBodyProps = {
  readonly messageId: string;
  // Each MIME part on its own (EFAIL): sanitised one by one by ui/mail-html.
  readonly parts: readonly BodyPart[];
  readonly attachments: readonly Attachment[];
};

function closestLink(target: EventTarget | null): HTMLAnchorElement | null {
  // The target lives in the iframe's realm, so instanceof against this window's classes fails.
  const element = target as Element | null;
  if (element === null || typeof element.closest !== 'function') return null;
  return element.closest<HTMLAnchorElement>('a[href]');
}

export function HtmlBody({ messageId, parts, attachments }: HtmlBodyProps) {
  const api = useApi();
  const frame = useRef<HTMLIFrameElement>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const [height, setHeight] = useState(120);
  const [linkError, setLinkError] = useState<string | null>(null);
  const linkConfirmation = useLinkConfirmation();
  const remote = useRemoteContent(messageId);
  const inlineImages = useInlineImages(messageId, parts, attachments);
  const rendered = useMemo(
    () => renderMailParts(parts, { allowRemoteImages: remote.allowed, inlineImages }),
    [parts, remote.allowed, inlineImages],
  );

  useEffect(() => () => observer.current?.disconnect(), []);

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
      // What a reader sees (innerText skips text hidden by CSS), for main's ask-first check.
      const text = link.innerText || link.textContent || '';
      void openLink(api, { url: link.href, text }, { confirm: linkConfirmation.confirm }).then(setLinkError);
    }
    document.addEventListener('click', follow);
    document.addEventListener('auxclick', follow);
  }

  return (
    <div className="html-body">
      <RemoteContentBar remote={remote} blocked={rendered.blockedRemote} />
      {linkError === null ? null : <ErrorAlert title="The link was not opened." message={linkError} />}
      {linkConfirmation.dialog}
      <iframe
        ref={frame}
        title="Message body"
        sandbox={mailFrameSandbox}
        srcDoc={rendered.document}
        onLoad={onLoad}
        style={{ height: `${height}px` }}
      />
    </div>
  );
}
