import { invariant, InvariantViolation, stopOnInvariantViolation } from './invariant';

describe('invariant', () => {
  it('passes when the condition holds and throws an InvariantViolation naming it when not', () => {
    expect(() => invariant(true, 'never seen')).not.toThrow();
    expect(() => invariant(0, 'positions only grow')).toThrow(new InvariantViolation('positions only grow'));
  });

  it('rethrows a violation outside the promise chain, and hands other errors back', () => {
    const scheduled = jest.spyOn(global, 'setImmediate').mockImplementation((() => undefined) as unknown as typeof setImmediate);
    try {
      const other = new Error('store down');
      expect(stopOnInvariantViolation(other)).toBe(other);
      expect(scheduled).not.toHaveBeenCalled();
      stopOnInvariantViolation(new InvariantViolation('broken'));
      expect(scheduled).toHaveBeenCalledTimes(1);
      const [rethrow] = scheduled.mock.calls[0] as unknown as [() => void];
      expect(rethrow).toThrow('broken');
    } finally {
      scheduled.mockRestore();
    }
  });
});
