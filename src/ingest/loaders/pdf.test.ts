import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPdf } from '../__fixtures__/build-test-files.js';
import { createTempFolder, loadFolder, removeTempFolder, writeFiles } from '../__fixtures__/temp-folder.js';

describe('loading PDF', () => {
  let root: string;
  beforeEach(async () => {
    root = await createTempFolder();
  });
  afterEach(async () => {
    await removeTempFolder(root);
  });

  it('reads the text layer page by page, with the title from the metadata', async () => {
    await writeFiles(root, {
      'handbook.pdf': buildPdf({
        pages: [['Refund policy (v2)', 'Refunds take 14 days.'], ['Page two: exceptions.']],
        title: 'Employee Handbook',
      }),
      'untitled.pdf': buildPdf({ pages: [['Just text.']] }),
    });
    const { documents, failures } = await loadFolder({ root });
    expect(failures).toEqual([]);
    expect(documents).toEqual([
      expect.objectContaining({
        id: 'handbook.pdf',
        format: 'pdf',
        title: 'Employee Handbook',
        text: 'Refund policy (v2)\nRefunds take 14 days.\n\nPage two: exceptions.',
        metadata: { pages: 2 },
      }),
      expect.objectContaining({ id: 'untitled.pdf', title: 'untitled', text: 'Just text.' }),
    ]);
  });

  it('reports a PDF without a text layer, and a corrupt one, and goes on', async () => {
    await writeFiles(root, {
      'scanned.pdf': buildPdf({ pages: [[], []] }),
      'corrupt.pdf': '%PDF-1.4\nthis is not a PDF body\n',
      'truncated.pdf': buildPdf({ pages: [['Cut short']] }).subarray(0, 120),
      'zz-good.md': '# Still loaded\n',
    });
    const { documents, failures } = await loadFolder({ root });
    expect(documents.map((document) => document.id)).toEqual(['zz-good.md']);
    expect(failures).toEqual([
      expect.objectContaining({
        source: 'corrupt.pdf',
        documentId: 'corrupt.pdf',
        code: 'INPUT_INVALID',
        reason: expect.stringContaining('not a valid PDF'),
      }),
      expect.objectContaining({
        source: 'scanned.pdf',
        reason: 'no text layer (scanned PDF?) — run OCR first',
        hint: expect.stringContaining('ocrmypdf'),
      }),
      expect.objectContaining({ source: 'truncated.pdf', code: 'INPUT_INVALID' }),
    ]);
  });
});
