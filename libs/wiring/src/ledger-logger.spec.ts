import { ledgerLogger } from './ledger-logger';

function captured(write: () => void): string {
  const chunks: string[] = [];
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true));
  try {
    write();
  } finally {
    stdout.mockRestore();
  }
  return chunks.join('');
}

describe('ledgerLogger', () => {
  it('writes one JSON object a line with LEDGER_LOG_FORMAT=json', () => {
    const text = captured(() => ledgerLogger({ logLevel: 'log', logFormat: 'json' }).log('projecting', 'Projector'));
    expect(JSON.parse(text.trim())).toMatchObject({ level: 'log', message: 'projecting', context: 'Projector' });
  });

  it('leaves out messages below the configured level', () => {
    expect(captured(() => ledgerLogger({ logLevel: 'warn', logFormat: 'json' }).log('projecting', 'Projector'))).toBe('');
  });
});
