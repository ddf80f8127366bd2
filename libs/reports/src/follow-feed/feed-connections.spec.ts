import { HttpException } from '@nestjs/common';
import { FeedConnections, feedConnectionsPerUserMax } from './feed-connections';

describe('feed connections per user', () => {
  it(`opens up to ${feedConnectionsPerUserMax} per user, refuses one more with 429, and frees a place once released`, () => {
    const connections = new FeedConnections();
    const releases = Array.from({ length: feedConnectionsPerUserMax }, () => connections.acquire('a'));
    expect(connections.openFor('a')).toBe(feedConnectionsPerUserMax);
    let refusal: unknown;
    try {
      connections.acquire('a');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(HttpException);
    expect((refusal as HttpException).getStatus()).toBe(429);
    // Another user has places of their own.
    connections.acquire('b')();
    releases[0]();
    // Released twice counts once: a stream that ends in two ways frees one place.
    releases[0]();
    expect(connections.openFor('a')).toBe(feedConnectionsPerUserMax - 1);
    connections.acquire('a');
    expect(() => connections.acquire('a')).toThrow(HttpException);
  });
});
