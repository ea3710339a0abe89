/**
 * Chunk stage: cuts a loaded document into passages along its structure (headings, paragraphs,
 * lists, code, tables, sentences) to a token budget with overlap, each keeping its document id,
 * heading path and exact character offsets so a citation can point at the passage.
 * It only reads `SourceDocument.text`: it never rewrites text, loads files, embeds or indexes.
 */
export { type ChunkOptions, chunkDocument } from './chunk-document.js';
export { splitSentences, type TextSpan } from './split-sentences.js';
