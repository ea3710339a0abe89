import { PUBLIC_GROUP, type Reader } from './types.js';

/**
 * Whether a reader may read a document with these groups: the same rule the index applies inside
 * its query (public documents for everyone, a group's documents for its members; group names
 * trimmed and case-insensitive), for the places that hold a document rather than query for one.
 */
export function readerMayRead(reader: Reader, documentGroups: readonly string[]): boolean {
  if (reader.kind === 'all') return true;
  const allowed = new Set([PUBLIC_GROUP, ...reader.groups.map((group) => group.trim().toLowerCase())]);
  return documentGroups.some((group) => allowed.has(group.trim().toLowerCase()));
}
