import { safeHref } from '../../../shared/compose/rich-text.ts';

// What the user typed as a link's address, made one the allow-list keeps: an address
// becomes mailto:, a bare host name https://. Null when it cannot be a safe link.
export function linkTarget(typed: string): string | null {
  const value = typed.trim();
  if (value === '') return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return safeHref(value);
  if (/^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/.test(value)) return safeHref(`mailto:${value}`);
  if (/^[\w-]+(\.[\w-]+)+(:\d+)?([/?#]\S*)?$/.test(value)) return safeHref(`https://${value}`);
  return null;
}
