import { accountStreamCategory, decodeEvent, parseAccountId, parseAccountStreamId, type AccountKey, type DomainEvent } from '@ledger/domain';
import type { ProjectionEvent } from '../source/event-source';

/** The metadata fields the read models keep, read once per event. */
export interface EventMetadataFields {
  readonly commandId: string | null;
  readonly actorId: string | null;
  readonly actorRole: string | null;
  readonly actorJurisdiction: string | null;
  readonly decisionRef: string | null;
  readonly effectiveDate: string | null;
  /** The writer marked the event as entered late (`lateEntry: true`). */
  readonly lateEntry: boolean;
}

export interface AccountRef {
  readonly accountId: string;
  readonly key: AccountKey;
}

/** A stored event decoded once per batch and shared by every projection. */
export interface DecodedEvent {
  readonly position: bigint;
  readonly eventId: string;
  readonly streamId: string;
  /** Its revision in its stream, where the source gives it. */
  readonly revision: bigint | undefined;
  readonly recordedAt: Date;
  /** `recordedAt` as ISO 8601 text, made once for every projection that stores it. */
  readonly recordedAtText: string;
  readonly event: DomainEvent;
  /** The account whose stream holds the event; undefined for registry events. */
  readonly account: AccountRef | undefined;
  readonly metadata: EventMetadataFields;
}

/** Parsed account ids kept per decoder; ids repeat heavily, and parsing each time is the hot path's largest cost after JSON. */
const accountCacheEntriesMax = 100_000;
const accountStreamPrefix = `${accountStreamCategory}-`;

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Decodes stored events for the projections. Account ids (of streams and of counterparties) are
 * parsed once and cached; a stream or counterparty id that does not parse is a broken invariant
 * and stops the projection.
 */
export class EventDecoder {
  private readonly accounts = new Map<string, AccountRef>();

  decode(stored: ProjectionEvent): DecodedEvent {
    if (stored.unreadable) throw new Error(`event ${stored.id} at position ${stored.position.toString()} has stored content that is not JSON`);
    const event = decodeEvent(stored.type, stored.data, stored.metadata.schemaVersion);
    const metadata = stored.metadata;
    const actor = metadata.actor;
    const actorObject = actor !== null && typeof actor === 'object' && !Array.isArray(actor) ? actor : undefined;
    return {
      position: stored.position,
      eventId: stored.id,
      streamId: stored.streamId,
      revision: stored.revision,
      recordedAt: stored.recordedAt,
      recordedAtText: stored.recordedAt.toISOString(),
      event,
      account: stored.streamId.startsWith(accountStreamPrefix) ? this.streamAccount(stored.streamId) : undefined,
      metadata: {
        commandId: text(metadata.commandId),
        actorId: text(actorObject?.id),
        actorRole: text(actorObject?.role),
        actorJurisdiction: text(actorObject?.jurisdiction),
        decisionRef: text(metadata.decisionRef),
        effectiveDate: text(metadata.effectiveDate),
        lateEntry: metadata.lateEntry === true,
      },
    };
  }

  /** The account named by an id in event data (a transfer's counterparty). */
  account(accountId: string): AccountRef {
    const cached = this.accounts.get(accountId);
    if (cached) return cached;
    const key = parseAccountId(accountId);
    if (!key) throw new Error(`event data names account ${accountId}, which is not an account id`);
    return this.remember(accountId, { accountId, key });
  }

  private streamAccount(streamId: string): AccountRef {
    const cached = this.accounts.get(streamId);
    if (cached) return cached;
    const key = parseAccountStreamId(streamId);
    if (!key) throw new Error(`stream ${streamId} is not an account stream`);
    return this.remember(streamId, { accountId: streamId.slice(accountStreamPrefix.length), key });
  }

  private remember(id: string, ref: AccountRef): AccountRef {
    if (this.accounts.size >= accountCacheEntriesMax) this.accounts.clear();
    this.accounts.set(id, ref);
    return ref;
  }
}
