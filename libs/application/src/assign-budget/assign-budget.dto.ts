import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { CommandEnvelopeDto } from '../http/command-envelope.dto';
import { amountPattern } from '../http/validation';

export class AssignBudgetDto extends CommandEnvelopeDto {
  @ApiProperty({ description: 'Whole đồng as a decimal string', example: '729500000000' })
  @Matches(amountPattern, { message: 'amountVnd must be whole đồng written as a decimal string of digits' })
  amountVnd!: string;
}
