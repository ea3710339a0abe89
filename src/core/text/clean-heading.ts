/**
 * A heading as a reader sees it, for titles and heading paths: link and image text without
 * targets, no emphasis or code marks, no inline HTML (README badges), whitespace collapsed.
 */
export function cleanHeading(heading: string): string {
  return heading
    .replace(/<[^>]*>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
