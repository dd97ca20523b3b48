import { ErrorAlert } from '../../ui/error-alert.tsx';
import type { RemoteContentState } from './use-remote-content.ts';

// Shown while remote references were blocked: load them for this message, or always for
// the sender or the sender's domain (kept, revocable in Account settings).
export function RemoteContentBar({ remote, blocked }: { readonly remote: RemoteContentState; readonly blocked: number }) {
  if (remote.allowed || blocked === 0) return null;
  const { policy } = remote;
  return (
    <div className="remote-note" role="group" aria-label="Remote content">
      <span>Remote content is blocked to protect your privacy.</span>
      <button type="button" onClick={() => void remote.allow('message')}>
        Load remote content
      </button>
      {policy?.sender == null ? null : (
        <button type="button" className="quiet" onClick={() => void remote.allow('sender')}>
          Always from {policy.sender}
        </button>
      )}
      {policy?.domain == null ? null : (
        <button type="button" className="quiet" onClick={() => void remote.allow('domain')}>
          Always from {policy.domain}
        </button>
      )}
      {remote.error === null ? null : <ErrorAlert title="That choice was not kept." message={remote.error.message} />}
    </div>
  );
}
