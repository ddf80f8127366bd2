import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, Matches, ValidateNested } from 'class-validator';
import { localityIdPattern } from '@ledger/domain';
import { accountIdPattern, AmountVndField, CommandEnvelopeDto, OptionalField } from '@ledger/http';
import { handOverApportionmentsMax, handOverSharesMax } from './hand-over-plan';

const handOverLevels = ['province', 'district', 'commune'] as const;

export class ApportionmentShareDto {
  @ApiProperty({ description: 'The successor unit (a version id, e.g. 00008@2025)', example: '00008@2025' })
  @Matches(localityIdPattern, { message: 'toLocalityId is not a locality id (e.g. 11@2025, 00008@2025)' })
  toLocalityId!: string;

  @AmountVndField('600000000')
  amountVnd!: string;
}

export class ApportionmentDto {
  @ApiProperty({ description: 'The account of the ended unit whose balance is split', example: 'DTTS.2024.00007.DTPT.NSTW._' })
  @Matches(accountIdPattern, { message: 'accountId must be {program}.{planYear}.{locality}.{DTPT|SN}.{NSTW|NSDP|CSXH|KHAC}.{component or _}' })
  accountId!: string;

  @ApiProperty({ description: `Its balance's shares, one per successor, adding up to the balance to the đồng (1–${handOverSharesMax})`, type: [ApportionmentShareDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(handOverSharesMax)
  @ValidateNested({ each: true })
  @Type(() => ApportionmentShareDto)
  shares!: ApportionmentShareDto[];
}

/**
 * A hand-over, and its preview: the same body, so a plan previewed is the plan executed.
 * `commandId`, `decisionRef` and `effectiveDate` come from the envelope; the date is required
 * for both, the decision and the command id for the execution (the preview ignores the id).
 */
export class HandOverDto extends CommandEnvelopeDto {
  @ApiProperty({ description: 'The territory: an old unit by version id (11, 094) or by code, read the day before effectiveDate', example: '11' })
  @Matches(localityIdPattern, { message: 'localityId is not a locality id (e.g. 11, 094, 03127)' })
  localityId!: string;

  @ApiPropertyOptional({ description: 'Only the units of these levels (all by default)', enum: handOverLevels, isArray: true })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(handOverLevels.length)
  @IsIn(handOverLevels, { each: true })
  levels?: (typeof handOverLevels)[number][];

  @ApiPropertyOptional({ description: `Apportionments for accounts of units split or merged in part (at most ${handOverApportionmentsMax})`, type: [ApportionmentDto] })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(handOverApportionmentsMax)
  @ValidateNested({ each: true })
  @Type(() => ApportionmentDto)
  apportionments?: ApportionmentDto[];
}
