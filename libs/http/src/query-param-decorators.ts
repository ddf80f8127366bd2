import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { budgetSources, capitalTypes, codePattern, localityIdPattern, planYearMax, planYearMin } from '@ledger/domain';
import { DecimalInteger, IsPosition, OptionalField } from './field-decorators';
import { accountIdPattern, isoDatePattern } from './validation';

/*
 * The query parameters many read endpoints take, each with its check and its message in one place:
 * an endpoint names the parameter and says what it means there. A parameter is optional unless its
 * OpenAPI options say `required: true`; an optional one may be absent, but not null.
 *
 * A parameter's decorators are given top to bottom, as they would be stacked on the property, and
 * applied bottom-up, as stacked ones are: class-validator reports a field's messages in the order
 * its checks were applied, so a 400 lists them in the same order whichever way a parameter is
 * declared.
 */

export const localityIdMessage = 'localityId is not a locality id (e.g. 11, 094, 03127, 11@2025)';

/** The values of a yes-or-no query parameter, which stays text in the query string. */
export const flagTexts = ['true', 'false'] as const;
export type FlagText = (typeof flagTexts)[number];

/** A query parameter with its OpenAPI options and its checks, top to bottom as they would be stacked. */
export function QueryParam(openApi: ApiPropertyOptions, ...checks: PropertyDecorator[]): PropertyDecorator {
  const stacked = openApi.required === true ? [ApiProperty(openApi), ...checks] : [ApiPropertyOptional(openApi), OptionalField(), ...checks];
  return applyDecorators(...stacked.reverse());
}

/** One of a fixed list of texts; the list is the parameter's enum in the OpenAPI document. */
export function OneOfParam(values: readonly string[], openApi: ApiPropertyOptions = {}): PropertyDecorator {
  return QueryParam({ ...openApi, enum: [...values] }, IsIn(values));
}

/** `true` or `false`. */
export function FlagParam(openApi: ApiPropertyOptions): PropertyDecorator {
  return OneOfParam(flagTexts, openApi);
}

export function PlanYearParam(openApi: ApiPropertyOptions): PropertyDecorator {
  return QueryParam(openApi, DecimalInteger(), IsInt(), Min(planYearMin), Max(planYearMax));
}

/** At most `limitMax` items, at least one. */
export function LimitParam(limitMax: number, openApi: ApiPropertyOptions): PropertyDecorator {
  return QueryParam(openApi, DecimalInteger(), IsInt(), Min(1), Max(limitMax));
}

/** The size of a page of a paged list. */
export function PageSizeParam(pageSizeMax: number, pageSizeDefault: number): PropertyDecorator {
  return LimitParam(pageSizeMax, { description: `Page size, at most ${pageSizeMax}`, example: pageSizeDefault });
}

/** A program code; without a description, the parameter's name says it. */
export function ProgramCodeParam(description?: string): PropertyDecorator {
  return QueryParam({ ...(description === undefined ? {} : { description }), example: 'DTTS' }, Matches(codePattern, { message: 'programCode must be an upper-case code such as DTTS' }));
}

export function CapitalTypeParam(openApi: ApiPropertyOptions = {}): PropertyDecorator {
  return OneOfParam(capitalTypes, openApi);
}

export function BudgetSourceParam(openApi: ApiPropertyOptions = {}): PropertyDecorator {
  return OneOfParam(budgetSources, openApi);
}

/** A locality id, a version id included (`11@2025`); the message names `localityId` whatever the parameter. */
export function LocalityIdParam(openApi: ApiPropertyOptions): PropertyDecorator {
  return QueryParam(openApi, Matches(localityIdPattern, { message: localityIdMessage }));
}

export function AccountIdParam(openApi: ApiPropertyOptions): PropertyDecorator {
  return QueryParam(openApi, Matches(accountIdPattern, { message: 'accountId must be an account id such as DTTS.2024.11.DTPT.NSTW._' }));
}

/** A date written YYYY-MM-DD; whether it is a day of the calendar is the endpoint's check. */
export function DateParam(openApi: ApiPropertyOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    QueryParam(openApi, Matches(isoDatePattern, { message: `${String(propertyName)} must be a date written YYYY-MM-DD` }))(target, propertyName);
  };
}

/** An event position within the 64-bit range. */
export function PositionParam(openApi: ApiPropertyOptions): PropertyDecorator {
  return QueryParam(openApi, IsPosition());
}
