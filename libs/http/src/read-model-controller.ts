import { createParamDecorator, Injectable, type ExecutionContext } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { JurisdictionChecker } from '@ledger/identity';
import type { RequestHeaders } from './command-request';
import { minPositionFrom, reflectPosition, type FreshnessParams, type HeaderReply } from './freshness';

/**
 * A controller of read-model queries: it checks what the caller asks for against the caller's
 * jurisdiction and asks the query bus. Each controller says only its routes.
 */
@Injectable()
export abstract class ReadModelController {
  constructor(
    protected readonly queries: QueryBus,
    protected readonly jurisdiction: JurisdictionChecker,
  ) {}
}

/**
 * Read your writes over HTTP: the position a query waits for (`minPosition`, or the
 * `X-Min-Position` header) and the position its answer reflects (`X-Projection-Position`).
 */
export class ReadFreshness {
  constructor(
    private readonly headers: RequestHeaders,
    private readonly reply: HeaderReply,
  ) {}

  /** The position the query must wait for, when the client names one. */
  minPosition(params: FreshnessParams): bigint | undefined {
    return minPositionFrom(params, this.headers);
  }

  /** The position the answer reflects: set in its header, and returned as the text of its body. */
  reflect(position: bigint): string {
    return reflectPosition(this.reply, position);
  }
}

/** The request's `ReadFreshness`: what a read-model query needs of its headers and its reply. */
export const Freshness = createParamDecorator((_data: unknown, context: ExecutionContext): ReadFreshness => {
  const http = context.switchToHttp();
  return new ReadFreshness(http.getRequest<{ readonly headers: RequestHeaders }>().headers, http.getResponse<HeaderReply>());
});
