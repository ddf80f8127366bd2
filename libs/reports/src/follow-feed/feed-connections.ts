import { HttpException, HttpStatus, Injectable } from '@nestjs/common';

/**
 * Open feed connections per user: each one holds a database reader in a loop, so a user (or a
 * script with one user's token) may hold only a few at a time. The count lives in this process;
 * behind several API processes each bounds its own.
 */
export const feedConnectionsPerUserMax = 3;

@Injectable()
export class FeedConnections {
  private readonly openByUser = new Map<string, number>();

  /** Takes one of the user's connections, or refuses with 429; the caller releases it once, when the stream ends. */
  acquire(userId: string): () => void {
    const open = this.openByUser.get(userId) ?? 0;
    if (open >= feedConnectionsPerUserMax) {
      throw new HttpException(`at most ${feedConnectionsPerUserMax} feed connections per user are open at a time; close one first`, HttpStatus.TOO_MANY_REQUESTS);
    }
    this.openByUser.set(userId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const now = (this.openByUser.get(userId) ?? 1) - 1;
      if (now <= 0) this.openByUser.delete(userId);
      else this.openByUser.set(userId, now);
    };
  }

  openFor(userId: string): number {
    return this.openByUser.get(userId) ?? 0;
  }
}
