import { correctedEventIdOf } from './corrections';

describe('what a correction corrects', () => {
  it('names the payment a reversal reverses, by the id of the event that recorded it', () => {
    expect(correctedEventIdOf({ type: 'DisbursementReversed', data: { disbursementId: 'payment-event-id' } })).toBe('payment-event-id');
  });

  it('names nothing for the payment itself or any other movement', () => {
    expect(correctedEventIdOf({ type: 'FundsDisbursed', data: { disbursementId: 'payment-event-id' } })).toBeNull();
    expect(correctedEventIdOf({ type: 'FundsReturned', data: {} })).toBeNull();
  });
});
