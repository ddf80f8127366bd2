import { Module, type DynamicModule } from '@nestjs/common';
import { DigestRecord } from '@ledger/audit';
import { AUDIT_DIGEST_RECORD, ListDigestsHttpController } from './list-digests/list-digests.http.controller';

/** The recorded digests over HTTP, for auditors; the record's folder is `LEDGER_AUDIT_DIGEST_DIR`. */
@Module({})
export class AuditDigestsHttpModule {
  static forRoot(options: { readonly dir: string }): DynamicModule {
    return {
      module: AuditDigestsHttpModule,
      providers: [{ provide: AUDIT_DIGEST_RECORD, useValue: new DigestRecord(options.dir) }],
      controllers: [ListDigestsHttpController],
    };
  }
}
