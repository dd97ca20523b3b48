// A small, tolerant XML reader for provider configuration files (Thunderbird's
// config-v1.1.xml). It knows elements, attributes, text, CDATA and the five predefined
// entities plus character references, and nothing else: a DOCTYPE is refused outright, so
// there are no external entities, no entity expansion ("billion laughs") and no network
// access. Mismatched end tags close what they can instead of failing, as real-world files
// are not always well-formed.
export type XmlElement = {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  // The element's own text (not its children's), entities decoded, trimmed.
  readonly text: string;
};

export class XmlReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlReadError';
  }
}

const MAX_LENGTH = 512 * 1024;
const MAX_DEPTH = 64;

type Building = { name: string; attributes: Record<string, string>; children: XmlElement[]; text: string };

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,4});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

const ATTRIBUTE = /([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function readAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1];
    if (name === undefined) continue;
    attributes[localName(name)] = decodeEntities(match[2] ?? match[3] ?? '');
  }
  return attributes;
}

function finish(element: Building): XmlElement {
  return { name: element.name, attributes: element.attributes, children: element.children, text: element.text.trim() };
}

// Returns the root element. Throws XmlReadError for a DOCTYPE, no root, or a file too big.
export function readXml(source: string): XmlElement {
  if (source.length > MAX_LENGTH) throw new XmlReadError('The file is too large to be a mail configuration.');
  const root: Building = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: Building[] = [root];
  let position = 0;
  const current = (): Building => stack[stack.length - 1] ?? root;
  while (position < source.length) {
    const open = source.indexOf('<', position);
    if (open === -1) {
      current().text += decodeEntities(source.slice(position));
      break;
    }
    if (open > position) current().text += decodeEntities(source.slice(position, open));
    if (source.startsWith('<!--', open)) {
      const end = source.indexOf('-->', open + 4);
      position = end === -1 ? source.length : end + 3;
    } else if (source.startsWith('<![CDATA[', open)) {
      const end = source.indexOf(']]>', open + 9);
      current().text += source.slice(open + 9, end === -1 ? source.length : end);
      position = end === -1 ? source.length : end + 3;
    } else if (source.startsWith('<?', open)) {
      const end = source.indexOf('?>', open + 2);
      position = end === -1 ? source.length : end + 2;
    } else if (source.startsWith('<!', open)) {
      // DOCTYPE (and with it ENTITY) declarations: the only way to external entities.
      throw new XmlReadError('The file declares a DOCTYPE, which a mail configuration never needs.');
    } else {
      const end = source.indexOf('>', open + 1);
      if (end === -1) break;
      const tag = source.slice(open + 1, end);
      position = end + 1;
      if (tag.startsWith('/')) {
        const name = localName(tag.slice(1).trim());
        const index = stack.map((element) => element.name).lastIndexOf(name);
        // An end tag with no matching start tag is ignored.
        while (index > 0 && stack.length > index) {
          const closed = stack.pop();
          if (closed) current().children.push(finish(closed));
        }
        continue;
      }
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const nameMatch = /^\s*([A-Za-z_][\w.:-]*)/.exec(body);
      if (!nameMatch?.[1]) continue;
      const element: Building = {
        name: localName(nameMatch[1]),
        attributes: readAttributes(body.slice(nameMatch[0].length)),
        children: [],
        text: '',
      };
      if (selfClosing) current().children.push(finish(element));
      else {
        if (stack.length > MAX_DEPTH) throw new XmlReadError('The file nests too deeply to be a mail configuration.');
        stack.push(element);
      }
    }
  }
  // Elements left open at the end of the file are closed there.
  while (stack.length > 1) {
    const closed = stack.pop();
    if (closed) current().children.push(finish(closed));
  }
  const first = root.children[0];
  if (first === undefined) throw new XmlReadError('The file holds no XML element.');
  return first;
}

export function childrenNamed(element: XmlElement, name: string): readonly XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function childText(element: XmlElement, name: string): string | null {
  return childrenNamed(element, name)[0]?.text ?? null;
}
