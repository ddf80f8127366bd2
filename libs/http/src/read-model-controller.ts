import { applyDecorators, createParamDecorator, Get, Injectable, type ExecutionContext, type Type } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { JurisdictionChecker, readerRoles, Roles, type Role } from '@ledger/identity';
import type { RequestHeaders } from './command-request';
import { minPositionFrom, reflectPosition, type FreshnessParams, type HeaderReply } from './freshness';
import { nextAfterPositionText } from './query-params';
import { ApiReadModelQuery } from './read-model-query-docs';

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

export interface ReadModelRouteOptions {
  /** Who may ask; every reader role unless the answer is for fewer. */
  readonly roles?: readonly Role[];
  /** What the OpenAPI document says beyond the summary. */
  readonly description?: string;
}

/**
 * A route of a read-model query: a GET the reader roles may send, documented with its answer and the
 * `X-Min-Position` header. The path is under the controller's (`''` for the controller's own).
 */
export function ReadModelRoute(path: string, response: Type<unknown>, summary: string, options: ReadModelRouteOptions = {}): MethodDecorator {
  const operation = options.description === undefined ? { summary } : { summary, description: options.description };
  return applyDecorators(Get(path), Roles(...(options.roles ?? readerRoles)), ApiReadModelQuery(response, operation));
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

  /**
   * A page of a query paged by position, as answered: the position it reflects (set in its header
   * too), its items as views under their name, and the cursor of the next page.
   */
  positionPage<Name extends string, Item, View>(snapshot: PositionPageSnapshot<Name, Item>, name: Name, view: (item: Item) => View): PositionPageAnswer<Name, View> {
    const position = this.reflect(snapshot.position);
    const items = (snapshot.value[name] as readonly Item[]).map((item) => view(item));
    return { position, [name]: items, nextAfterPosition: nextAfterPositionText(snapshot.value.nextAfterPosition) } as PositionPageAnswer<Name, View>;
  }
}

/** A query's answer that is a page paged by position: its items under their name, and where the next page starts. */
export interface PositionPageSnapshot<Name extends string, Item> {
  readonly position: bigint;
  readonly value: { readonly nextAfterPosition: bigint | null } & { readonly [key in Name]: readonly Item[] };
}

export type PositionPageAnswer<Name extends string, View> = { position: string; nextAfterPosition: string | null } & { [key in Name]: View[] };

/** The request's `ReadFreshness`: what a read-model query needs of its headers and its reply. */
export const Freshness = createParamDecorator((_data: unknown, context: ExecutionContext): ReadFreshness => {
  const http = context.switchToHttp();
  return new ReadFreshness(http.getRequest<{ readonly headers: RequestHeaders }>().headers, http.getResponse<HeaderReply>());
});
