// What a new folder name may hold. The server's hierarchy delimiter (RFC 3501 6.3.8 LIST)
// separates levels, so a name containing it would silently become a folder inside another:
// it is refused with a sentence that names the character. "%" and "*" are LIST wildcards
// (RFC 3501 6.3.8) and could never be listed on their own. Everything else, "&" and any
// script among it, is sent as modified UTF-7 (RFC 3501 5.1.3) by imapflow, or as UTF-8
// where the server enabled UTF8=ACCEPT (RFC 6855).
export function folderNameProblem(name: string, delimiter: string | null): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Enter a name for the folder.';
  if (trimmed.length > 200) return 'Use a folder name of at most 200 characters.';
  if (delimiter !== null && delimiter !== '' && trimmed.includes(delimiter)) {
    return `A folder name cannot contain "${delimiter}": this server uses it to separate a folder from the folders inside it.`;
  }
  if (/[%*]/.test(trimmed)) return 'A folder name cannot contain "%" or "*": mail servers use them as wildcards.';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) return 'A folder name cannot contain control characters.';
  if (trimmed.toUpperCase() === 'INBOX') return 'That name is reserved for the Inbox.';
  return null;
}

// The full path of a folder named `name` under `parentPath` (null: at the top).
export function childPath(parentPath: string | null, name: string, delimiter: string | null): string {
  const trimmed = name.trim();
  return parentPath === null || delimiter === null || delimiter === '' ? trimmed : `${parentPath}${delimiter}${trimmed}`;
}

// The path a folder gets when renamed to `name`, staying under the same parent.
export function renamedPath(path: string, name: string, delimiter: string | null): string {
  if (delimiter === null || delimiter === '') return name.trim();
  const cut = path.lastIndexOf(delimiter);
  return cut < 0 ? name.trim() : `${path.slice(0, cut)}${delimiter}${name.trim()}`;
}
