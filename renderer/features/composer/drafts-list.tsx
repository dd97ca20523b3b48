import { useEffect, useState } from 'react';
import type { DraftItem } from '../../../shared/compose/compose-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { requestCompose } from '../../ui/compose-requests.ts';
import { useApiEvent } from '../../ui/use-api-event.ts';

// "Drafts (2)": drafts kept on this computer, including those of accounts whose server has
// no Drafts folder (POP3), each reopened in the composer where saving replaces it.
export function DraftsList() {
  const api = useApi();
  const [items, setItems] = useState<readonly DraftItem[]>([]);
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let active = true;
    void api.invoke('listDrafts', {}).then((result) => {
      if (active && result.ok) setItems(result.value);
    });
    return () => {
      active = false;
    };
  }, [api, version, open]);
  useApiEvent('draftsChanged', () => { setVersion((value) => value + 1); });

  if (items.length === 0 && !open) return null;
  return (
    <div className="outbox">
      <button type="button" className="quiet" aria-expanded={open} onClick={() => { setOpen(!open); }}>
        {`Drafts (${String(items.length)})`}
      </button>
      {open ? (
        <ul aria-label="Drafts on this computer" className="outbox-list">
          {items.map((item) => (
            <li key={item.draftId}>
              <span>
                {item.subject === '' ? '(no subject)' : item.subject}
                {item.to.length > 0 ? ` — to ${item.to.join(', ')}` : ''}
              </span>
              <button
                type="button"
                className="quiet"
                aria-label={`Open draft "${item.subject}"`}
                onClick={() => {
                  setOpen(false);
                  requestCompose({ kind: 'openDraft', source: { draftId: item.draftId } });
                }}
              >
                Open
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
