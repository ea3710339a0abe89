import { it } from 'vitest';
import { convertHtmlToMarkdown } from './loaders/html-to-markdown.js';

const page = `<!doctype html><html><head><title>Refunds &amp; returns | Acme</title><style>body{color:red}</style><script>var x = "<p>no</p>";</script></head>
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
  <table><caption>Limits</caption><thead><tr><th>Plan</th><th>Days</th></tr></thead><tbody><tr><td>Basic</td><td>14</td></tr><tr><td>Pro | Plus</td><td>30</td></tr></tbody></table>
  <blockquote><p>Quoted text.</p><p>Second para.</p></blockquote>
  <form><label>Email<input name=e></label><button>Send</button></form>
  <div hidden>secret hidden</div><span style="display: none">invisible</span>
  <noscript>enable js</noscript>
  <footer>Share this</footer>
  </article>
</main>
<footer>© Acme 2026</footer></div></body></html>`;
it('x', () => {
  const r = convertHtmlToMarkdown(page);
  console.log(r.title);
  console.log(r.text);
  console.log(JSON.stringify(convertHtmlToMarkdown('<p>just a fragment</p><div>two</div>hello <b>x</b>')));
});
