import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArrayEventSource, linkedHistory } from '../../testing';
import { checkDigestSignature, parseDigest } from '../digest/ledger-digest';
import { generateSigningKeyPem, readSigningKey } from '../digest/signing-key';
import { sha256Hex } from '../hash-link';
import { DigestRecord, digestFileName, digestRecordFileName, DigestRecordError } from './digest-record';
import { recordDigest, type RecordDigestOptions } from './record-digest';

function keyFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ledger-key-')), 'digest.key');
  writeFileSync(file, generateSigningKeyPem().privateKeyPem);
  return file;
}

describe('the digest record', () => {
  const key = readSigningKey(keyFile());
  const events = linkedHistory({ 'account-A': 4, 'account-B': 3 });
  const at = (iso: string) => new Date(iso);
  const options = (record: DigestRecord, source: ArrayEventSource, now = at('2024-12-01T00:00:00Z')): RecordDigestOptions => ({ source, record, store: 'sqlite', signingKey: () => key, now });

  it('names a digest by its position, padded so that names sort as positions', () => {
    expect(digestFileName(1330n)).toBe('digest-00000000000000001330.json');
    expect(digestFileName(18_446_744_073_709_551_615n)).toBe('digest-18446744073709551615.json');
  });

  it('keeps a digest after appends, none when nothing changed, and the file is the signed digest with its hash in the line', async () => {
    const record = new DigestRecord(join(mkdtempSync(join(tmpdir(), 'ledger-digests-')), 'digests'));
    const source = new ArrayEventSource([]);
    expect(await recordDigest(options(record, source))).toEqual({ kind: 'skipped', reason: 'empty-store', headPosition: -1n });
    source.events.push(...events.slice(0, 4));
    const first = await recordDigest(options(record, source));
    expect(first).toMatchObject({ kind: 'made', entry: { position: '3', eventCount: 4, file: digestFileName(3n), store: 'sqlite', keyId: key.keyId } });
    expect(await recordDigest(options(record, source))).toEqual({ kind: 'skipped', reason: 'no-new-events', headPosition: 3n });
    source.events.push(...events.slice(4));
    const second = await recordDigest(options(record, source, at('2024-12-02T00:00:00Z')));
    expect(second).toMatchObject({ kind: 'made', entry: { position: '6', eventCount: 7, createdAt: '2024-12-02T00:00:00.000Z' } });

    const text = readFileSync(join(record.dir, digestFileName(6n)), 'utf8');
    expect(checkDigestSignature(parseDigest(JSON.parse(text))).valid).toBe(true);
    expect(sha256Hex(text)).toBe(record.last()?.sha256);
    expect(record.readFile(record.find(6n)!).toString('utf8')).toBe(text);
    // Another reader of the folder (a restart, another process) sees the same record.
    expect(new DigestRecord(record.dir).entries().map((entry) => entry.position)).toEqual(['3', '6']);
    expect(new DigestRecord(record.dir).list({ afterPosition: 3n })).toEqual([record.find(6n)]);
    expect(new DigestRecord(record.dir).list({ limit: 1 }).map((entry) => entry.position)).toEqual(['3']);
  });

  it('reads only whole lines, drops a line cut short before the next append, and refuses a line that is not an entry', async () => {
    const record = new DigestRecord(mkdtempSync(join(tmpdir(), 'ledger-digests-')));
    const source = new ArrayEventSource(events.slice(0, 2));
    await recordDigest(options(record, source));
    appendFileSync(record.recordFile, '{"position":"9","eventC');
    const reader = new DigestRecord(record.dir);
    expect(reader.entries().map((entry) => entry.position)).toEqual(['1']);
    source.events.push(...events.slice(2, 5));
    await recordDigest(options(new DigestRecord(record.dir), source));
    expect(readFileSync(record.recordFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).position)).toEqual(['1', '4']);
    expect(reader.entries().map((entry) => entry.position)).toEqual(['1', '4']);

    appendFileSync(record.recordFile, 'not json\n');
    expect(() => new DigestRecord(record.dir).entries()).toThrow(DigestRecordError);
    source.events.push(...events.slice(5));
    await expect(recordDigest(options(new DigestRecord(record.dir), source))).rejects.toMatchObject({ code: 'RECORD_UNREADABLE', message: expect.stringMatching(`${digestRecordFileName} line 3`) });
  });

  it('fails with a code, and records nothing, when the folder cannot be written, the key cannot be read, a link is broken, the store went back or is another', async () => {
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'ledger-digests-')), 'file');
    writeFileSync(notAFolder, '');
    const source = new ArrayEventSource(events.slice(0, 3));
    await expect(recordDigest(options(new DigestRecord(join(notAFolder, 'digests')), source))).rejects.toMatchObject({ code: 'DIGEST_WRITE_FAILED' });

    const record = new DigestRecord(mkdtempSync(join(tmpdir(), 'ledger-digests-')));
    await expect(recordDigest({ ...options(record, source), signingKey: () => readSigningKey(join(record.dir, 'no-such.key')) })).rejects.toMatchObject({ code: 'SIGNING_KEY_UNREADABLE' });
    const edited = new ArrayEventSource(events.map((event) => (event.position === 1n ? { ...event, data: { amountVnd: '1' } } : event)));
    await expect(recordDigest(options(record, edited))).rejects.toMatchObject({ code: 'CHAIN_BROKEN', message: expect.stringMatching(/position 1/) });
    expect(record.entries()).toEqual([]);

    await recordDigest(options(record, source));
    await expect(recordDigest(options(record, new ArrayEventSource(events.slice(0, 2))))).rejects.toMatchObject({ code: 'STORE_BEHIND_RECORD' });
    // Another store's positions are its own: a record is not continued on a store migrated to.
    await expect(recordDigest({ ...options(record, new ArrayEventSource(events)), store: 'eventstoredb' })).rejects.toMatchObject({ code: 'RECORD_OF_ANOTHER_STORE' });
    expect(record.entries().map((entry) => entry.position)).toEqual(['2']);
  });
});
