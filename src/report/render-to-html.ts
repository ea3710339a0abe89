import type { JSX } from 'hono/jsx/jsx-runtime';
import { KnowhowError } from '../core/errors.js';

/**
 * A component tree as HTML text, through hono/jsx's server renderer: every string child and
 * attribute value is escaped there (& < > " '), so text from models and documents stays text.
 * The panels are synchronous; an asynchronous one would make this a promise, which is refused
 * here rather than printed as "[object Promise]".
 */
export function renderToHtml(element: JSX.Element): string {
  const html = (element as unknown as { toString(): string | Promise<string> }).toString();
  if (typeof html !== 'string') {
    throw new KnowhowError('INTERNAL', 'A page component rendered asynchronously.', {
      hint: 'Components under src/report/panels and src/serve/dashboard must be synchronous functions.',
    });
  }
  return html;
}
