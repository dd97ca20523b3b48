import { useState } from 'react';
import type { DiscoveredServer, DiscoveredSettings } from '../../../shared/setup/setup-types.ts';
import { useApi } from '../../api/api-context.tsx';
import { domainOf } from './discovered-form.ts';

type Search =
  | { readonly kind: 'idle' }
  | { readonly kind: 'looking'; readonly domain: string }
  | { readonly kind: 'found'; readonly settings: DiscoveredSettings }
  // Only a server without encryption was found: nothing is filled until the user says so.
  | { readonly kind: 'unencrypted'; readonly settings: DiscoveredSettings }
  | { readonly kind: 'failed'; readonly message: string };

// The "Find settings" step of the add-account form: asks main where the domain's servers
// are (electron/autoconfig/) and fills the fields, which stay editable.
export function FindSettings({
  email,
  disabled,
  onFound,
}: {
  readonly email: string;
  readonly disabled: boolean;
  readonly onFound: (incoming: DiscoveredServer, outgoing: DiscoveredServer | null) => void;
}) {
  const api = useApi();
  const [search, setSearch] = useState<Search>({ kind: 'idle' });
  const domain = domainOf(email);

  async function find(): Promise<void> {
    if (domain === null) return;
    setSearch({ kind: 'looking', domain });
    const result = await api.invoke('discoverSettings', { email: email.trim() });
    if (!result.ok) {
      setSearch({ kind: 'failed', message: result.error.message });
      return;
    }
    const settings = result.value;
    const best = settings.incoming[0];
    if (best === undefined) {
      setSearch({ kind: 'found', settings });
      return;
    }
    if (settings.unencryptedOnly) {
      setSearch({ kind: 'unencrypted', settings });
      return;
    }
    onFound(best, settings.outgoing);
    setSearch({ kind: 'found', settings });
  }

  return (
    <div className="find-settings">
      <button type="button" className="quiet" disabled={disabled || domain === null || search.kind === 'looking'} onClick={() => void find()}>
        Find settings
      </button>
      <p aria-live="polite" className="hint">
        {search.kind === 'looking'
          ? `Looking for the settings of ${search.domain}…`
          : search.kind === 'found'
            ? search.settings.description
            : domain === null
              ? 'Enter your email address, and Letterbox can look up the servers.'
              : ''}
      </p>
      {search.kind === 'failed' ? (
        <p role="alert" className="error-alert">
          <strong>The settings could not be looked up.</strong> {search.message} Enter the servers your provider gives.
        </p>
      ) : null}
      {search.kind === 'unencrypted' ? <UnencryptedWarning settings={search.settings} onUse={(server) => {
        onFound(server, search.settings.outgoing);
        setSearch({ kind: 'found', settings: search.settings });
      }} /> : null}
    </div>
  );
}

function UnencryptedWarning({ settings, onUse }: { readonly settings: DiscoveredSettings; readonly onUse: (server: DiscoveredServer) => void }) {
  const server = settings.incoming[0];
  if (server === undefined) return null;
  return (
    <div role="alert" className="error-alert">
      <p>
        <strong>{server.host} offers no encryption.</strong> Your password and all your mail would cross the network readable, and
        changeable, by anyone on the way. Ask your provider for a secure (TLS) server; use this one only on a network you fully trust.
      </p>
      <button type="button" onClick={() => { onUse(server); }}>
        Use it without encryption
      </button>
    </div>
  );
}
