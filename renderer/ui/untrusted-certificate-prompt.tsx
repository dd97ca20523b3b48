import { useEffect, useRef, useState } from 'react';
import type { UntrustedCertificate } from '../../shared/setup/setup-types.ts';
import { useApi } from '../api/api-context.tsx';

// Shown when a connection (Add account's IMAP or POP3, the composer's SMTP) was stopped for a
// certificate nobody vouches for: the host, why, and the SHA-256 fingerprint to compare with
// what the server's administrator says. Trusting pins exactly this certificate for this
// server (electron/certificates/).
export function UntrustedCertificatePrompt({
  certificate,
  onTrusted,
  onClose,
}: {
  readonly certificate: UntrustedCertificate;
  readonly onTrusted: () => void;
  readonly onClose: () => void;
}) {
  const api = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  async function trust(): Promise<void> {
    setBusy(true);
    const result = await api.invoke('trustCertificate', { host: certificate.host, port: certificate.port, fingerprint: certificate.fingerprint });
    setBusy(false);
    if (result.ok) onTrusted();
    else setError(result.error.message);
  }

  return (
    <dialog ref={dialog} className="certificate-dialog" aria-labelledby="certificate-title" onClose={onClose}>
      <h2 id="certificate-title">{certificate.changed ? 'Certificate changed' : 'Certificate not trusted'}</h2>
      <dl className="certificate-facts">
        <dt>Server</dt>
        <dd>
          {certificate.host}, port {certificate.port}
        </dd>
        <dt>Why it is not trusted</dt>
        <dd>{certificate.changed ? `It differs from the certificate you trusted before, and ${certificate.reason}.` : `${certificate.reason[0]?.toUpperCase() ?? ''}${certificate.reason.slice(1)}.`}</dd>
        <dt>SHA-256 fingerprint</dt>
        <dd>
          <code aria-label="SHA-256 fingerprint">{certificate.fingerprint}</code>
        </dd>
      </dl>
      {certificate.trustable ? (
        <p className="hint">
          Trust it only if the fingerprint matches the one your server’s administrator gives you. Anyone able to intercept the
          connection could otherwise read your password.
        </p>
      ) : certificate.fingerprint === '' ? (
        <p className="hint">Letterbox could not read this certificate, so it cannot be trusted here.</p>
      ) : (
        <p className="hint">
          A certificate out of its dates cannot be trusted, even by choice: secure connections refuse it. Ask the server’s
          administrator to renew it.
        </p>
      )}
      {error === null ? null : (
        <p role="alert" className="error-alert">
          <strong>The certificate was not trusted.</strong> {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="quiet" onClick={onClose}>
          {certificate.trustable ? 'Cancel' : 'Close'}
        </button>
        {certificate.trustable ? (
          <button type="button" disabled={busy} onClick={() => void trust()}>
            Trust this certificate
          </button>
        ) : null}
      </div>
    </dialog>
  );
}
