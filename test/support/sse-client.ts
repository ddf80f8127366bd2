/** One server-sent event as a client reads it. */
export interface SseEvent {
  readonly id: string | undefined;
  readonly type: string;
  readonly data: string;
}

/**
 * A fetch-based reader of a server-sent event stream, as the dashboard reads the feed (an
 * EventSource cannot send a bearer token): it yields events as they arrive and stops when the
 * caller stops asking or the server ends the stream.
 */
export async function* readSse(response: Response): AsyncGenerator<SseEvent> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let id: string | undefined;
        let type = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') id = text;
          else if (field === 'event') type = text;
          else if (field === 'data') data.push(text);
        }
        if (data.length > 0 || id !== undefined) yield { id, type, data: data.join('\n') };
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** The first `count` events of a type (others, such as heartbeats, skipped). */
export async function takeEvents(events: AsyncGenerator<SseEvent>, count: number, type: string): Promise<SseEvent[]> {
  const taken: SseEvent[] = [];
  if (count === 0) return taken;
  for await (const event of events) {
    if (event.type !== type) continue;
    taken.push(event);
    if (taken.length >= count) break;
  }
  return taken;
}
