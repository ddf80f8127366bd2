import { Controller, Get, Inject, Param, Query as QueryParams, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DigestRecord } from '@ledger/audit';
import { NotFoundError } from '@ledger/commands';
import { InputValidationError, isPositionText, pageLimit, type HeaderReply } from '@ledger/http';
import { Roles } from '@ledger/identity';
import { DigestListParams, DigestListResponse, digestPageSizeDefault, toDigestEntryView } from './list-digests.dto';

/** The record of this process's configuration (`LEDGER_AUDIT_DIGEST_DIR`). */
export const AUDIT_DIGEST_RECORD = Symbol('AUDIT_DIGEST_RECORD');

/**
 * The recorded digests, for auditors: the list, and each digest's file exactly as it was written,
 * so that what an auditor downloads is what `audit verify --digest` checks. Answered from the
 * record's folder, which the process that runs the schedule writes. A record that cannot be read
 * (a line that is not an entry, a file gone) is the operator's to repair: a 500, whose log names it.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('v1/audit/digests')
export class ListDigestsHttpController {
  constructor(@Inject(AUDIT_DIGEST_RECORD) private readonly record: DigestRecord) {}

  @Get()
  @ApiOperation({ summary: 'The digests made on the schedule and recorded, in position order: position, events covered, root, times, signing key, file and its sha256; paged by position' })
  @ApiOkResponse({ type: DigestListResponse })
  list(@QueryParams() params: DigestListParams): DigestListResponse {
    const limit = pageLimit(params.limit, digestPageSizeDefault);
    const entries = this.record.list({ afterPosition: params.afterPosition === undefined ? undefined : BigInt(params.afterPosition), limit });
    return { digests: entries.map(toDigestEntryView), nextAfterPosition: entries.length === limit ? entries[entries.length - 1].position : null };
  }

  @Get(':position')
  @ApiOperation({ summary: 'One recorded digest, its signed file byte for byte (for `audit verify --digest FILE`)' })
  @ApiParam({ name: 'position', description: 'The position of the digest, as the list gives it', example: '1330' })
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'The digest file: canonical JSON on one line, signed with Ed25519' })
  @ApiNotFoundResponse({ description: '`DIGEST_NOT_FOUND`: no digest recorded at that position' })
  file(@Param('position') position: string, @Res({ passthrough: true }) reply: HeaderReply): string {
    if (!isPositionText(position)) throw new InputValidationError([{ field: 'position', messages: ['position must be an event position: a whole number'] }]);
    const entry = this.record.find(BigInt(position));
    if (!entry) throw new NotFoundError('DIGEST_NOT_FOUND', `no digest is recorded at position ${position}`, { position });
    reply.header('Content-Type', 'application/json; charset=utf-8');
    reply.header('Content-Disposition', `attachment; filename="${entry.file}"`);
    return this.record.readFile(entry).toString('utf8');
  }
}
