import { describe, expect, it } from 'vitest';
import { convertHtmlToMarkdown } from './html-to-markdown.js';

const PAGE = `<!doctype html><html><head><title>Refunds &amp; returns | Acme</title>
<style>body{color:red}</style><script>var x = "<p>no</p>";</script></head>
<body><header><a href="/">Acme</a><nav><ul><li><a href="/a">Home</a></li><li>Docs</li></ul></nav></header>
<div class="layout"><aside>Related: other stuff</aside>
<main>
  <article><header><h1>Refund   policy</h1><p class="byline">By Ops</p></header>
  <p>Refunds are issued within <strong>14&nbsp;days</strong> of   purchase.<br>Contact <a href="mailto:x">support</a>.</p>
  <h2>Steps</h2>
  <ol><li>Open the <code>orders</code> page</li><li><p>Pick the order</p><ul><li>Nested a</li><li>Nested b</li></ul></li><li>Confirm</li></ol>
  <pre><code class="language-bash">curl -X POST \\
  https://api.acme.test/refunds &lt;id&gt;
</code></pre>
  <table><caption>Limits</caption><thead><tr><th>Plan</th><th>Days</th></tr></thead>
  <tbody><tr><td>Basic</td><td>14</td></tr><tr><td>Pro | Plus</td><td>30</td></tr></tbody></table>
  <blockquote><p>Quoted text.</p><p>Second para.</p></blockquote>
  <form><label>Email<input name=e></label><button>Send</button></form>
  <div hidden>secret hidden</div><span style="display: none">invisible</span>
  <noscript>enable js</noscript>
  <footer>Share this</footer>
  </article>
</main>
<footer>© Acme 2026</footer></div></body></html>`;

describe('convertHtmlToMarkdown', () => {
  it('keeps the main content as markdown and drops page chrome, scripts, forms and hidden parts', () => {
    const result = convertHtmlToMarkdown(PAGE);
    expect(result.title).toBe('Refunds & returns | Acme');
    expect(result.text).toBe(
      [
        '# Refund policy',
        '',
        'By Ops',
        '',
        'Refunds are issued within 14 days of purchase.',
        'Contact support.',
        '',
        '## Steps',
        '',
        '1. Open the `orders` page',
        '2. Pick the order',
        '   - Nested a',
        '   - Nested b',
        '3. Confirm',
        '',
        '```bash',
        'curl -X POST \\',
        '  https://api.acme.test/refunds <id>',
        '```',
        '',
        'Limits',
        '',
        '| Plan | Days |',
        '| --- | --- |',
        '| Basic | 14 |',
        '| Pro \\| Plus | 30 |',
        '',
        '> Quoted text.',
        '>',
        '> Second para.',
      ].join('\n'),
    );
    for (const chrome of [
      'Home',
      'Related',
      '©',
      'Share this',
      'secret',
      'invisible',
      'enable js',
      'var x',
      'Send',
    ]) {
      expect(result.text).not.toContain(chrome);
    }
  });

  it('without <main> or <article>, uses the body minus its header, navigation and footer', () => {
    const result = convertHtmlToMarkdown(
      '<body><header>Site name</header><nav>Menu</nav><h1>Guide</h1><p>Body text.</p><footer>Legal</footer></body>',
    );
    expect(result).toMatchObject({ text: '# Guide\n\nBody text.', title: 'Guide' });
  });

  it('uses [role=main], or every top-level article when there are several', () => {
    expect(convertHtmlToMarkdown('<div>Chrome</div><div role="main"><p>Content</p></div>').text).toBe(
      'Content',
    );
    const articles = convertHtmlToMarkdown(
      '<div>Chrome</div><article><h2>One</h2><article><p>Inner</p></article></article><article><h2>Two</h2></article>' +
        '<aside><article>Teaser</article></aside>',
    );
    expect(articles.text).toBe('## One\n\nInner\n\n## Two');
  });

  it('decodes entities and keeps text of fragments without any structure', () => {
    const html = 'A &lt;b&gt; &#8364;5 &eacute;<div>two</div>tail <b>bold</b>';
    const result = convertHtmlToMarkdown(html);
    expect(result).toMatchObject({ text: 'A <b> €5 é\n\ntwo\n\ntail bold', title: null });
    // Each block of the text and the markup it came from.
    expect(
      result.blocks.map((block) => [
        result.text.slice(block.textStart, block.textEnd),
        html.slice(block.htmlStart, block.htmlEnd),
      ]),
    ).toEqual([
      ['A <b> €5 é', 'A &lt;b&gt; &#8364;5 &eacute;'],
      ['two', 'two'],
      ['tail bold', 'tail <b>bold'],
    ]);
  });

  it('maps headings, code, tables and quotes to their whole elements', () => {
    const html =
      '<main><h2>Limits</h2>\n<pre><code>GET /v2</code></pre>\n<table><tr><th>Plan</th></tr><tr><td>Pro</td></tr></table>\n<blockquote><p>Quoted.</p></blockquote>\n<ul><li>One</li></ul></main>';
    const result = convertHtmlToMarkdown(html);
    expect(result.blocks.map((block) => html.slice(block.htmlStart, block.htmlEnd))).toEqual([
      '<h2>Limits</h2>',
      '<pre><code>GET /v2</code></pre>',
      '<table><tr><th>Plan</th></tr><tr><td>Pro</td></tr></table>',
      '<blockquote><p>Quoted.</p></blockquote>',
      'One',
    ]);
  });

  it('renders layout tables (tables of tables) as blocks, not pipe rows', () => {
    const result = convertHtmlToMarkdown(
      '<table><tr><td><table><tr><td>Menu</td></tr></table></td><td><p>Article text.</p></td></tr></table>',
    );
    expect(result.text).toBe('Menu\n\nArticle text.');
  });

  it('survives markup nested thousands deep (unclosed tags) by flattening it to text', () => {
    const unclosed = `<h1>Deep</h1>${'<div><b>word '.repeat(6000)}<script>no()</script>end`;
    const result = convertHtmlToMarkdown(unclosed);
    expect(result.title).toBe('Deep');
    expect(result.text.startsWith('# Deep\n\nword')).toBe(true);
    expect(result.text.endsWith('word end')).toBe(true);
    expect(result.text.match(/word/g)).toHaveLength(6000);
    expect(result.text).not.toContain('no()');
  });

  it('uses a longer fence when the code itself contains a fence', () => {
    const result = convertHtmlToMarkdown('<pre>```\ninner\n```</pre>');
    expect(result.text).toBe('````\n```\ninner\n```\n````');
  });
});
