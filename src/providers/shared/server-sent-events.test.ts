import { describe, expect, it } from 'vitest';
import { parseServerSentEvents, type ServerSentEvent } from './server-sent-events.js';

async function* chunksOf(parts: string[]): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for (const part of parts) yield encoder.encode(part);
}

async function collect(parts: string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of parseServerSentEvents(chunksOf(parts))) events.push(event);
  return events;
}

describe('parseServerSentEvents', () => {
  it('reads event names, data and the [DONE] sentinel', async () => {
    const events = await collect(['event: ping\ndata: {"a":1}\n\n', 'data: [DONE]\n\n']);
    expect(events).toEqual([
      { event: 'ping', data: '{"a":1}' },
      { event: 'message', data: '[DONE]' },
    ]);
  });

  it('joins multi-line data and ignores comments and unknown fields', async () => {
    const events = await collect([': keep-alive\n', 'id: 7\ndata: one\ndata:two\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('handles CRLF and CR line ends, including a CRLF split across chunks', async () => {
    const events = await collect(['data: a\r', '\n\r\n', 'data: b\r\rdata: c\r\n\r\n']);
    expect(events.map((event) => event.data)).toEqual(['a', 'b', 'c']);
  });

  it('handles lines and multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: héllo\n\n');
    const events: ServerSentEvent[] = [];
    async function* split(): AsyncGenerator<Uint8Array> {
      for (const byte of bytes) yield new Uint8Array([byte]);
    }
    for await (const event of parseServerSentEvents(split())) events.push(event);
    expect(events).toEqual([{ event: 'message', data: 'héllo' }]);
  });

  it('dispatches a final event that has no blank line after it', async () => {
    expect(await collect(['data: x\n\ndata: [DONE]'])).toEqual([
      { event: 'message', data: 'x' },
      { event: 'message', data: '[DONE]' },
    ]);
  });

  it('drops an event name with no data', async () => {
    expect(await collect(['event: lonely\n\ndata: y\n\n'])).toEqual([{ event: 'message', data: 'y' }]);
  });

  it('reads every edge case the same however the bytes are split', async () => {
    const message = (data: string, event = 'message'): ServerSentEvent => ({ event, data });
    const cases: Array<[text: string, expected: ServerSentEvent[]]> = [
      ['data: a\r\n\rdata: b\n\r\ndata: c\r\ndata: d\n\n', [message('a'), message('b'), message('c\nd')]],
      ['data: x\r', [message('x')]],
      ['retry: 1000\nretry: abc\nfoo: bar\nid: 3\ndata: z\n\n', [message('z')]],
      ['data\ndata\n\n', [message('\n')]],
      ['data:a\ndata:  b\n\n', [message('a\n b')]],
      ['data:\n\n', [message('')]],
      ['\uFEFFdata: bom\n\n', [message('bom')]],
      ['event:\ndata: e\n\n', [message('e')]],
      ['event: a\ndata: 1\n\ndata: 2\n\n', [message('1', 'a'), message('2')]],
      ['Data: no\nDATA: no\n\n\n\r\n', []],
      ['data: a\n: comment\ndata: b\n\n', [message('a\nb')]],
      ['data: héllo ✓ 😀\n\n', [message('héllo ✓ 😀')]],
    ];
    for (const [text, expected] of cases) {
      const bytes = new TextEncoder().encode(text);
      for (let cut = 0; cut <= bytes.length; cut++) {
        async function* twoChunks(): AsyncGenerator<Uint8Array> {
          yield bytes.subarray(0, cut);
          yield bytes.subarray(cut);
        }
        const events: ServerSentEvent[] = [];
        for await (const event of parseServerSentEvents(twoChunks())) events.push(event);
        expect(events, `${JSON.stringify(text)} cut at byte ${cut}`).toEqual(expected);
      }
    }
  });
});
