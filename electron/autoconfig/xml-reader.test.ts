import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childText, childrenNamed, decodeEntities, readXml, XmlReadError } from './xml-reader.ts';

describe('readXml', () => {
  it('reads elements, attributes, text, CDATA and entities, skipping comments and the declaration', () => {
    const root = readXml(`<?xml version="1.0" encoding="UTF-8"?>
      <!-- a comment with <tags> -->
      <clientConfig version='1.1'>
        <emailProvider id="example.org">
          <displayName>Fish &amp; Chips &#x263A; &#65;</displayName>
          <note><![CDATA[<not a tag> & raw]]></note>
          <empty/>
        </emailProvider>
      </clientConfig>`);
    assert.equal(root.name, 'clientConfig');
    assert.equal(root.attributes.version, '1.1');
    const [provider] = childrenNamed(root, 'emailProvider');
    assert.ok(provider);
    assert.equal(provider.attributes.id, 'example.org');
    assert.equal(childText(provider, 'displayName'), 'Fish & Chips ☺ A');
    assert.equal(childText(provider, 'note'), '<not a tag> & raw');
    assert.equal(childText(provider, 'empty'), '');
  });

  it('refuses a DOCTYPE, so no entity is ever declared or fetched', () => {
    assert.throws(
      () => readXml('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'),
      XmlReadError,
    );
  });

  it('leaves undeclared entities as they are instead of expanding them', () => {
    assert.equal(decodeEntities('&e; &lt;b&gt; &#0; &#xD800;'), '&e; <b> &#0; &#xD800;');
  });

  it('tolerates unclosed elements, stray end tags and namespace prefixes', () => {
    const root = readXml('<cfg:clientConfig><emailProvider><domain>a.org</b></domain><domain>b.org');
    assert.equal(root.name, 'clientConfig');
    const provider = childrenNamed(root, 'emailProvider')[0];
    assert.ok(provider);
    assert.deepEqual(childrenNamed(provider, 'domain').map((domain) => domain.text), ['a.org', 'b.org']);
  });

  it('refuses text with no element and files too large to be a configuration', () => {
    assert.throws(() => readXml('just text'), XmlReadError);
    assert.throws(() => readXml(`<a>${'x'.repeat(600 * 1024)}</a>`), XmlReadError);
  });

  it('refuses nesting deep enough to exhaust the stack', () => {
    assert.throws(() => readXml('<a>'.repeat(1000)), XmlReadError);
  });
});
