import { ApiProperty } from '@nestjs/swagger';
import { digestListCountMax, type DigestRecordEntry } from '@ledger/audit';
import { PageSizeParam, PositionParam } from '@ledger/http';

export const digestPageSizeDefault = 100;
export const digestPageSizeMax = digestListCountMax;

export class DigestListParams {
  @PositionParam({ description: 'Cursor: only digests after this position (exclusive); take it from `nextAfterPosition`', example: '0' }) afterPosition?: string;
  @PageSizeParam(digestPageSizeMax, digestPageSizeDefault) limit?: number;
}

export class DigestEntryView {
  @ApiProperty({ description: 'The last event the digest covers (its file is `GET /v1/audit/digests/{position}`)', example: '1330' }) position!: string;
  @ApiProperty({ description: 'Events covered: every event up to the position' }) eventCount!: number;
  @ApiProperty({ description: 'The Merkle root, 64 hex digits' }) root!: string;
  @ApiProperty({ description: 'When the digest was made' }) createdAt!: string;
  @ApiProperty({ description: 'The store time of the last event covered', type: String }) lastEventRecordedAt!: string | null;
  @ApiProperty({ description: 'The store whose positions these are: sqlite or eventstoredb' }) store!: string;
  @ApiProperty({ description: 'The signing key, as the first 16 hex digits of the sha256 of its public key' }) keyId!: string;
  @ApiProperty({ description: 'The file in the record folder', example: 'digest-00000000000000001330.json' }) file!: string;
  @ApiProperty({ description: 'The sha256 of the file, as written' }) sha256!: string;
}

export class DigestListResponse {
  @ApiProperty({ type: [DigestEntryView], description: 'Recorded digests in position order' }) digests!: DigestEntryView[];
  @ApiProperty({ nullable: true, type: String, description: 'The cursor of the next page; null on the last' }) nextAfterPosition!: string | null;
}

export function toDigestEntryView(entry: DigestRecordEntry): DigestEntryView {
  const { position, eventCount, root, createdAt, lastEventRecordedAt, store, keyId, file, sha256 } = entry;
  return { position, eventCount, root, createdAt, lastEventRecordedAt, store, keyId, file, sha256 };
}
