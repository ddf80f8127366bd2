import { statSync } from 'node:fs';
import { join } from 'node:path';
import { childMain } from '../support/child-process';
import { peakRssMb, round } from '../support/driver';
import { generateStore, type GeneratedStore } from '../support/event-generator';

export interface GenerateInput {
  readonly dataDir: string;
  readonly events: number;
  readonly seed: number;
}

export interface GenerateOutput extends GeneratedStore {
  readonly fileMegabytes: number;
  readonly peakRssMb: number;
}

async function run(input: GenerateInput): Promise<GenerateOutput> {
  const generated = await generateStore(input.dataDir, input.events, input.seed);
  const fileBytes = ['events.sqlite', 'events.sqlite-wal'].reduce((sum, name) => {
    try {
      return sum + statSync(join(input.dataDir, name)).size;
    } catch {
      return sum;
    }
  }, 0);
  return { ...generated, fileMegabytes: round(fileBytes / 1e6, 1), peakRssMb: peakRssMb() };
}

if (require.main === module) childMain(run);
