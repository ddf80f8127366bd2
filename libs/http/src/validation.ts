import { BadRequestException, Injectable, ValidationPipe, type PipeTransform, type ValidationError } from '@nestjs/common';
import { amountTextPattern } from '@ledger/domain';

/** A calendar date written YYYY-MM-DD, months 01–12 and days 01–31 (the day is checked against the month separately). */
export const isoDatePattern = /^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
/** Whole đồng as a decimal string, as the domain defines it (no leading zero). Bounds are a business rule checked by the domain. */
export const amountPattern = amountTextPattern;
/** An account id as used in URLs: `{program}.{planYear}.{locality}.{capitalType}.{budgetSource}.{component or _}`. */
export const accountIdPattern = /^[A-Z0-9][A-Z0-9_]{0,31}\.[0-9]{4}\.[A-Za-z0-9]{1,12}(@[0-9]{4})?\.(DTPT|SN)\.(NSTW|NSDP|CSXH|KHAC)\.([A-Z0-9][A-Z0-9_]{0,31}|_)$/;

const calendarDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` naming a day of the (proleptic Gregorian) calendar; checked without building a Date, as every command carries dates. */
export function isRealDate(text: string): boolean {
  const match = calendarDatePattern.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leapYear ? 29 : daysInMonth[month - 1]);
}

export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

function flatten(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Thrown for bad input; the exception filter turns it into a 400 with one entry per field. */
export class InputValidationError extends BadRequestException {
  constructor(readonly fieldErrors: readonly FieldError[]) {
    super('the request is not valid');
  }
}

/** Whitelisting validation: unknown fields are refused, not silently dropped. */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InputValidationError(flatten(errors)),
  });
}

/**
 * For endpoints that take no body: an absent or empty body passes; any field is refused, as an
 * unknown field is everywhere else.
 */
@Injectable()
export class NoBodyPipe implements PipeTransform<unknown, undefined> {
  transform(value: unknown): undefined {
    if (value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)) return undefined;
    const fields = typeof value === 'object' && !Array.isArray(value) ? Object.keys(value as object) : [''];
    throw new InputValidationError(fields.map((field) => ({ field, messages: ['this endpoint takes no body'] })));
  }
}
