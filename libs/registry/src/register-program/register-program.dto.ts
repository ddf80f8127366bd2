import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { CommandEnvelopeDto, OptionalField } from '@ledger/http';

const codePattern = /^[A-Z0-9][A-Z0-9_]{0,31}$/;
export const programComponentsMax = 200;
/** Programs one program may name as predecessors. */
export const programPredecessorsMax = 20;

export class ComponentProjectDto {
  @ApiProperty({ example: 'DA1' })
  @Matches(codePattern, { message: 'componentCode must be 1–32 upper-case letters, digits or _' })
  componentCode!: string;

  @ApiProperty({ example: 'Giải quyết tình trạng thiếu đất ở, nhà ở, đất sản xuất, nước sinh hoạt' })
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiPropertyOptional({ description: 'First plan year the component runs, when later than its program’s', example: 2026 })
  @OptionalField()
  @IsInt()
  @Min(2000)
  @Max(2100)
  planYearFrom?: number;

  @ApiPropertyOptional({ description: 'Last plan year the component runs, when earlier than its program’s', example: 2030 })
  @OptionalField()
  @IsInt()
  @Min(2000)
  @Max(2100)
  planYearTo?: number;
}

export class RegisterProgramDto extends CommandEnvelopeDto {
  @ApiProperty({ example: 'DTTS' })
  @Matches(codePattern, { message: 'programCode must be 1–32 upper-case letters, digits or _' })
  programCode!: string;

  @ApiProperty({ example: 'Chương trình MTQG phát triển KT-XH vùng đồng bào DTTS và miền núi' })
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ example: 2021 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  planYearFrom!: number;

  @ApiProperty({ example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  planYearTo!: number;

  @ApiProperty({ type: [ComponentProjectDto] })
  @IsArray()
  @ArrayMaxSize(programComponentsMax)
  @ValidateNested({ each: true })
  @Type(() => ComponentProjectDto)
  components!: ComponentProjectDto[];

  @ApiPropertyOptional({ description: 'Programs this one carries on from; each must end before it starts', example: ['DTTS', 'GNBV', 'NTM'] })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(programPredecessorsMax)
  @Matches(codePattern, { each: true, message: 'each program in succeeds must be an upper-case code such as DTTS' })
  succeeds?: string[];
}
