import { encodeEventData, eventCatalogue, type DomainEvent } from '@ledger/domain';
import type { EventToAppend, JsonObject } from '@ledger/event-store';
import type { CommandContext } from './command-context';

/** What a decision adds to a command's context when its events are recorded. */
export interface RecordingFacts {
  /** When the events are recorded (ISO instant, the ledger's clock). */
  readonly recordedAt: string;
  /** The effective date the client gave, or the day the command was decided. */
  readonly effectiveDate: string;
  /** Days the entry takes effect before it is recorded beyond the back-dating window; 0 (or absent) when it is not late. */
  readonly lateEntryDays?: number;
}

/** A decided event as the store keeps it: its data, and metadata naming who, why and when. */
export function toStoredEvent(event: DomainEvent, id: string, context: CommandContext, facts: RecordingFacts): EventToAppend {
  const metadata: JsonObject = {
    commandId: context.commandId,
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor: { id: context.actor.id, role: context.actor.role, jurisdiction: context.actor.jurisdiction, issuer: context.actor.issuer ?? null },
    decisionRef: context.decisionRef,
    effectiveDate: facts.effectiveDate,
    recordedAt: facts.recordedAt,
    schemaVersion: eventCatalogue[event.type].schemaVersion,
  };
  // A late entry says so in its metadata, so auditors see the difference between the two clocks.
  if (facts.lateEntryDays !== undefined && facts.lateEntryDays > 0) {
    metadata.lateEntry = true;
    metadata.daysLate = facts.lateEntryDays;
  }
  return { id, type: event.type, data: encodeEventData(event), metadata };
}
