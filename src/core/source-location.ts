import type { SourceLocation } from './types.js';

const locationKeys = ['sourceStart', 'sourceEnd', 'line', 'endLine', 'page', 'endPage'] as const;

/** The location fields `from` has; absent ones stay absent (a derived-text chunk has none). */
export function pickSourceLocation(from: SourceLocation): SourceLocation {
  const location: SourceLocation = {};
  for (const key of locationKeys) {
    const value = from[key];
    if (value !== undefined) location[key] = value;
  }
  return location;
}

/**
 * How people and tools read a location: `billing/refunds.md:7` (the line where the passage
 * starts, the form editors and terminals open), `handbook.pdf p. 3` or `p. 3–4`; just the file
 * when there is neither.
 */
export function formatSourceLocation(source: string, location: SourceLocation): string {
  if (location.page !== undefined) {
    const pages =
      location.endPage !== undefined && location.endPage !== location.page
        ? `pp. ${location.page}–${location.endPage}`
        : `p. ${location.page}`;
    return `${source} ${pages}`;
  }
  return location.line === undefined ? source : `${source}:${location.line}`;
}

/** The snake_case fields the HTTP API adds to a search hit or a citation. */
export function sourceLocationJson(location: SourceLocation): Record<string, number> {
  const json: Record<string, number> = {};
  if (location.sourceStart !== undefined) json.source_start = location.sourceStart;
  if (location.sourceEnd !== undefined) json.source_end = location.sourceEnd;
  if (location.line !== undefined) json.line = location.line;
  if (location.endLine !== undefined) json.end_line = location.endLine;
  if (location.page !== undefined) json.page = location.page;
  if (location.endPage !== undefined) json.end_page = location.endPage;
  return json;
}
