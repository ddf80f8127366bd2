import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandEnvelopeDto, amountPattern } from '@ledger/http';

export class AssignBudgetDto extends CommandEnvelopeDto {
  @ApiProperty({ description: 'Whole đồng as a decimal string', example: '729500000000' })
  @Matches(amountPattern, { message: 'amountVnd must be whole đồng written as a decimal string of digits' })
  amountVnd!: string;
}
