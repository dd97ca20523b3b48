// How this computer keeps account passwords, as the add-account form explains it
// (electron/secrets/password-storage-decision.ts decides it).
export type PasswordProtection =
  // Encrypted with a key the OS keeps for this user (macOS Keychain, Windows DPAPI, GNOME
  // Keyring / libsecret, KWallet).
  | 'keyring'
  // Electron's safeStorage without a keyring ("basic_text"): encrypted with a key that is the
  // same on every computer, so anyone who can read the file can decrypt it.
  | 'weak'
  // Browser mode: a file readable only by this user account, not encrypted.
  | 'file'
  // Nothing can keep a password here; adding an account fails with a storage error.
  | 'unavailable'
  // The secret store did not say (only test doubles).
  | 'unknown';

export type PasswordStorage = {
  // What the platform reported, e.g. "gnome_libsecret", "basic_text", "keychain", "file".
  readonly backend: string;
  readonly protection: PasswordProtection;
  // The add-account form must have the user's yes (storePasswordWithoutKeyring) first.
  readonly askBeforeStoring: boolean;
  // One or two sentences for the form: where the password goes and what that means.
  readonly explanation: string;
};
