import { canonicalEventJson, canonicalJson, sameEventContent, StreamContentHash } from './canonical-json';
import { ExportFileError, parseLine } from './json-lines-format';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: 'ý' }], c: true } })).toBe('{"a":{"c":true,"d":[3,{"y":"ý","z":null}]},"b":1}');
  });

  it('makes key order irrelevant and everything else relevant', () => {
    const event = { id: 'e-1', type: 'VonDuocPhanBo', data: { amountVnd: '1000', locality: 'Điện Biên' }, metadata: { commandId: 'c-1' } };
    expect(sameEventContent(event, { ...event, data: { locality: 'Điện Biên', amountVnd: '1000' } })).toBe(true);
    expect(sameEventContent(event, { ...event, data: { amountVnd: '1001', locality: 'Điện Biên' } })).toBe(false);
    expect(sameEventContent(event, { ...event, type: 'VonDuocThuHoi' })).toBe(false);
    expect(canonicalEventJson(event)).toBe(
      '{"data":{"amountVnd":"1000","locality":"Điện Biên"},"id":"e-1","metadata":{"commandId":"c-1"},"type":"VonDuocPhanBo"}',
    );
  });

  it('hashes a stream in order: the same events in another order are another stream', () => {
    const first = { id: 'e-1', type: 'A', data: {}, metadata: {} };
    const second = { id: 'e-2', type: 'A', data: {}, metadata: {} };
    const inOrder = new StreamContentHash();
    inOrder.add(first);
    inOrder.add(second);
    const reversed = new StreamContentHash();
    reversed.add(second);
    reversed.add(first);
    expect(inOrder.digestHex()).not.toBe(reversed.digestHex());
    expect(inOrder.eventCount).toBe(2);
  });
});

describe('parseLine', () => {
  it.each([
    ['not json', /line 7 is not JSON/],
    ['{"kind":"event","position":"1","streamId":"a","revision":"-1","id":"e","type":"T","data":{},"metadata":{},"recordedAt":"2025-01-01T00:00:00Z"}', /revision is not a decimal string/],
    ['{"kind":"event","position":"1","streamId":"a","revision":"0","id":"e","type":"T","data":[],"metadata":{},"recordedAt":"2025-01-01T00:00:00Z"}', /data is not a JSON object/],
    ['{"kind":"header","format":"program-ledger.events","formatVersion":2,"headPosition":"-1"}', /format version 2/],
    ['{"kind":"command","commandId":"c","requestHash":"h","streamId":"a","eventIds":["e"],"firstRevision":"0","nextRevision":"1"}', /do not span its events/],
    ['{"kind":"snapshot"}', /unknown kind "snapshot"/],
  ])('refuses %s, saying where', (text, message) => {
    expect(() => parseLine(text, 7)).toThrow(ExportFileError);
    expect(() => parseLine(text, 7)).toThrow(message);
  });

  it('reads an event line as written', () => {
    const text = '{"kind":"event","position":"42","streamId":"account-1","revision":"0","id":"e","type":"T","data":{"z":1,"a":2},"metadata":{},"recordedAt":"2025-01-01T00:00:00.000Z"}';
    const line = parseLine(text, 2);
    expect(line.kind === 'event' && Object.keys(line.data)).toEqual(['z', 'a']);
  });
});
