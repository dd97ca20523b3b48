import { requestCompose } from '../../ui/compose-requests.ts';

export function NewMessageButton() {
  return (
    <button type="button" className="primary" onClick={() => { requestCompose({ kind: 'new' }); }}>
      New message
    </button>
  );
}
