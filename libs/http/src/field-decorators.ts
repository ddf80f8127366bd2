import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { amountTextPattern } from '@ledger/domain';

/**
 * An optional field: absent is allowed, `null` is not. class-validator's `IsOptional` skips the
 * other checks for `null` too, which let `"decisionRef": null` through as if it were a value.
 */
export function OptionalField(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** A whole number written in decimal digits, with an optional minus sign and at most 15 digits (a safe integer). */
const decimalIntegerPattern = /^-?(0|[1-9][0-9]{0,14})$/;

/**
 * Reads a query parameter as a whole number only when it is written in plain decimal digits, so
 * `0x10`, `1e3`, `16.0` or ` 16` stay text and fail the `IsInt` check instead of being read as 16
 * or 1000 by `Number()`.
 */
export function DecimalInteger(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' && decimalIntegerPattern.test(value) ? Number(value) : value));
}

/** The largest event position any store gives out: the signed 64-bit limit. */
export const positionMax = 9_223_372_036_854_775_807n;
const positionTextPattern = /^(0|[1-9][0-9]{0,18})$/;

/** True for a decimal position within the 64-bit range, with no sign, space or leading zero. */
export function isPositionText(value: unknown): value is string {
  return typeof value === 'string' && positionTextPattern.test(value) && BigInt(value) <= positionMax;
}

/** An event position as a decimal string within the 64-bit range. */
export function IsPosition(validationOptions?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isPosition',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be an event position: a whole number from 0 to ${positionMax.toString()}`, ...validationOptions },
      validator: { validate: (value: unknown) => isPositionText(value) },
    });
  };
}

/** An amount field of a command: whole đồng as a decimal string, as the domain writes amounts. */
export function AmountVndField(example: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ description: 'Whole đồng as a decimal string (no sign, no leading zero)', example }),
    IsString({ message: 'amountVnd must be a string of decimal digits, e.g. "2500000000"' }),
    Matches(amountTextPattern, { message: 'amountVnd must be whole đồng written as decimal digits without a leading zero' }),
  );
}
