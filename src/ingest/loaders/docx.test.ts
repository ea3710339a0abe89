import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDocx, buildZip } from '../__fixtures__/build-test-files.js';
import { createTempFolder, loadFolder, removeTempFolder, writeFiles } from '../__fixtures__/temp-folder.js';

describe('loading Word .docx', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('keeps headings as markdown headings and takes the title from the first one', async () => {
    await writeFiles(root, {
      'policy.docx': buildDocx([
        { heading: 1, text: 'Refund policy' },
        { paragraph: 'Refunds are issued within 14 days.' },
        { heading: 2, text: 'Exceptions' },
        { paragraph: 'Gift cards & vouchers are final.' },
      ]),
    });
    const { documents, failures } = await loadFolder({ root });
    expect(failures).toEqual([]);
    expect(documents).toEqual([
      expect.objectContaining({
        id: 'policy.docx',
        format: 'docx',
        title: 'Refund policy',
        text: '# Refund policy\n\nRefunds are issued within 14 days.\n\n## Exceptions\n\nGift cards & vouchers are final.',
      }),
    ]);
  });

  it('reports a corrupt file, a zip that is not a Word document, and an empty document', async () => {
    await writeFiles(root, {
      'corrupt.docx': 'PK\u0003\u0004 garbage',
      'other-zip.docx': buildZip([['hello.txt', 'not word']]),
      'empty.docx': buildDocx([]),
    });
    const { documents, failures } = await loadFolder({ root });
    expect(documents).toEqual([]);
    expect(failures).toEqual([
      expect.objectContaining({
        source: 'corrupt.docx',
        reason: expect.stringContaining('not a valid .docx'),
      }),
      expect.objectContaining({ source: 'empty.docx', reason: 'the document has no text' }),
      expect.objectContaining({
        source: 'other-zip.docx',
        reason: expect.stringContaining('not a valid .docx'),
      }),
    ]);
  });
});
