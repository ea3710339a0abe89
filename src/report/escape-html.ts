/**
 * Answers, questions and chunk text come from models and documents: every one of them is hostile
 * until escaped. These two functions are the only way text enters the HTML report.
 */

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML (or SVG) text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character]!);
}

/**
 * JSON for a `<script type="application/json">` element. Every `<` becomes `\u003c`, which covers
 * `</script`, `<!--` and `<script` (the sequences that end or confuse a script element), and the line
 * separators U+2028/U+2029 are escaped so the text stays valid wherever it is later evaluated.
 * JSON.parse reads the escapes back as the original characters.
 */
export function serializeJsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
