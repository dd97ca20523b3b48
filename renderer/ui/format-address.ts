import type { Address } from '../../shared/domain.ts';

export function formatAddress(address: Address): string {
  const name = address.name.trim();
  if (name.length === 0) return address.address;
  if (address.address.length === 0) return name;
  return `${name} <${address.address}>`;
}

export function formatAddressList(addresses: readonly Address[]): string {
  return addresses.map(formatAddress).join(', ');
}
