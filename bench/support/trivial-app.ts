import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { loadLedgerConfig } from '@ledger/config';
import { hardenHttpEdge, httpServerOptions, ledgerValidationPipe, RateLimitModule } from '@ledger/http';
import { httpEdgeOptionsOf } from '../../apps/api/src/app.factory';
import { benchRateLimitRequests } from './ledger';

/**
 * The HTTP reference: the smallest Nest app that does what the ledger's edge does before any
 * ledger work — Fastify, one POST route, a whitelisting class-validator DTO, a JSON answer. It
 * accepts the same bodies as the ledger's disbursement and allocation routes.
 */
class TrivialCommandDto {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/)
  commandId!: string;

  @Matches(/^[0-9]{1,19}$/)
  amountVnd!: string;

  @IsOptional()
  @MinLength(1)
  @MaxLength(100)
  decisionRef?: string;

  @IsOptional()
  @MaxLength(100)
  toAccountId?: string;

  @IsOptional()
  @MinLength(1)
  @MaxLength(100)
  voucherRef?: string;

  @IsOptional()
  @Matches(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/)
  disbursedOn?: string;
}

@Controller('v1/accounts')
class TrivialController {
  @Post(':accountId/:movement')
  @HttpCode(201)
  record(@Param('accountId') accountId: string, @Param('movement') movement: string, @Body() body: TrivialCommandDto): { commandId: string; accountId: string; movement: string } {
    return { commandId: body.commandId, accountId, movement };
  }
}

@Module({ controllers: [TrivialController] })
class TrivialModule {}

/** The same route behind the ledger's hardened edge: its server options, strict JSON, parameter checks, security headers and rate limit. */
@Module({ imports: [RateLimitModule.forRoot({ requests: Number(benchRateLimitRequests), windowMs: 60_000 })], controllers: [TrivialController] })
class HardenedTrivialModule {}

export interface TrivialAppOptions {
  /** Behind the ledger's hardened edge (as the API is), or on the framework's defaults. */
  readonly hardened: boolean;
}

export async function createTrivialApp(options: TrivialAppOptions = { hardened: false }): Promise<NestFastifyApplication> {
  if (!options.hardened) {
    const app = await NestFactory.create<NestFastifyApplication>(TrivialModule, new FastifyAdapter({ routerOptions: { maxParamLength: 200 } }), { logger: ['error'] });
    app.useGlobalPipes(ledgerValidationPipe());
    await app.init();
    return app;
  }
  // The API's own edge settings, as its configuration sets them by default.
  const edge = httpEdgeOptionsOf(loadLedgerConfig({ LEDGER_DATA_DIR: '.', LEDGER_LOG_LEVEL: 'error' }));
  const app = await NestFactory.create<NestFastifyApplication>(HardenedTrivialModule, new FastifyAdapter(httpServerOptions(edge)), { logger: ['error'], bodyParser: false });
  await hardenHttpEdge(app, edge);
  app.useGlobalPipes(ledgerValidationPipe());
  await app.init();
  return app;
}
