import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { localityIdPattern } from '@ledger/domain';
import { accountIdPattern, AmountVndField, CommandEnvelopeDto, isoDatePattern, OptionalField } from '@ledger/http';
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

/** What a hand-over covers and how; the preview takes the same without a command id. */
export class HandOverScopeDto {
  @ApiProperty({ description: 'The territory: an old unit by version id (11, 094) or by code, read the day before effectiveDate', example: '11' })
  @Matches(localityIdPattern, { message: 'localityId is not a locality id (e.g. 11, 094, 03127)' })
  localityId!: string;

  @ApiPropertyOptional({ description: 'Only the units of these levels (all by default), e.g. the districts abolished on 30 June 2025', enum: handOverLevels, isArray: true })
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

export class HandOverPreviewDto extends HandOverScopeDto {
  @ApiProperty({ description: 'The day the hand-over takes effect (YYYY-MM-DD)', example: '2025-07-01' })
  @Matches(isoDatePattern, { message: 'effectiveDate must be a date written YYYY-MM-DD' })
  effectiveDate!: string;

  @ApiPropertyOptional({ description: 'The decision, to see the command ids of the steps', example: '1234/QĐ-UBND' })
  @OptionalField()
  @MinLength(1)
  @MaxLength(100)
  decisionRef?: string;
}

/** `commandId`, `decisionRef` and `effectiveDate` (required here) come from the envelope. */
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
