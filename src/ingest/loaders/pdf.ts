import type { PageStart } from '../../core/text/text-origin.js';
import { type Loader, type LoaderOutcome, titleFromPath } from './loader.js';
import { readFileBytes } from './read-file.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjs: Promise<PdfJs> | undefined;

/** pdf.js is large: load it on the first PDF, not on every ingest run. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** Reads the text layer page by page; pages are separated by blank lines and their starts kept. */
export const loadPdf: Loader = async function* (input) {
  const read = await readFileBytes(input);
  if (!read.ok) {
    yield { kind: 'failure', failure: read.failure };
    return;
  }
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    // A copy: pdf.js may detach the buffer it is given.
    data: new Uint8Array(read.bytes),
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
    verbosity: 0,
  });
  let outcome: LoaderOutcome;
  try {
    const pdf = await task.promise;
    const pages: { number: number; text: string }[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      input.signal?.throwIfAborted();
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const parts: string[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        parts.push(item.str);
        if (item.hasEOL) parts.push('\n');
      }
      page.cleanup();
      const text = parts
        .join('')
        .split('\n')
        .map((line) => line.replace(/\s+/g, ' ').trim())
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      if (text.length > 0) pages.push({ number, text });
    }
    if (pages.length === 0) {
      outcome = failure(
        input,
        'no text layer (scanned PDF?) — run OCR first',
        'Run OCR (e.g. `ocrmypdf in.pdf out.pdf`) and ingest the result, or exclude the file.',
      );
    } else {
      const metadata = await pdf.getMetadata().catch(() => null);
      const info = (metadata?.info ?? {}) as Record<string, unknown>;
      const title = typeof info.Title === 'string' ? info.Title.trim() : '';
      outcome = {
        kind: 'document',
        draft: {
          id: input.relativePath,
          text: pages.map((page) => page.text).join('\n\n'),
          title: title.length > 0 ? title : titleFromPath(input.relativePath),
          source: input.relativePath,
          format: 'pdf',
          modifiedAt: input.modifiedAt,
          metadata: { pages: pdf.numPages },
          origin: { kind: 'pages', pages: pageStarts(pages) },
        },
      };
    }
  } catch (error) {
    input.signal?.throwIfAborted();
    outcome = describePdfError(input, error);
  } finally {
    await task.destroy();
  }
  yield outcome;
};

/** Where each page's text starts in the joined text (pages are joined with a blank line). */
function pageStarts(pages: readonly { number: number; text: string }[]): PageStart[] {
  const starts: PageStart[] = [];
  let offset = 0;
  for (const page of pages) {
    starts.push([offset, page.number]);
    offset += page.text.length + 2;
  }
  return starts;
}

function describePdfError(input: Parameters<Loader>[0], error: unknown): LoaderOutcome {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return failure(
      input,
      'the PDF is password-protected',
      'Remove the password (e.g. `qpdf --decrypt in.pdf out.pdf`) and ingest the result, or exclude the file.',
    );
  }
  if (name === 'InvalidPDFException') {
    return failure(
      input,
      `not a valid PDF (corrupt or truncated): ${message}`,
      'Re-export or re-download the PDF, or exclude the file.',
    );
  }
  return failure(
    input,
    `the PDF could not be read: ${message}`,
    'Re-export the PDF (e.g. "print to PDF"), or exclude the file.',
  );
}

function failure(input: Parameters<Loader>[0], reason: string, hint: string): LoaderOutcome {
  return {
    kind: 'failure',
    failure: {
      source: input.relativePath,
      documentId: input.relativePath,
      code: 'INPUT_INVALID',
      reason,
      hint,
    },
  };
}
