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
 * at every byte (455 runs each). Ours was faster on small chunks and slower on large ones, by a few
 * microseconds per event, which a token stream (one event every 10-50 ms) never notices: 2.4 MB,
 * 20,000 events, ours vs the library, medians of 9 on a loaded 2-core machine: one event per chunk
 * 233 vs 346 ms (12 vs 17 µs an event), 100-byte chunks 137 vs 282 ms, 64 KiB chunks 43 vs 24 ms.
 * A last event without its blank line is still dispatched (the two line ends fed at the end),
 * because some servers close right after `data: [DONE]`.
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
