import { describe, expect, it } from 'vitest';
import { escapeHtml, serializeJsonForScript } from './escape-html.js';

describe('escapeHtml', () => {
  it('escapes every character that can open markup or close an attribute', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')"> & co`)).toBe(
      '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co',
    );
  });

  it('leaves ordinary text alone, including non-ASCII', () => {
    expect(escapeHtml('Settings › Security — 30 days')).toBe('Settings › Security — 30 days');
  });
});

describe('serializeJsonForScript', () => {
  const hostile = {
    answer: '</script><img src=x onerror=alert(1)>',
    comment: '<!-- <script>',
    separators: 'line\u2028paragraph\u2029end',
  };

  it('never lets a closing script tag or comment opener through', () => {
    const text = serializeJsonForScript(hostile);
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain('<!--');
    expect(text).not.toContain('<');
    expect(text).not.toContain('\u2028');
    expect(text).not.toContain('\u2029');
  });

  it('parses back to exactly the original value', () => {
    expect(JSON.parse(serializeJsonForScript(hostile))).toEqual(hostile);
  });
});
