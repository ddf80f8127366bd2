import { decodeEvent, encodeEventData, eventCatalogue, isDomainEventType, UnknownStoredEventError, type DomainEvent, type DomainEventType } from './event-catalogue';

/** int64 max: the largest amount storage holds, far above 2^53. */
const int64MaxVnd = 9_223_372_036_854_775_807n;
const beyondDoublePrecisionVnd = 9_007_199_254_740_993n;

/** One example of every event type; the `Record` type makes the compiler demand a new type's example. */
const examples: Record<DomainEventType, DomainEvent> = {
  BudgetAssigned: { type: 'BudgetAssigned', data: { amountVnd: int64MaxVnd } },
  FundsAllocated: { type: 'FundsAllocated', data: { transferId: 'tr-1', toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: beyondDoublePrecisionVnd } },
  FundsReallocated: {
    type: 'FundsReallocated',
    data: { transferId: 'tr-2', toAccountId: 'DTTS.2024.096.DTPT.NSTW._', amountVnd: 166_000_000_000n, reason: 'NQ 111/2024/QH15' },
  },
  FundsReturned: { type: 'FundsReturned', data: { transferId: 'tr-3', toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: 1n, reason: 'nộp trả' } },
  FundsReceived: {
    type: 'FundsReceived',
    data: { transferId: 'tr-1', fromAccountId: 'DTTS.2024.VN.DTPT.NSTW._', amountVnd: beyondDoublePrecisionVnd, transferKind: 'allocation' },
  },
  FundsHandedOver: { type: 'FundsHandedOver', data: { transferId: 'tr-4', toAccountId: 'DTTS.2024.11@2025.DTPT.NSTW.DA4', amountVnd: 2_000_000_001n, deadline: '2025-12-31' } },
  AccountClosed: { type: 'AccountClosed', data: { closedOn: '2025-07-01' } },
  FundsDisbursed: { type: 'FundsDisbursed', data: { disbursementId: 'd-1', amountVnd: 433_000_000_001n, voucherRef: 'KB-2024-000123', disbursedOn: '2024-06-01' } },
  DisbursementReversed: { type: 'DisbursementReversed', data: { disbursementId: 'd-1', amountVnd: 433_000_000_001n, reason: 'sai tài khoản' } },
  DisbursementDeadlineExtended: { type: 'DisbursementDeadlineExtended', data: { previousDeadline: '2025-01-31', newDeadline: '2025-12-31' } },
  MovementRequested: {
    type: 'MovementRequested',
    data: {
      requestId: 'rq-1',
      movementKind: 'allocation',
      toAccountId: 'DTTS.2024.11.DTPT.NSTW._',
      amountVnd: beyondDoublePrecisionVnd,
      reason: null,
      requestedBy: 'can-bo-tw',
      expiresAt: '2024-06-22T03:00:00.000Z',
      thresholdVnd: 1_000_000_000_000n,
      decisionRef: '1603/QĐ-TTg',
      effectiveDate: null,
    },
  },
  MovementApproved: { type: 'MovementApproved', data: { requestId: 'rq-1', movementKind: 'allocation', amountVnd: beyondDoublePrecisionVnd, approvedBy: 'lanh-dao-tw', transferId: 'rq-1' } },
  MovementRejected: { type: 'MovementRejected', data: { requestId: 'rq-2', movementKind: 'budget-assignment', amountVnd: 5n, rejectedBy: 'lanh-dao-tw', reason: 'sai số liệu' } },
  MovementRequestExpired: { type: 'MovementRequestExpired', data: { requestId: 'rq-3', movementKind: 'return', amountVnd: 7n, expiresAt: '2024-06-22T03:00:00.000Z' } },
  LocalityRegistered: {
    type: 'LocalityRegistered',
    data: { localityId: '03127', code: '03127', name: 'Phường Him Lam', level: 'commune', parentId: '094', validFrom: null, validTo: '2025-06-30' },
  },
  LocalitySucceeded: { type: 'LocalitySucceeded', data: { predecessorId: '03127', successorId: '03127@2025', kind: 'whole', note: 'Nhập toàn bộ' } },
  ProgramRegistered: { type: 'ProgramRegistered', data: { programCode: 'GNBV', name: 'Giảm nghèo bền vững', decisionRef: '90/QĐ-TTg', planYearFrom: 2021, planYearTo: 2025 } },
  ComponentProjectRegistered: { type: 'ComponentProjectRegistered', data: { programCode: 'GNBV', componentCode: 'DA4', name: 'Việc làm bền vững', planYearFrom: null, planYearTo: 2024 } },
  ProgramSucceeded: { type: 'ProgramSucceeded', data: { predecessorCode: 'GNBV', successorCode: 'MTQG' } },
};

/** What a store does to the encoded data: JSON text and back. */
function throughJson(data: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

describe('event catalogue', () => {
  it('lists exactly the event types that have examples here, at version 1 but for the three that changed shape', () => {
    expect(Object.keys(eventCatalogue).sort()).toEqual(Object.keys(examples).sort());
    const versions = Object.fromEntries(Object.entries(eventCatalogue).map(([type, entry]) => [type, entry.schemaVersion]));
    expect(Object.entries(versions).filter(([, version]) => version !== 1)).toEqual([
      ['FundsReceived', 2],
      ['LocalitySucceeded', 2],
      ['ComponentProjectRegistered', 2],
    ]);
  });

  it('round-trips the credit of a hand-over, with the deadline it carries', () => {
    const credit: DomainEvent = { type: 'FundsReceived', data: { transferId: 'tr-4', fromAccountId: 'DTTS.2024.094.DTPT.NSTW.DA4', amountVnd: 5n, transferKind: 'handover', deadline: '2025-12-31' } };
    expect(decodeEvent('FundsReceived', throughJson(encodeEventData(credit)), 2)).toEqual(credit);
  });

  describe('upcasting stored events of an older version', () => {
    it('reads a version 1 credit as a version 2 credit without a deadline', () => {
      const stored = { transferId: 'tr-1', fromAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: '5', transferKind: 'allocation' };
      expect(decodeEvent('FundsReceived', stored, 1)).toEqual({ type: 'FundsReceived', data: { ...stored, amountVnd: 5n } });
    });

    it.each([
      ['Nhập toàn bộ', 'whole'],
      ['Nhập một phần diện tích, toàn bộ dân số', 'part'],
      ['Nhâp một phần diện tích', 'part'],
      ['Giữ nguyên', 'unchanged'],
      ['Đổi tên', 'renamed'],
      ['Đổi loại hình', 'renamed'],
      ['Đổi tên, đổi loại hình từ một phần thị trấn Lai Uyên', 'part'],
      ['Phần còn lại sau khi tách một phần vào xã Canh Vinh', 'part'],
      ['Sắp xếp toàn bộ huyện Côn Đảo thành đặc khu Côn Đảo', 'whole'],
      ['merged', 'part'],
    ])('reads a version 1 succession noted %p as kind %p, keeping the note', (change, kind) => {
      expect(decodeEvent('LocalitySucceeded', { predecessorId: '03127', successorId: '03127@2025', change }, 1)).toEqual({
        type: 'LocalitySucceeded',
        data: { predecessorId: '03127', successorId: '03127@2025', kind, note: change },
      });
    });

    it('reads a version 1 component as running for its program’s whole span', () => {
      expect(decodeEvent('ComponentProjectRegistered', { programCode: 'GNBV', componentCode: 'DA4', name: 'n' }, 1)).toEqual({
        type: 'ComponentProjectRegistered',
        data: { programCode: 'GNBV', componentCode: 'DA4', name: 'n', planYearFrom: null, planYearTo: null },
      });
    });

    it.each([0, 3, 1.5, '1'])('refuses a succession stored as version %p, which this build has no upcaster from', (schemaVersion) => {
      expect(() => decodeEvent('LocalitySucceeded', { predecessorId: 'a', successorId: 'b', change: 'x' }, schemaVersion)).toThrow(UnknownStoredEventError);
    });

    it('does not change the stored data it upcasts', () => {
      const stored = { predecessorId: 'a', successorId: 'b', change: 'Giữ nguyên' };
      decodeEvent('LocalitySucceeded', stored, 1);
      expect(stored).toEqual({ predecessorId: 'a', successorId: 'b', change: 'Giữ nguyên' });
    });
  });

  it.each(Object.values(examples).map((event) => [event.type, event] as const))('round-trips %s through its stored JSON form exactly', (type, event) => {
    const stored = throughJson(encodeEventData(event));
    expect(decodeEvent(type, stored, eventCatalogue[type].schemaVersion)).toEqual(event);
  });

  it('stores amounts as decimal strings, exact above 2^53', () => {
    expect(encodeEventData(examples.BudgetAssigned)).toEqual({ amountVnd: '9223372036854775807' });
    expect(encodeEventData(examples.FundsAllocated)).toEqual({ transferId: 'tr-1', toAccountId: 'DTTS.2024.11.DTPT.NSTW._', amountVnd: '9007199254740993' });
    const decoded = decodeEvent('FundsAllocated', { transferId: 'tr-1', toAccountId: 'x', amountVnd: '9007199254740993' }, 1);
    expect(decoded.data).toMatchObject({ amountVnd: 9_007_199_254_740_993n });
  });

  it('stores both amounts of a movement request as decimal strings', () => {
    expect(encodeEventData(examples.MovementRequested)).toMatchObject({ amountVnd: '9007199254740993', thresholdVnd: '1000000000000', reason: null, effectiveDate: null });
  });

  it('leaves events without amounts as they are', () => {
    expect(encodeEventData(examples.LocalityRegistered)).toEqual(examples.LocalityRegistered.data);
    expect(encodeEventData(examples.ProgramRegistered)).toEqual({ programCode: 'GNBV', name: 'Giảm nghèo bền vững', decisionRef: '90/QĐ-TTg', planYearFrom: 2021, planYearTo: 2025 });
  });

  it('reads an event stored without a schema version as the current version', () => {
    expect(decodeEvent('BudgetAssigned', { amountVnd: '5' }, undefined)).toEqual({ type: 'BudgetAssigned', data: { amountVnd: 5n } });
  });

  it('does not change the stored data it decodes', () => {
    const stored = { amountVnd: '5' };
    decodeEvent('BudgetAssigned', stored, 1);
    expect(stored).toEqual({ amountVnd: '5' });
  });

  it.each(['FundsTransferred', 'budgetAssigned', '', 'toString', '__proto__', 'constructor'])('refuses the unknown event type %p', (type) => {
    expect(isDomainEventType(type)).toBe(false);
    expect(() => decodeEvent(type, { amountVnd: '1' }, 1)).toThrow(UnknownStoredEventError);
  });

  it.each([0, 2, '1', null])('refuses schema version %p, which this build cannot read', (schemaVersion) => {
    expect(() => decodeEvent('BudgetAssigned', { amountVnd: '1' }, schemaVersion)).toThrow(/schema version/);
    expect(() => decodeEvent('BudgetAssigned', { amountVnd: '1' }, schemaVersion)).toThrow(UnknownStoredEventError);
  });

  it.each([
    ['a number', 5],
    ['a missing field', undefined],
    ['an empty string', ''],
    ['padded digits', ' 12'],
    ['a hexadecimal literal', '0x10'],
    ['a fraction', '1.5'],
    ['a negative amount', '-5'],
    ['exponent notation', '1e3'],
    ['a leading zero', '012'],
    ['twenty digits', '12345678901234567890'],
  ])('refuses an amount stored as %s', (_label, amountVnd) => {
    expect(() => decodeEvent('FundsDisbursed', { disbursementId: 'd', amountVnd, voucherRef: 'KB', disbursedOn: '2024-06-01' }, 1)).toThrow(UnknownStoredEventError);
  });
});
