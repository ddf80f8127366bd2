import { applyDecorators, type Type } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, type ApiOperationOptions } from '@nestjs/swagger';
import { minPositionApiHeader } from './freshness';

/** The OpenAPI entry of a read-model query: what it answers, the `X-Min-Position` header every such query takes, and the shape of its answer. */
export function ApiReadModelQuery(response: Type<unknown>, operation: ApiOperationOptions): MethodDecorator {
  return applyDecorators(ApiOperation(operation), ApiHeader(minPositionApiHeader), ApiOkResponse({ type: response }));
}
