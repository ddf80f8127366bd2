import { parsePeriod, previousPeriod, yearEarlierPeriod } from './report-period';

describe('report periods', () => {
  it('reads a month as of its last day, and the month before and a year earlier', () => {
    const march = parsePeriod('2024-03');
    expect(march).toEqual({ label: '2024-03', kind: 'month', throughMonth: 202403, asOf: '2024-03-31' });
    expect(previousPeriod(march)).toMatchObject({ label: '2024-02', asOf: '2024-02-29' });
    expect(previousPeriod(parsePeriod('2024-01'))).toMatchObject({ label: '2023-12', asOf: '2023-12-31' });
    expect(yearEarlierPeriod(march)).toMatchObject({ label: '2023-03', asOf: '2023-03-31' });
  });

  it('reads a quarter as of its last month’s last day, and the quarter before', () => {
    const first = parsePeriod('2024-Q1');
    expect(first).toEqual({ label: '2024-Q1', kind: 'quarter', throughMonth: 202403, asOf: '2024-03-31' });
    expect(previousPeriod(first)).toMatchObject({ label: '2023-Q4', throughMonth: 202312, asOf: '2023-12-31' });
    expect(yearEarlierPeriod(parsePeriod('2024-Q3'))).toMatchObject({ label: '2023-Q3', asOf: '2023-09-30' });
  });

  it.each(['2024-13', '2024-Q5', '2024-3', '24-03', '2024-00'])('refuses %s', (text) => {
    expect(() => parsePeriod(text)).toThrow();
  });
});
