import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@ledger/identity';

/** The dashboard's files: its page, script and styles beside this file, and ECharts from the installed package. */
const assets: Readonly<Record<string, { readonly type: string; readonly path: () => string }>> = {
  'dashboard.js': { type: 'text/javascript; charset=utf-8', path: () => join(__dirname, 'assets', 'dashboard.js') },
  'dashboard.css': { type: 'text/css; charset=utf-8', path: () => join(__dirname, 'assets', 'dashboard.css') },
  'echarts.min.js': { type: 'text/javascript; charset=utf-8', path: () => join(dirname(require.resolve('echarts/package.json')), 'dist', 'echarts.min.js') },
};

interface AssetReply {
  header(name: string, value: string): unknown;
}

/**
 * The steering committees' dashboard at `/dashboard`: a static page that reads the query API
 * with the token its user pastes (the page holds no data, so it is public, as /docs is). Its
 * scripts are files of the app, nothing from a CDN, so the security policy's `script-src 'self'`
 * lets them run and nothing else.
 */
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class DashboardHttpController {
  private readonly page = readFileSync(join(__dirname, 'assets', 'dashboard.html'), 'utf8');
  private readonly files = new Map<string, Buffer>(Object.entries(assets).map(([name, asset]) => [name, readFileSync(asset.path())]));

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  index(): string {
    return this.page;
  }

  @Get(':asset')
  asset(@Param('asset') name: string, @Res({ passthrough: true }) reply: AssetReply): Buffer {
    const file = Object.hasOwn(assets, name) ? this.files.get(name) : undefined;
    if (!file) throw new NotFoundException();
    reply.header('Content-Type', assets[name].type);
    reply.header('Cache-Control', 'public, max-age=3600');
    return file;
  }
}
