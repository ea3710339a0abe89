import path from 'node:path';
import type { DocumentFormat } from '../../core/types.js';
import { loadDocx } from './docx.js';
import { loadHtml } from './html.js';
import { loadJson } from './json.js';
import { loadJsonLines } from './jsonl.js';
import type { Loader } from './loader.js';
import { loadMarkdown } from './markdown.js';
import { loadPdf } from './pdf.js';
import { loadPlainText } from './plain-text.js';

export interface LoaderEntry {
  format: DocumentFormat;
  load: Loader;
  /** Streams the file: ingest.maxFileBytes then bounds a line, not the whole file. */
  streams: boolean;
  /** Yields one document per record (ids `${path}#${recordId}`), not one per file. */
  records: boolean;
}

const single = (format: DocumentFormat, load: Loader): LoaderEntry => ({
  format,
  load,
  streams: false,
  records: false,
});

const LOADERS: Record<string, LoaderEntry> = {
  '.md': single('markdown', loadMarkdown),
  '.markdown': single('markdown', loadMarkdown),
  '.mdx': single('markdown', loadMarkdown),
  '.txt': single('text', loadPlainText),
  '.text': single('text', loadPlainText),
  '.html': single('html', loadHtml),
  '.htm': single('html', loadHtml),
  '.pdf': single('pdf', loadPdf),
  '.docx': single('docx', loadDocx),
  '.json': { format: 'json', load: loadJson, streams: false, records: true },
  '.jsonl': { format: 'json', load: loadJsonLines, streams: true, records: true },
  '.ndjson': { format: 'json', load: loadJsonLines, streams: true, records: true },
};

export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(LOADERS);

/** The loader for a file by its extension (case-insensitive); null when the format is unsupported. */
export function selectLoader(filePath: string): LoaderEntry | null {
  return LOADERS[path.extname(filePath).toLowerCase()] ?? null;
}
