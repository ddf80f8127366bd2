import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';
import { DecimalInteger, OptionalField } from './field-decorators';
import { DateParam, FlagParam, PlanYearParam } from './query-param-decorators';

class StackedByHand {
  @OptionalField()
  @DecimalInteger()
  @IsInt()
  @Min(2000)
  @Max(2100)
  planYear?: number;
}

class Composed {
  @PlanYearParam({ description: 'Plan year' }) planYear?: number;
  @FlagParam({ description: 'A flag' }) subtree?: 'true' | 'false';
  @DateParam({ description: 'A day' }) on?: string;
}

class RequiredPlanYear {
  @PlanYearParam({ required: true, description: 'Plan year' }) planYear!: number;
}

function messages<T extends object>(type: new () => T, query: Record<string, unknown>): Record<string, string[]> {
  const errors = validateSync(plainToInstance(type, query));
  return Object.fromEntries(errors.map((error) => [error.property, Object.values(error.constraints ?? {})]));
}

describe('query parameter decorators', () => {
  it('report a field’s messages in the order the same checks stacked by hand do', () => {
    expect(messages(Composed, { planYear: 'abc' }).planYear).toEqual(messages(StackedByHand, { planYear: 'abc' }).planYear);
    expect(messages(Composed, { planYear: 'abc' }).planYear).toEqual(['planYear must not be greater than 2100', 'planYear must not be less than 2000', 'planYear must be an integer number']);
  });

  it('read a decimal plan year and refuse one outside the years kept', () => {
    expect(messages(Composed, { planYear: '2024' })).toEqual({});
    expect(messages(Composed, { planYear: '2101' })).toEqual({ planYear: ['planYear must not be greater than 2100'] });
    expect(messages(Composed, { planYear: '1e3' }).planYear).toContain('planYear must be an integer number');
  });

  it('let an optional parameter be absent, but not empty or null', () => {
    expect(messages(Composed, {})).toEqual({});
    expect(Object.keys(messages(Composed, { subtree: '', on: null }))).toEqual(['subtree', 'on']);
  });

  it('refuse a required parameter that is absent', () => {
    expect(Object.keys(messages(RequiredPlanYear, {}))).toEqual(['planYear']);
  });

  it('name the parameter in the message of a date', () => {
    expect(messages(Composed, { on: '2024-1-1' })).toEqual({ on: ['on must be a date written YYYY-MM-DD'] });
  });
});
