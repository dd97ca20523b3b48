// What a platform's secret storage means for the user's passwords, and whether Letterbox
// must ask before storing one. Electron's safeStorage on Linux falls back to "basic_text"
// when no keyring (GNOME Keyring, KWallet) is running: the password is then encrypted with a
// key hard-coded in Chromium, which protects nothing against anyone who can read the file.
import type { PasswordStorage } from '../../shared/secrets/password-storage.ts';

export type SecretBackendFacts = {
  readonly platform: string;
  // safeStorage.getSelectedStorageBackend() on Linux; null elsewhere or where unknown.
  readonly linuxBackend: string | null;
  readonly encryptionAvailable: boolean;
};

const linuxKeyrings: Readonly<Record<string, string>> = {
  gnome_libsecret: 'the GNOME keyring',
  kwallet: 'KWallet',
  kwallet5: 'KWallet',
  kwallet6: 'KWallet',
};

export function decidePasswordStorage(facts: SecretBackendFacts): PasswordStorage {
  if (!facts.encryptionAvailable) {
    return {
      backend: facts.linuxBackend ?? 'none',
      protection: 'unavailable',
      askBeforeStoring: false,
      explanation: 'This system offers no secure storage for passwords, so Letterbox cannot keep one. Start your desktop’s keyring and try again.',
    };
  }
  if (facts.platform === 'darwin') {
    return { backend: 'keychain', protection: 'keyring', askBeforeStoring: false, explanation: 'Your password is encrypted with a key kept in your macOS Keychain.' };
  }
  if (facts.platform === 'win32') {
    return { backend: 'dpapi', protection: 'keyring', askBeforeStoring: false, explanation: 'Your password is encrypted with a key Windows keeps for your user account.' };
  }
  const backend = facts.linuxBackend ?? 'unknown';
  const keyring = linuxKeyrings[backend];
  if (keyring !== undefined) {
    return { backend, protection: 'keyring', askBeforeStoring: false, explanation: `Your password is encrypted with a key kept in ${keyring}.` };
  }
  // basic_text, and any backend this code does not know: assume the weakest.
  return {
    backend,
    protection: 'weak',
    askBeforeStoring: true,
    explanation:
      'No keyring (such as GNOME Keyring or KWallet) is running, so your password can only be stored scrambled with a key that is the same on every computer. Anyone who can read your files, or a backup of them, can recover it.',
  };
}

export const fileStorage: PasswordStorage = {
  backend: 'file',
  protection: 'file',
  askBeforeStoring: false,
  explanation: 'Browser mode keeps your password unencrypted in secrets.json in its data folder, readable only by your user account (like ~/.netrc).',
};
