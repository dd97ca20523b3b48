// Plain JavaScript on purpose: check-node.mjs imports this before anything else, on
// whatever Node the user has, so it must parse on old versions (Node 14 and later).
/** @type {readonly [number, number, number]} */
export var minimumNodeVersion = [22, 13, 0];

/**
 * @param {unknown} text
 * @returns {[number, number, number] | null}
 */
export function parseNodeVersion(text) {
  var match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(text));
  if (match === null) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * @param {unknown} text
 * @param {readonly [number, number, number]} [minimum]
 * @returns {boolean}
 */
export function isSupportedNodeVersion(text, minimum) {
  var wanted = minimum || minimumNodeVersion;
  var version = parseNodeVersion(text);
  if (version === null) return false;
  for (var index = 0; index < 3; index += 1) {
    if (version[index] !== wanted[index]) return version[index] > wanted[index];
  }
  return true;
}

/**
 * @param {unknown} text
 * @returns {string}
 */
export function unsupportedNodeMessage(text) {
  return (
    'Letterbox needs Node.js 22.13 or later (24 LTS recommended); this is Node ' +
    String(text) +
    '. Install it from https://nodejs.org or with your package manager.'
  );
}
