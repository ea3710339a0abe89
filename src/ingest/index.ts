/**
 * ingest — walks the inputs, loads each file (Markdown, HTML, PDF, DOCX, text, JSON/JSONL) into
 * documents with access groups, chunks them with the chunker it is given, embeds them with the
 * embedder it is given and writes them to the IndexStore it is given, incrementally.
 * Entry file: other folders import ingest through here.
 */

export { createJsonFileLedger, type FileLedger, type FileLedgerEntry } from './file-ledger.js';
export {
  describeFailure,
  type IngestFailure,
  type LoadDocumentsOptions,
  type LoadOutcome,
  loadDocuments,
} from './load-documents.js';
export { listKnownVersions, RunDocuments } from './run-documents.js';
export { type IngestOptions, type IngestSummary, runIngest } from './run-ingest.js';
