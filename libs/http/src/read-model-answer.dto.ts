import { ApiProperty } from '@nestjs/swagger';

/** What every read-model answer starts with: the event position it reflects, as its header says too. */
export class ReadModelAnswer {
  @ApiProperty({ description: 'The event position this answer reflects (also in X-Projection-Position)', example: '1234' }) position!: string;
}
