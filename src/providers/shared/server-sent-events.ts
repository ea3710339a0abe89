/** One dispatched Server-Sent Event. `event` is 'message' when the server named none. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Parses a byte stream as Server-Sent Events (WHATWG rules: `data:` lines joined by newlines,
 * `event:` names, `:` comments, CR/LF/CRLF line ends, a blank line dispatches). A last event
 * without its blank line is still dispatched, because some servers close right after `data: [DONE]`.
 */
export async function* parseServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  let dataLines: string[] = [];
  let eventName = '';

  const takeEvent = (): ServerSentEvent | undefined => {
    if (dataLines.length === 0) {
      eventName = '';
      return undefined;
    }
    const event = { event: eventName === '' ? 'message' : eventName, data: dataLines.join('\n') };
    dataLines = [];
    eventName = '';
    return event;
  };

  const readLine = (line: string): ServerSentEvent | undefined => {
    if (line === '') return takeEvent();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') dataLines.push(value);
    else if (field === 'event') eventName = value;
    return undefined;
  };

  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    let start = 0;
    // Positions of the next CR and LF, found once and reused, so a chunk of many lines is scanned once.
    let cr = -2;
    let lf = -2;
    for (;;) {
      if (cr !== -1 && cr < start) cr = buffer.indexOf('\r', start);
      if (lf !== -1 && lf < start) lf = buffer.indexOf('\n', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A CR at the very end may be the first half of a CRLF split across chunks.
        if (cr === buffer.length - 1) break;
        end = cr;
        next = buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      const event = readLine(buffer.slice(start, end));
      start = next;
      if (event !== undefined) yield event;
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.decode();
  for (const line of buffer.split(/\r\n|\r|\n/)) {
    const event = readLine(line);
    if (event !== undefined) yield event;
  }
  const last = takeEvent();
  if (last !== undefined) yield last;
}
