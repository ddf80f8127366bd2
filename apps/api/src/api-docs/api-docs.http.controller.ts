import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@ledger/identity';
import { getAbsoluteFSPath } from 'swagger-ui-dist';

/** The Swagger UI files the page loads, with their types; nothing else under /docs is served. */
const assets: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/**
 * The page's own start-up script, served as a file: the security policy allows no inline script.
 * It points Swagger UI at the OpenAPI document and keeps the token an operator enters in the
 * Authorize dialog for the page's lifetime only.
 */
const startUpScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: false,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Program ledger — HTTP API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-standalone-preset.js"></script>
<script src="/docs/start-up.js"></script>
</body>
</html>
`;

interface AssetReply {
  header(name: string, value: string): unknown;
}

/**
 * Swagger UI at `/docs`, for people reading and trying the API: public (it holds no data; calls
 * made from it carry the token entered in its Authorize dialog), served from the `swagger-ui-dist`
 * package installed with the app, nothing from elsewhere.
 */
@ApiExcludeController()
@Public()
@Controller('docs')
export class ApiDocsHttpController {
  private readonly files = new Map<string, Buffer>(Object.keys(assets).map((name) => [name, readFileSync(join(getAbsoluteFSPath(), name))]));

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return page;
  }

  @Get('start-up.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  startUp(): string {
    return startUpScript;
  }

  @Get(':asset')
  asset(@Param('asset') name: string, @Res({ passthrough: true }) reply: AssetReply): Buffer {
    const file = Object.hasOwn(assets, name) ? this.files.get(name) : undefined;
    if (!file) throw new NotFoundException();
    reply.header('Content-Type', assets[name]);
    reply.header('Cache-Control', 'public, max-age=3600');
    return file;
  }
}
