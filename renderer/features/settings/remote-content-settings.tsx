import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors.ts';
import type { RemoteContentConsent, RemoteContentScope } from '../../../shared/remote-content/remote-content-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { ErrorAlert } from '../../ui/error-alert.tsx';

const scopeNames: Readonly<Record<RemoteContentScope, string>> = {
  sender: 'Sender',
  domain: 'Domain',
  message: 'Message',
};

// The kept "Load remote content" choices (one message, a sender, a domain), each revocable.
export function RemoteContentSettings() {
  const api = useApi();
  const [consents, setConsents] = useState<readonly RemoteContentConsent[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    let active = true;
    void api.invoke('listRemoteContentConsents', {}).then((result) => {
      if (!active) return;
      if (result.ok) setConsents(result.value);
      else setError(result.error);
    });
    return () => {
      active = false;
    };
  }, [api, refresh]);

  async function revoke(consent: RemoteContentConsent) {
    const result = await api.invoke('revokeRemoteContentConsent', { consentId: consent.id });
    setError(result.ok ? null : result.error);
    setRefresh((count) => count + 1);
  }

  return (
    <section className="settings-section" aria-labelledby="remote-content-settings-title">
      <h3 id="remote-content-settings-title">Remote content</h3>
      <p>Remote images load only where you allowed them. Revoke a choice to block them again.</p>
      {consents === null ? null : consents.length === 0 ? (
        <p>No sender, domain or message is allowed to load remote content.</p>
      ) : (
        <ul aria-label="Allowed remote content" className="remote-consents">
          {consents.map((consent) => (
            <li key={consent.id}>
              <span>
                {scopeNames[consent.scope]}: {consent.label}
              </span>{' '}
              <button type="button" className="quiet" aria-label={`Revoke ${scopeNames[consent.scope].toLowerCase()} ${consent.label}`} onClick={() => void revoke(consent)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {error === null ? null : <ErrorAlert title="Remote content choices could not be changed." message={error.message} />}
    </section>
  );
}
