import { applyDecorators, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/identity';

/** A controller of account commands: under `/v1/accounts`, tagged `commands`, with a bearer token. */
export function AccountCommandsController(): ClassDecorator {
  return applyDecorators(ApiTags('commands'), ApiBearerAuth(), Controller('v1/accounts'));
}

export interface AccountCommandRouteOptions {
  /** The movement may be held for a second person's approval (four-eyes), and answered with 202. */
  readonly mayBeHeldForApproval?: boolean;
}

const heldForApprovalDescription =
  'At or above the approval threshold of the source account’s level: recorded as a request that holds its amount and waits for an approver (`approvalRequest`; `Location` is the request)';

/** A route of an account command: a POST only finance officers send, answering 201 when recorded. */
export function AccountCommandRoute(path: string, summary: string, options: AccountCommandRouteOptions = {}): MethodDecorator {
  return applyDecorators(
    Post(path),
    HttpCode(201),
    Roles('finance-officer'),
    ...(options.mayBeHeldForApproval ? [ApiAcceptedResponse({ description: heldForApprovalDescription })] : []),
    ApiOperation({ summary }),
  );
}
