import { useId, useState } from 'react';
import type { Attachment } from '../../../shared/domain.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';
import { formatSize } from '../../ui/format-size.ts';
import { saveAttachment } from './save-attachment.ts';

export function AttachmentList({ messageId, attachments }: { readonly messageId: string; readonly attachments: readonly Attachment[] }) {
  const api = useApi();
  const baseId = useId();
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function save(attachment: Attachment): Promise<void> {
    setSaving(attachment.id);
    setError(null);
    const result = await api.invoke('getAttachment', { messageId, attachmentId: attachment.id });
    setSaving(null);
    if (result.ok) saveAttachment(result.value);
    else setError(result.error.message);
  }

  if (attachments.length === 0) return null;
  return (
    <section className="attachments" aria-labelledby={`${baseId}-title`}>
      <h3 id={`${baseId}-title`}>
        {attachments.length === 1 ? '1 attachment' : `${attachments.length} attachments`}
      </h3>
      {error === null ? null : <ErrorAlert title="The attachment was not saved." message={error} action="Try again when the connection is back." />}
      <ul>
        {attachments.map((attachment) => (
          <li key={attachment.id}>
            <span id={`${baseId}-${attachment.id}`} className="file-name">
              {attachment.fileName || 'Unnamed attachment'}
            </span>
            <span className="file-size">{formatSize(attachment.size)}</span>
            <button
              type="button"
              aria-describedby={`${baseId}-${attachment.id}`}
              disabled={saving === attachment.id}
              onClick={() => void save(attachment)}
            >
              {saving === attachment.id ? 'Saving…' : 'Save'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
