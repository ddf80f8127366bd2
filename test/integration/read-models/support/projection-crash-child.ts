/**
 * Run as a separate process by the projection crash test, then killed with SIGKILL:
 *   live N     — the runner catches up in small batches and the process dies inside the Nth
 *                batch's transaction, after some of its rows are written and before the commit;
 *   rebuild N  — a rebuild of every projection dies after its Nth batch.
 */
import { SqliteEventStore } from '@ledger/event-store-sqlite';
import { allProjections, ProjectionRebuilder, ProjectionRunner, projectionNames, type Projection } from '@ledger/read-models';
import { openEmbeddedReadSide } from '@ledger/read-models-sqlite';

function dieInsideBatch(projection: Projection, batchNumber: number): Projection {
  let batches = 0;
  return {
    ...projection,
    startBatch: (decoder) => {
      const batch = projection.startBatch(decoder);
      return {
        apply: (event) => batch.apply(event),
        write: async (writer) => {
          await batch.write(writer);
          batches += 1;
          if (batches === batchNumber) {
            process.stdout.write('dying inside a batch\n', () => process.kill(process.pid, 'SIGKILL'));
            await new Promise(() => undefined);
          }
        },
      };
    },
  };
}

async function main(): Promise<void> {
  const [eventStoreFile, readStoreFile, mode, countText] = process.argv.slice(2);
  const count = Number(countText);
  const readSide = await openEmbeddedReadSide({ readStoreFile, eventStoreFile });
  if (mode === 'live') {
    const eventStore = await SqliteEventStore.open({ filePath: eventStoreFile });
    // The audit trail is written third of four: the batch dies with the registry, balances and audit rows written and the transfers not.
    const projections = allProjections.map((projection) => (projection.name === 'audit-trail' ? dieInsideBatch(projection, count) : projection));
    const runner = new ProjectionRunner(readSide.store, readSide.source, eventStore, { batchEventCountMax: 97, projections });
    await runner.start();
    await new Promise(() => undefined);
  }
  let batches = 0;
  const dying = new ProjectionRebuilder(readSide.store, readSide.source, {
    batchEventCountMax: 97,
    onBatch: async () => {
      batches += 1;
      if (batches === count) {
        process.stdout.write('dying during a rebuild\n', () => process.kill(process.pid, 'SIGKILL'));
        await new Promise(() => undefined);
      }
    },
  });
  await dying.run(projectionNames);
}

void main();
