import { isPositionText } from './field-decorators';
import { PositionParam } from './query-param-decorators';
import type { RequestHeaders } from './command-request';
import { InputValidationError } from './validation';

export const projectionPositionHeader = 'X-Projection-Position';
export const minPositionHeader = 'x-min-position';
/** The OpenAPI description of the `X-Min-Position` header every read-model query takes. */
export const minPositionApiHeader = { name: 'X-Min-Position', required: false, description: 'Same as the minPosition query parameter' };

/** Query parameters every read-model query accepts. */
export class FreshnessParams {
  @PositionParam({
    description:
      'Read your writes: wait (at most the configured limit, 5 s by default) until the read models reflect this position — the `position` of a command response — then answer. The header `X-Min-Position` does the same.',
    example: '1234',
  })
  minPosition?: string;
}

/** The position a query must wait for, from the query string or the `X-Min-Position` header. */
export function minPositionFrom(params: FreshnessParams, headers: RequestHeaders): bigint | undefined {
  const raw = headers[minPositionHeader];
  const fromHeader = Array.isArray(raw) ? raw[0] : raw;
  if (fromHeader !== undefined && !isPositionText(fromHeader.trim())) {
    throw new InputValidationError([{ field: 'X-Min-Position', messages: ['X-Min-Position must be an event position (a whole number within 64 bits)'] }]);
  }
  const header = fromHeader === undefined ? undefined : BigInt(fromHeader.trim());
  const query = params.minPosition === undefined ? undefined : BigInt(params.minPosition);
  if (header !== undefined && query !== undefined && header !== query) {
    throw new InputValidationError([{ field: 'minPosition', messages: ['minPosition and the X-Min-Position header differ'] }]);
  }
  return query ?? header;
}

export interface HeaderReply {
  header(name: string, value: string): unknown;
}

/** Every query answer says which event position it reflects, in its body and in this header. */
export function reflectPosition(reply: HeaderReply, position: bigint): string {
  const text = position.toString();
  reply.header(projectionPositionHeader, text);
  return text;
}

/** `true`/`false` query flags. */
export function flag(text: string | undefined): boolean | undefined {
  return text === undefined ? undefined : text === 'true';
}
