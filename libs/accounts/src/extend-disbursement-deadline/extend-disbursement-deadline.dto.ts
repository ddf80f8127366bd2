import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, Matches } from 'class-validator';
import { CommandEnvelopeDto, isoDatePattern, OptionalField } from '@ledger/http';

export class ExtendDisbursementDeadlineDto extends CommandEnvelopeDto {
  @ApiProperty({ description: 'The new last day of disbursement, YYYY-MM-DD', example: '2025-12-31' })
  @Matches(isoDatePattern, { message: 'newDeadline must be a date written YYYY-MM-DD' })
  newDeadline!: string;

  @ApiPropertyOptional({
    description: 'The decision is a special resolution of the National Assembly, which may extend beyond 31 December of the year after the plan year',
    default: false,
  })
  @OptionalField()
  @IsBoolean({ message: 'specialResolution must be true or false' })
  specialResolution?: boolean;
}
