import { dienBien2024Localities, nationalTargetPrograms2021To2025 } from '@ledger/registry-import';
import type { CommandContext } from '@ledger/commands';
import type { RegistryService } from '@ledger/registry';

export function benchContextFor(commandId: string, decisionRef: string | null, effectiveDate = '2024-01-05'): CommandContext {
  return { commandId, correlationId: commandId, causationId: commandId, actor: { id: 'bench', role: 'operator', jurisdiction: null }, decisionRef, effectiveDate };
}

/** Registers the three programs and the Điện Biên fixture units, as an operator would (and as the end-to-end tests do). */
export async function seedRegistryWith(registry: RegistryService): Promise<void> {
  const context = benchContextFor('bench-seed', 'seed', '2024-01-01');
  for (const program of nationalTargetPrograms2021To2025) await registry.registerProgram(program, { ...context, commandId: `bench-seed-${program.programCode}` });
  await registry.importLocalities(dienBien2024Localities, [], context);
}
