// The server's quota for an account (RFC 9208, RFC 2087): how much of each limited resource
// the mail uses. `supported` is false where the server offers no QUOTA; resources the server
// does not limit are null.
export type QuotaResource = { readonly used: number; readonly limit: number };

export type AccountQuota = {
  readonly supported: boolean;
  // STORAGE in bytes (the wire says kibibytes, RFC 9208 5.1).
  readonly storage: QuotaResource | null;
  // MESSAGE: how many messages.
  readonly messages: QuotaResource | null;
  // At or above nearLimitShare of any limit: the UI warns before mail starts bouncing.
  readonly nearLimit: boolean;
};

export const nearLimitShare = 0.9;

export function isNearLimit(resources: readonly (QuotaResource | null)[]): boolean {
  return resources.some((resource) => resource !== null && resource.limit > 0 && resource.used >= resource.limit * nearLimitShare);
}
