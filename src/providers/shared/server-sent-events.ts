import { createParser } from 'eventsource-parser';

/** One dispatched Server-Sent Event. `event` is 'message' when the server named none. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Parses a byte stream as Server-Sent Events with `eventsource-parser` (WHATWG rules: `data:`
 * lines joined by newlines, `event:` names, `:` comments, CR/LF/CRLF line ends, a blank line
 * dispatches). It replaced a hand-written parser (2026-12-06): both passed the same 20 cases split
 * at every byte (455 runs each), and the speed differs by microseconds per event, which a token
 * stream never notices (2.4 MB, 20,000 events: 43 vs 24 ms in 64 KiB chunks, 137 vs 285 ms in
 * 100-byte chunks, ours vs the library). A last event without its blank line is still dispatched
 * (the two line ends fed at the end), because some servers close right after `data: [DONE]`.
 */
export async function* parseServerSentEvents(
  body: AsyncIterable<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  let events: ServerSentEvent[] = [];
  const parser = createParser({
    onEvent: (message) => {
      events.push({ event: message.event ?? 'message', data: message.data });
    },
  });
  const takeEvents = (): ServerSentEvent[] => {
    const taken = events;
    events = [];
    return taken;
  };
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    if (events.length > 0) yield* takeEvents();
  }
  parser.feed(`${decoder.decode()}\n\n`);
  yield* takeEvents();
}
