import type { Handlers } from '../service/service-types.ts';
import type { CertificateTrust } from '../certificates/certificate-trust.ts';
import { discoverSettings, type DiscoveryOptions } from './discover-settings.ts';

// The account-setup channels of the contract, for createService to spread into its handlers.
export function createSetupHandlers(
  trust: CertificateTrust,
  discovery: DiscoveryOptions,
): Pick<Handlers, 'discoverSettings' | 'trustCertificate'> {
  return {
    discoverSettings({ email }) {
      return discoverSettings(email, discovery);
    },
    async trustCertificate(args) {
      await trust.trust(args);
      return null;
    },
  };
}
