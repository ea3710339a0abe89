import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempFolder, loadFolder, removeTempFolder, writeFiles } from '../__fixtures__/temp-folder.js';
import { sniffCharset } from './html.js';

describe('loading HTML', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('loads the main content with the page title', async () => {
    await writeFiles(root, {
      'site/faq.html':
        '<html><head><title>FAQ</title></head><body><nav>Menu</nav><main><h1>Questions</h1><p>Answer.</p></main></body></html>',
      'site/no-title.htm': '<p>Plain page.</p>',
    });
    const { documents, failures } = await loadFolder({ root });
    expect(failures).toEqual([]);
    expect(documents.map(({ id, title, text, format }) => ({ id, title, text, format }))).toEqual([
      { id: 'site/faq.html', title: 'FAQ', text: '# Questions\n\nAnswer.', format: 'html' },
      { id: 'site/no-title.htm', title: 'no-title', text: 'Plain page.', format: 'html' },
    ]);
  });

  it('decodes a page in the legacy charset it declares', async () => {
    const latin1 = Buffer.concat([
      Buffer.from('<html><head><meta charset="windows-1252"></head><body><p>Caf'),
      Buffer.from([0xe9, 0x20, 0x80]),
      Buffer.from('5</p></body></html>'),
    ]);
    await writeFiles(root, { 'old.html': latin1 });
    const { documents } = await loadFolder({ root });
    expect(documents[0]?.text).toBe('Café €5');
  });

  it('reports a page whose main content has no text', async () => {
    await writeFiles(root, {
      'app.html': '<html><body><nav>Menu</nav><div id="root"></div><script>render()</script></body></html>',
    });
    const { documents, failures } = await loadFolder({ root });
    expect(documents).toEqual([]);
    expect(failures).toEqual([
      expect.objectContaining({ source: 'app.html', reason: expect.stringContaining('no readable text') }),
    ]);
  });
});

describe('sniffCharset', () => {
  it('reads <meta charset> and http-equiv declarations', () => {
    expect(sniffCharset(Buffer.from('<meta charset="ISO-8859-1">'))).toBe('iso-8859-1');
    expect(
      sniffCharset(Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')),
    ).toBe('shift_jis');
    expect(sniffCharset(Buffer.from('<p>none</p>'))).toBeNull();
  });
});
