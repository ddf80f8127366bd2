import { Roles } from '@ledger/identity';
import { Body, Controller, Get, HttpCode, Param, Post, Query as QueryParams } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { parkedListCountMax, type ParkedEvent } from '@ledger/event-store';
import { InputValidationError, IsPosition, NoBodyPipe, OptionalField } from '@ledger/http';
import { NotFoundError } from '@ledger/commands';
import { toCommandResponse, type CommandResponse } from '@ledger/accounts';
import { TransferProcessManager } from './transfer-process-manager';

const transferIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
export const parkedCreditsPageSizeDefault = 100;

export class ParkedCreditsParams {
  @ApiPropertyOptional({ description: 'Page size (1–1000, default 100)' })
  @OptionalField()
  @Matches(/^[1-9][0-9]{0,3}$/, { message: 'limit must be a whole number from 1 to 1000' })
  limit?: string;

  @ApiPropertyOptional({ description: 'Continue after this debit position (nextAfterPosition of the previous page)' })
  @OptionalField()
  @IsPosition()
  afterPosition?: string;
}

export class ParkedCreditView {
  @ApiProperty() transferId!: string;
  @ApiProperty({ description: 'Global position of the debit' }) debitPosition!: string;
  @ApiProperty({ description: 'CREDIT_REFUSED, CREDIT_COMMAND_ID_TAKEN, DEBIT_UNREADABLE, CREDIT_INVALID or CREDIT_STORE_ERROR' }) code!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() parkedAt!: string;
  @ApiProperty() lastAttemptAt!: string;
}

export class ParkedCreditsResponse {
  @ApiProperty({ type: [ParkedCreditView] }) parkedCredits!: ParkedCreditView[];
  @ApiProperty({ nullable: true, type: String }) nextAfterPosition!: string | null;
}

function toView(parked: ParkedEvent): ParkedCreditView {
  return {
    transferId: parked.key,
    debitPosition: parked.position.toString(),
    code: parked.code,
    reason: parked.reason,
    attempts: parked.attempts,
    parkedAt: parked.parkedAt,
    lastAttemptAt: parked.lastAttemptAt,
  };
}

/** Operators' view of the transfer credits the process manager could not apply, and their retry. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('administrator')
@Controller('v1/admin/transfers')
export class ParkedCreditsHttpController {
  constructor(private readonly processManager: TransferProcessManager) {}

  @Get('parked-credits')
  @ApiOperation({ summary: 'Transfer credits that could not be applied, with the reason, in debit order; every other credit went on' })
  @ApiOkResponse({ type: ParkedCreditsResponse })
  async list(@QueryParams() params: ParkedCreditsParams): Promise<ParkedCreditsResponse> {
    const limit = params.limit === undefined ? parkedCreditsPageSizeDefault : Math.min(Number(params.limit), parkedListCountMax);
    const parked = await this.processManager.listParked({ afterPosition: params.afterPosition === undefined ? -1n : BigInt(params.afterPosition), limit });
    return { parkedCredits: parked.map(toView), nextAfterPosition: parked.length === limit ? parked[parked.length - 1].position.toString() : null };
  }

  @Post('parked-credits/:transferId/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Try a parked credit again: credited, it leaves the list; refused again, it stays with the new reason' })
  async retry(@Param('transferId') transferId: string, @Body(NoBodyPipe) _body: undefined): Promise<{ readonly outcome: 'credited'; readonly credit: CommandResponse } | { readonly outcome: 'still-parked'; readonly parkedCredit: ParkedCreditView }> {
    if (!transferIdPattern.test(transferId)) throw new InputValidationError([{ field: 'transferId', messages: ['transferId is not a transfer id'] }]);
    const retried = await this.processManager.retryParked(transferId);
    if (retried.outcome === 'not-parked') throw new NotFoundError('PARKED_CREDIT_NOT_FOUND', `no parked credit for transfer ${transferId}`, { transferId });
    return retried.outcome === 'credited' ? { outcome: 'credited', credit: toCommandResponse(retried.result) } : { outcome: 'still-parked', parkedCredit: toView(retried.parked) };
  }
}
